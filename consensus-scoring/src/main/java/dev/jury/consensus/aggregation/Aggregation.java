package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.internal.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a batch aggregator learned: a posterior over the classes of every item and, where the model
 * has them, contributor parameters and the history of its objective.
 *
 * <p>Immutable: arrays are copied in and out. Indices are those of {@link #answers()}.
 */
public final class Aggregation {
    private final AnswerTable answers;
    private final double[][] posteriors;
    private final double[] workerSkills;
    private final double[][][] confusions;
    private final double[] lossHistory;

    /**
     * @param answers the table that was aggregated
     * @param posteriors one row per item, one column per class, each row summing to 1
     * @param workerSkills one scalar per contributor (probability of a correct answer, or the
     *     model's own skill scale), or null when the model has none
     * @param confusions per contributor a class-by-class matrix {@code [true][answered]}, or null
     * @param lossHistory the objective after each iteration (log-likelihood or a bound), possibly
     *     empty
     */
    public Aggregation(
            AnswerTable answers,
            double[][] posteriors,
            double[] workerSkills,
            double[][][] confusions,
            double[] lossHistory) {
        if (posteriors.length != answers.taskCount()) {
            throw new IllegalArgumentException(
                    "one posterior row per item expected: "
                            + posteriors.length
                            + " rows for "
                            + answers.taskCount()
                            + " items");
        }
        this.answers = answers;
        this.posteriors = deepCopy(posteriors);
        this.workerSkills = workerSkills == null ? null : workerSkills.clone();
        this.confusions = confusions == null ? null : deepCopy(confusions);
        this.lossHistory = lossHistory == null ? new double[0] : lossHistory.clone();
    }

    /** The aggregated answers. */
    public AnswerTable answers() {
        return answers;
    }

    /** Posterior of item {@code t}, indexed by class; a copy. */
    public double[] posterior(int t) {
        return posteriors[t].clone();
    }

    /** Posterior of the named item by class name, or empty if the item had no answers. */
    public Optional<Map<String, Double>> posterior(String task) {
        int t = answers.taskIndex(task);
        if (t < 0) {
            return Optional.empty();
        }
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int k = 0; k < answers.labelCount(); k++) {
            byName.put(answers.labelName(k), posteriors[t][k]);
        }
        return Optional.of(byName);
    }

    /**
     * The most probable class of item {@code t}; ties go to the lowest class index, so the result
     * is deterministic.
     */
    public int labelIndex(int t) {
        return Rows.argmax(posteriors[t]);
    }

    /** The most probable class of the named item, or empty if the item had no answers. */
    public Optional<String> label(String task) {
        int t = answers.taskIndex(task);
        return t < 0 ? Optional.empty() : Optional.of(answers.labelName(labelIndex(t)));
    }

    /** Every item's most probable class, in item order. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int t = 0; t < posteriors.length; t++) {
            labels.put(answers.taskName(t), answers.labelName(labelIndex(t)));
        }
        return labels;
    }

    /**
     * The classes tied for the highest posterior of item {@code t} (within {@code 1e-9}); the
     * benchmark credits 1/k of an item whose truth is among k tied classes.
     */
    public List<Integer> topClasses(int t) {
        return Rows.topIndices(posteriors[t], 1e-9);
    }

    /** Per-contributor skill, if the model has one. */
    public Optional<double[]> workerSkills() {
        return Optional.ofNullable(workerSkills).map(double[]::clone);
    }

    /** Per-contributor confusion matrix {@code [true][answered]}, if the model has one. */
    public Optional<double[][][]> confusions() {
        return Optional.ofNullable(confusions).map(Aggregation::deepCopy);
    }

    /** The objective after each iteration; empty for one-shot methods. */
    public double[] lossHistory() {
        return lossHistory.clone();
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] copy = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            copy[i] = m[i].clone();
        }
        return copy;
    }

    private static double[][][] deepCopy(double[][][] m) {
        double[][][] copy = new double[m.length][][];
        for (int i = 0; i < m.length; i++) {
            copy[i] = deepCopy(m[i]);
        }
        return copy;
    }

    @Override
    public String toString() {
        return "Aggregation[items="
                + posteriors.length
                + ", classes="
                + answers.labelCount()
                + ", iterations="
                + lossHistory.length
                + "]";
    }
}
