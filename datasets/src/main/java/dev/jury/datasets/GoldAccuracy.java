package dev.jury.datasets;

import java.util.Map;
import java.util.function.Function;

/**
 * Accuracy against gold labels, counted the way the shared datasets' README asks: over the gold
 * items that received at least one answer, crediting {@code 1/k} for an item whose gold label is
 * among {@code k} classes tied for the highest posterior (the expected value of a random
 * tie-break).
 *
 * @param accuracy the mean credit, in [0, 1]
 * @param goldItems how many gold items had a posterior (at least one answer)
 * @param ties how many of those had a tie at the top
 */
public record GoldAccuracy(double accuracy, int goldItems, int ties) {
    private static final double TIE_TOLERANCE = 1e-9;

    /**
     * Scores posteriors against gold.
     *
     * @param truth gold label per item
     * @param posteriorOf the posterior of an item by class name, or null if the item had no answer
     * @throws IllegalArgumentException if no gold item has a posterior
     */
    public static GoldAccuracy score(
            Map<String, String> truth, Function<String, Map<String, Double>> posteriorOf) {
        double credit = 0;
        int items = 0;
        int ties = 0;
        for (Map.Entry<String, String> gold : truth.entrySet()) {
            Map<String, Double> posterior = posteriorOf.apply(gold.getKey());
            if (posterior == null || posterior.isEmpty()) {
                continue;
            }
            items++;
            double max = Double.NEGATIVE_INFINITY;
            for (double p : posterior.values()) {
                max = Math.max(max, p);
            }
            int top = 0;
            boolean truthOnTop = false;
            for (Map.Entry<String, Double> e : posterior.entrySet()) {
                if (e.getValue() >= max - TIE_TOLERANCE) {
                    top++;
                    truthOnTop |= e.getKey().equals(gold.getValue());
                }
            }
            if (top > 1) {
                ties++;
            }
            if (truthOnTop) {
                credit += 1.0 / top;
            }
        }
        if (items == 0) {
            throw new IllegalArgumentException("no gold item has an answer: accuracy is undefined");
        }
        return new GoldAccuracy(credit / items, items, ties);
    }
}
