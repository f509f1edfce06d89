package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.internal.Rows;

/**
 * Majority vote: each item's posterior is the share of its answers that chose each class.
 *
 * <p>The baseline every other method is measured against, and the starting point of the EM methods.
 * Ties stay ties in the posterior ({@code 0.5/0.5}); {@link Aggregation#labelIndex(int)} breaks
 * them deterministically, and benchmarks count them as 1/k.
 *
 * <pre>{@code
 * Aggregation mv = new MajorityVote().fit(answers);
 * String label = mv.label("item-17").orElseThrow();
 * }</pre>
 */
public final class MajorityVote implements Aggregator {

    @Override
    public Aggregation fit(AnswerTable answers) {
        return new Aggregation(answers, votesPerClass(answers, null), null, null, null);
    }

    /**
     * Per-item class shares, each answer weighted by its contributor's weight (1 when {@code
     * workerWeights} is null). Shared with {@link Wawa} and the EM initialisations.
     */
    static double[][] votesPerClass(AnswerTable answers, double[] workerWeights) {
        double[][] votes = new double[answers.taskCount()][answers.labelCount()];
        for (int i = 0; i < answers.size(); i++) {
            double weight = workerWeights == null ? 1.0 : workerWeights[answers.worker(i)];
            votes[answers.task(i)][answers.label(i)] += weight;
        }
        for (double[] row : votes) {
            Rows.normalize(row);
        }
        return votes;
    }

    @Override
    public String name() {
        return "mv";
    }
}
