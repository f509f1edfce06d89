package dev.jury.consensus.agreement;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.aggregation.Aggregation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How often each contributor agrees with the consensus: the crowd's answer, as an {@link
 * Aggregation} found it.
 *
 * <p>Two measures per contributor {@code w} with answers {@code (t, y_wt)}:
 *
 * <pre>
 *   hard   = #{t counted : y_wt = argmax_k P(t = k)} / #{t counted}
 *   soft   = sum_t P(t = y_wt)   (over all of w's answers; {@link WorkerAgreement#expectedAgreed()})
 * </pre>
 *
 * <p>Only items whose consensus is confident count towards {@code hard}: those whose highest
 * posterior is at least {@code minConfidence}. A contested item says little about who was right,
 * and counting it would punish contributors for the crowd's own uncertainty. {@code soft} needs no
 * threshold, since the posterior already discounts uncertain items: it is the expected number of
 * answers that match the (unknown) true class, if the posterior is calibrated.
 *
 * <p>Items tied between classes never count towards {@code hard}, whatever the threshold: the tie
 * break of {@link Aggregation#labelIndex(int)} follows class names, and agreement with it would
 * change if a class were renamed.
 *
 * <p>Caveat: the consensus includes the contributor's own answer, which biases both measures
 * upwards, most on items with few answers. A leave-one-out estimate would need one aggregation per
 * contributor; this class takes the aggregation as given.
 *
 * <pre>{@code
 * Aggregation consensus = new MajorityVote().fit(answers);
 * ConsensusAgreement.Result r = new ConsensusAgreement(0.7).compute(answers, consensus);
 * r.worker("alice").flatMap(a -> ...);
 * }</pre>
 */
public final class ConsensusAgreement {
    private final double minConfidence;

    /** Counts every item, however uncertain its consensus. */
    public ConsensusAgreement() {
        this(0.0);
    }

    /**
     * @param minConfidence the lowest top posterior for an item to count towards the hard agreement
     *     rate, in {@code [0, 1]}
     * @throws IllegalArgumentException if {@code minConfidence} is outside {@code [0, 1]}
     */
    public ConsensusAgreement(double minConfidence) {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be in [0, 1]: " + minConfidence);
        }
        this.minConfidence = minConfidence;
    }

    /**
     * One contributor's agreement with the consensus.
     *
     * @param worker the contributor's name, never null
     * @param answered the contributor's answers to items the consensus covers
     * @param counted those on items with a confident consensus
     * @param agreed counted answers equal to the consensus class
     * @param expectedAgreed sum of the consensus posterior of the class chosen, over all {@code
     *     answered} items
     */
    public record WorkerAgreement(
            String worker, int answered, int counted, int agreed, double expectedAgreed) {

        /** {@code agreed / counted}; empty if no answer was counted. */
        public OptionalDouble agreementRate() {
            return counted == 0
                    ? OptionalDouble.empty()
                    : OptionalDouble.of((double) agreed / counted);
        }

        /** {@code expectedAgreed / answered}; empty if the contributor answered nothing covered. */
        public OptionalDouble expectedAgreementRate() {
            return answered == 0
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(expectedAgreed / answered);
        }
    }

    /**
     * Agreement of every contributor.
     *
     * @param workers one entry per contributor of the answer table, in its contributor order
     * @param minConfidence the threshold used
     */
    public record Result(List<WorkerAgreement> workers, double minConfidence) {
        /** Copies {@code workers}. */
        public Result {
            workers = List.copyOf(workers);
        }

        /** The named contributor's agreement, if they are in the table. */
        public Optional<WorkerAgreement> worker(String name) {
            return workers.stream().filter(w -> w.worker().equals(name)).findFirst();
        }
    }

    /** Agreement of the aggregated answers with their own consensus. */
    public Result compute(Aggregation consensus) {
        return compute(consensus.answers(), consensus);
    }

    /**
     * Agreement of {@code answers} with {@code consensus}. The two are matched by item and class
     * name, so {@code answers} may be another table than the one aggregated (e.g. a later batch);
     * answers to items the consensus does not cover are skipped, and an answer with a class the
     * consensus never saw disagrees with posterior 0.
     *
     * @return one entry per contributor in {@code answers}, never null
     */
    public Result compute(AnswerTable answers, Aggregation consensus) {
        AnswerTable aggregated = consensus.answers();
        int[] taskMap = new int[answers.taskCount()];
        for (int t = 0; t < taskMap.length; t++) {
            taskMap[t] = aggregated.taskIndex(answers.taskName(t));
        }
        int[] labelMap = new int[answers.labelCount()];
        for (int k = 0; k < labelMap.length; k++) {
            labelMap[k] = aggregated.labelIndex(answers.labelName(k));
        }
        // One posterior read per consensus item, not per answer.
        double[][] posterior = new double[aggregated.taskCount()][];
        // -1 marks an item that does not count: unconfident, or tied between classes.
        int[] top = new int[aggregated.taskCount()];
        for (int t = 0; t < posterior.length; t++) {
            posterior[t] = consensus.posterior(t);
            int best = consensus.labelIndex(t);
            boolean tied = consensus.topClasses(t).size() > 1;
            top[t] = tied || posterior[t][best] < minConfidence ? -1 : best;
        }
        int workers = answers.workerCount();
        int[] answered = new int[workers];
        int[] counted = new int[workers];
        int[] agreed = new int[workers];
        double[] expected = new double[workers];
        for (int i = 0; i < answers.size(); i++) {
            int t = taskMap[answers.task(i)];
            if (t < 0) {
                continue;
            }
            int w = answers.worker(i);
            int k = labelMap[answers.label(i)];
            answered[w]++;
            expected[w] += k < 0 ? 0 : posterior[t][k];
            if (top[t] >= 0) {
                counted[w]++;
                if (k == top[t]) {
                    agreed[w]++;
                }
            }
        }
        List<WorkerAgreement> result = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            result.add(
                    new WorkerAgreement(
                            answers.workerName(w),
                            answered[w],
                            counted[w],
                            agreed[w],
                            expected[w]));
        }
        return new Result(result, minConfidence);
    }
}
