package dev.jury.consensus.agreement;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Incremental {@link FleissKappa} and {@link KrippendorffAlpha} over a changing set of items, for
 * streaming jobs that keep project agreement up to date as answers arrive and windows slide.
 *
 * <p>Each item enters as its label-count vector ({@code counts[k]} = answers of class {@code k}).
 * When an item receives another answer, {@link #replace(int[], int[])} swaps its old vector for the
 * new one; when it leaves a window, {@link #remove(int[])} takes it out. Items with fewer than two
 * answers do not contribute to either statistic, so adding or removing them is a no-op.
 *
 * <p>Both statistics depend on the items only through sums, grouped by the item's number of answers
 * {@code m}: the number of items, their agreeing ordered answer pairs {@code sum_k n_k (n_k - 1)},
 * and their answers per class. These sums are kept as exact integers, one group per {@code m}, so
 * any sequence of additions and removals leaves exactly the state a fresh accumulator would reach:
 * a long-running window does not drift. An update costs {@code O(classes)}; reading a statistic
 * costs {@code O(classes x distinct m)}, and {@code m} is the overlap (typically 3 to 10).
 *
 * <p>Class indices need not be declared up front: vectors may have any length and shorter vectors
 * mean zero answers for the missing classes; a class nobody used changes neither statistic.
 *
 * <p>Mutable and not thread-safe, like any accumulator; {@link #copy()} gives an independent one
 * and {@link #merge(AgreementAccumulator)} combines two (e.g. in a Flink {@code
 * AggregateFunction}).
 *
 * <pre>{@code
 * AgreementAccumulator acc = new AgreementAccumulator();
 * acc.add(new int[] {3, 0, 1});                          // item seen with 4 answers
 * acc.replace(new int[] {3, 0, 1}, new int[] {3, 1, 1}); // the same item gets a fifth
 * OptionalDouble alpha = acc.krippendorffAlpha().alpha();
 * }</pre>
 */
public final class AgreementAccumulator {
    // Indexed by m, the number of answers an item has; entries 0 and 1 stay unused.
    private long[] items = new long[0];
    private long[] agreeingPairs = new long[0];
    private long[][] classTotals = new long[0][];

    /** An accumulator with no items. */
    public AgreementAccumulator() {}

    /**
     * Adds an item.
     *
     * @param counts answers per class of the item; entries must be non-negative
     * @throws IllegalArgumentException if an entry is negative
     */
    public void add(int[] counts) {
        int m = checkedTotal(counts);
        if (m < 2) {
            return;
        }
        ensureGroup(m, counts.length);
        items[m]++;
        agreeingPairs[m] += LabelCounts.agreeingPairs(counts);
        for (int k = 0; k < counts.length; k++) {
            classTotals[m][k] += counts[k];
        }
    }

    /**
     * Removes an item that was added with exactly these counts.
     *
     * @throws IllegalArgumentException if an entry is negative
     * @throws IllegalStateException if no such item can have been added; the state is then
     *     unchanged
     */
    public void remove(int[] counts) {
        int m = checkedTotal(counts);
        if (m < 2) {
            return;
        }
        long pairs = LabelCounts.agreeingPairs(counts);
        boolean present = m < items.length && items[m] > 0 && agreeingPairs[m] >= pairs;
        for (int k = 0; present && k < counts.length; k++) {
            present =
                    counts[k] == 0 || (k < classTotals[m].length && classTotals[m][k] >= counts[k]);
        }
        if (!present) {
            throw new IllegalStateException(
                    "no item with counts " + Arrays.toString(counts) + " was added");
        }
        items[m]--;
        agreeingPairs[m] -= pairs;
        for (int k = 0; k < counts.length; k++) {
            classTotals[m][k] -= counts[k];
        }
    }

    /**
     * Replaces an item's counts, e.g. after it received another answer; {@code remove(before)} then
     * {@code add(after)}.
     */
    public void replace(int[] before, int[] after) {
        checkedTotal(after);
        remove(before);
        add(after);
    }

    /** Adds every item of {@code other} to this accumulator; {@code other} is not changed. */
    public void merge(AgreementAccumulator other) {
        for (int m = 2; m < other.items.length; m++) {
            if (other.items[m] == 0) {
                continue;
            }
            ensureGroup(m, other.classTotals[m].length);
            items[m] += other.items[m];
            agreeingPairs[m] += other.agreeingPairs[m];
            for (int k = 0; k < other.classTotals[m].length; k++) {
                classTotals[m][k] += other.classTotals[m][k];
            }
        }
    }

    /** An independent accumulator in the same state. */
    public AgreementAccumulator copy() {
        AgreementAccumulator copy = new AgreementAccumulator();
        copy.merge(this);
        return copy;
    }

    /** Items with at least two answers currently held. */
    public long pairableItems() {
        long total = 0;
        for (long n : items) {
            total += n;
        }
        return total;
    }

    /** Answers to those items. */
    public long pairableValues() {
        long total = 0;
        for (int m = 2; m < items.length; m++) {
            total += m * items[m];
        }
        return total;
    }

    /**
     * Krippendorff's nominal alpha of the items held; equal to the batch {@link KrippendorffAlpha}.
     */
    public KrippendorffAlpha.Result krippendorffAlpha() {
        long pairable = pairableItems();
        if (pairable == 0) {
            return new KrippendorffAlpha.Result(
                    OptionalDouble.empty(), Double.NaN, Double.NaN, 0, 0);
        }
        long n = pairableValues();
        // Disagreeing ordered pairs of an item are m(m-1) minus the agreeing ones; each pair weighs
        // 1/(m-1) in the coincidence matrix.
        double offDiagonal = 0;
        for (int m = 2; m < items.length; m++) {
            if (items[m] > 0) {
                long disagreeing = (long) m * (m - 1) * items[m] - agreeingPairs[m];
                offDiagonal += (double) disagreeing / (m - 1);
            }
        }
        // sum_{c != k} n_c n_k = n^2 - sum_c n_c^2, exact in long for any realistic volume.
        long sumSquares = 0;
        for (long nc : classMarginals()) {
            sumSquares += nc * nc;
        }
        double observed = offDiagonal / n;
        double expected = (double) (n * n - sumSquares) / ((double) n * (n - 1));
        return new KrippendorffAlpha.Result(
                KrippendorffAlpha.alpha(observed, expected),
                observed,
                expected,
                Math.toIntExact(pairable),
                n);
    }

    /** Generalised Fleiss' kappa of the items held; equal to the batch {@link FleissKappa}. */
    public FleissKappa.Result fleissKappa() {
        long pairable = pairableItems();
        if (pairable == 0) {
            return new FleissKappa.Result(OptionalDouble.empty(), Double.NaN, Double.NaN, 0);
        }
        double observed = 0;
        double[] classShare = new double[maxClasses()];
        for (int m = 2; m < items.length; m++) {
            if (items[m] == 0) {
                continue;
            }
            observed += (double) agreeingPairs[m] / ((double) m * (m - 1));
            for (int k = 0; k < classTotals[m].length; k++) {
                classShare[k] += (double) classTotals[m][k] / m;
            }
        }
        observed /= pairable;
        double expected = 0;
        for (double share : classShare) {
            double p = share / pairable;
            expected += p * p;
        }
        return new FleissKappa.Result(
                FleissKappa.kappa(observed, expected),
                observed,
                expected,
                Math.toIntExact(pairable));
    }

    private long[] classMarginals() {
        long[] marginals = new long[maxClasses()];
        for (int m = 2; m < items.length; m++) {
            if (classTotals[m] == null) {
                continue; // no item of this size ever seen
            }
            for (int k = 0; k < classTotals[m].length; k++) {
                marginals[k] += classTotals[m][k];
            }
        }
        return marginals;
    }

    private int maxClasses() {
        int classes = 0;
        for (long[] totals : classTotals) {
            if (totals != null) {
                classes = Math.max(classes, totals.length);
            }
        }
        return classes;
    }

    private void ensureGroup(int m, int classes) {
        if (m >= items.length) {
            int size = Math.max(m + 1, items.length * 2);
            items = Arrays.copyOf(items, size);
            agreeingPairs = Arrays.copyOf(agreeingPairs, size);
            classTotals = Arrays.copyOf(classTotals, size);
        }
        if (classTotals[m] == null) {
            classTotals[m] = new long[classes];
        } else if (classTotals[m].length < classes) {
            classTotals[m] = Arrays.copyOf(classTotals[m], classes);
        }
    }

    private static int checkedTotal(int[] counts) {
        int total = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException(
                        "label counts must be non-negative: " + Arrays.toString(counts));
            }
            total = Math.addExact(total, c);
        }
        return total;
    }
}
