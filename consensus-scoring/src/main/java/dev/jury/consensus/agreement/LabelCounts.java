package dev.jury.consensus.agreement;

import dev.jury.consensus.AnswerTable;

/** Per-item label-count vectors, the sufficient statistic of every nominal agreement metric. */
final class LabelCounts {
    private LabelCounts() {}

    /** {@code counts[t][k]}: how many contributors gave item {@code t} class {@code k}. */
    static int[][] perItem(AnswerTable answers) {
        int[][] counts = new int[answers.taskCount()][answers.labelCount()];
        for (int i = 0; i < answers.size(); i++) {
            counts[answers.task(i)][answers.label(i)]++;
        }
        return counts;
    }

    static int total(int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        return total;
    }

    /**
     * Ordered pairs of answers to one item that agree: {@code sum_k n_k (n_k - 1)}. Kept as an
     * integer so incremental updates can subtract it again exactly.
     */
    static long agreeingPairs(int[] counts) {
        long pairs = 0;
        for (int c : counts) {
            pairs += (long) c * (c - 1);
        }
        return pairs;
    }
}
