package dev.jury.consensus.agreement;

import dev.jury.consensus.AnswerTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Cohen's kappa between two contributors over the items both answered, and its mean over every pair
 * of contributors that shares enough items.
 *
 * <p>Cohen, J. (1960). A coefficient of agreement for nominal scales. <i>Educational and
 * Psychological Measurement</i> 20(1), 37–46. doi:10.1177/001316446002000104
 *
 * <p>Over the {@code s} items both contributors answered, with {@code a_k} and {@code b_k} the
 * shares of those items each put in class {@code k}:
 *
 * <pre>
 *   p_o   = (items where both chose the same class) / s
 *   p_e   = sum_k a_k b_k
 *   kappa = (p_o - p_e) / (1 - p_e)
 * </pre>
 *
 * <p>The marginals are taken over the shared items only, not over everything each contributor
 * answered, so that {@code p_e} is the chance agreement on the very items compared. Kappa is
 * undefined when {@code p_e = 1} (both contributors used one and the same class throughout) and
 * when they share no item; the result is then empty.
 *
 * <p>The mean pairwise kappa (Light's kappa when every pair shares every item) summarises a project
 * whose overlap is sparse: each contributor pair is one observation, weighted equally. Pairs with
 * few shared items give very noisy kappas, hence the {@code minSharedItems} cut-off.
 *
 * <pre>{@code
 * CohenKappa cohen = new CohenKappa();
 * OptionalDouble k = cohen.pair(answers, "alice", "bob").kappa();
 * CohenKappa.Summary s = cohen.meanPairwise(answers, 10);
 * }</pre>
 */
public final class CohenKappa {

    /**
     * Agreement of one contributor pair.
     *
     * @param workerA first contributor's name, never null
     * @param workerB second contributor's name, never null
     * @param sharedItems items both answered
     * @param observedAgreement {@code p_o}; NaN if no item is shared
     * @param expectedAgreement {@code p_e}; NaN if no item is shared
     * @param kappa Cohen's kappa, empty when undefined
     */
    public record Pair(
            String workerA,
            String workerB,
            int sharedItems,
            double observedAgreement,
            double expectedAgreement,
            OptionalDouble kappa) {}

    /**
     * Mean pairwise kappa.
     *
     * @param meanKappa mean over {@code pairs} with a defined kappa; empty if there is none
     * @param pairs every pair with at least {@code minSharedItems} shared items, including those
     *     whose kappa is undefined; ordered by contributor index; never null
     * @param minSharedItems the cut-off used
     */
    public record Summary(OptionalDouble meanKappa, List<Pair> pairs, int minSharedItems) {
        /** Copies {@code pairs}. */
        public Summary {
            pairs = List.copyOf(pairs);
        }

        /** Pairs whose kappa is defined, the ones averaged. */
        public long definedPairs() {
            return pairs.stream().filter(p -> p.kappa().isPresent()).count();
        }
    }

    /**
     * Kappa between two named contributors.
     *
     * @throws IllegalArgumentException if either name has no answers in {@code answers}
     */
    public Pair pair(AnswerTable answers, String workerA, String workerB) {
        int a = answers.workerIndex(workerA);
        int b = answers.workerIndex(workerB);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException(
                    "unknown contributor: " + (a < 0 ? workerA : workerB));
        }
        int[] labelsA = labelsOf(answers, a);
        int[] labelsB = labelsOf(answers, b);
        PairStats stats = new PairStats(answers.labelCount());
        for (int t = 0; t < labelsA.length; t++) {
            if (labelsA[t] >= 0 && labelsB[t] >= 0) {
                stats.add(labelsA[t], labelsB[t]);
            }
        }
        return stats.toPair(workerA, workerB);
    }

    /**
     * Cohen's kappa for every contributor pair sharing at least {@code minSharedItems} items, and
     * its mean over the pairs where it is defined.
     *
     * <p>Cost is the number of answer pairs on the same item, {@code sum_t m_t^2}, times the number
     * of classes for each pair found; fine for crowd overlaps, quadratic in the overlap.
     *
     * @param minSharedItems at least 1
     * @throws IllegalArgumentException if {@code minSharedItems < 1}
     */
    public Summary meanPairwise(AnswerTable answers, int minSharedItems) {
        if (minSharedItems < 1) {
            throw new IllegalArgumentException("minSharedItems must be >= 1: " + minSharedItems);
        }
        int classes = answers.labelCount();
        List<List<int[]>> byItem = new ArrayList<>(answers.taskCount());
        for (int t = 0; t < answers.taskCount(); t++) {
            byItem.add(new ArrayList<>());
        }
        for (int i = 0; i < answers.size(); i++) {
            byItem.get(answers.task(i)).add(new int[] {answers.worker(i), answers.label(i)});
        }
        // Key: (lower worker index, higher worker index); the pair's stats are oriented that way.
        Map<Long, PairStats> stats = new HashMap<>();
        for (List<int[]> item : byItem) {
            for (int x = 0; x < item.size(); x++) {
                for (int y = x + 1; y < item.size(); y++) {
                    int[] first = item.get(x);
                    int[] second = item.get(y);
                    if (first[0] > second[0]) {
                        int[] swap = first;
                        first = second;
                        second = swap;
                    }
                    long key = ((long) first[0] << 32) | second[0];
                    stats.computeIfAbsent(key, k -> new PairStats(classes))
                            .add(first[1], second[1]);
                }
            }
        }
        List<Long> keys = new ArrayList<>(stats.keySet());
        keys.sort(null);
        List<Pair> pairs = new ArrayList<>();
        double sum = 0;
        int defined = 0;
        for (long key : keys) {
            PairStats pairStats = stats.get(key);
            if (pairStats.shared < minSharedItems) {
                continue;
            }
            Pair pair =
                    pairStats.toPair(
                            answers.workerName((int) (key >>> 32)), answers.workerName((int) key));
            pairs.add(pair);
            if (pair.kappa().isPresent()) {
                sum += pair.kappa().getAsDouble();
                defined++;
            }
        }
        OptionalDouble mean =
                defined == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / defined);
        return new Summary(mean, pairs, minSharedItems);
    }

    /** Class index per item for one contributor, -1 where they gave no answer. */
    private static int[] labelsOf(AnswerTable answers, int worker) {
        int[] labels = new int[answers.taskCount()];
        Arrays.fill(labels, -1);
        for (int i = 0; i < answers.size(); i++) {
            if (answers.worker(i) == worker) {
                labels[answers.task(i)] = answers.label(i);
            }
        }
        return labels;
    }

    /** Shared items, agreements and both marginals of one pair: all that kappa needs. */
    private static final class PairStats {
        private final int[] countsA;
        private final int[] countsB;
        private int shared;
        private int agreed;

        PairStats(int classes) {
            countsA = new int[classes];
            countsB = new int[classes];
        }

        void add(int labelA, int labelB) {
            shared++;
            if (labelA == labelB) {
                agreed++;
            }
            countsA[labelA]++;
            countsB[labelB]++;
        }

        Pair toPair(String workerA, String workerB) {
            if (shared == 0) {
                return new Pair(
                        workerA, workerB, 0, Double.NaN, Double.NaN, OptionalDouble.empty());
            }
            double observed = (double) agreed / shared;
            double expected = 0;
            for (int k = 0; k < countsA.length; k++) {
                expected += ((double) countsA[k] / shared) * ((double) countsB[k] / shared);
            }
            return new Pair(
                    workerA,
                    workerB,
                    shared,
                    observed,
                    expected,
                    FleissKappa.kappa(observed, expected));
        }
    }
}
