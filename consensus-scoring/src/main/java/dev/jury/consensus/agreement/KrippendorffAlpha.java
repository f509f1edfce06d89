package dev.jury.consensus.agreement;

import dev.jury.consensus.AnswerTable;
import java.util.OptionalDouble;

/**
 * Krippendorff's alpha for nominal classes, computed through the coincidence matrix so that items
 * may have any number of answers (missing data).
 *
 * <p>Krippendorff, K. (2004). <i>Content Analysis: An Introduction to Its Methodology</i>, 2nd ed.,
 * ch. 11. Sage. Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg
 * School for Communication, University of Pennsylvania. Hayes, A. F. &amp; Krippendorff, K. (2007).
 * Answering the call for a standard reliability measure for coding data. <i>Communication Methods
 * and Measures</i> 1(1), 77–89. doi:10.1080/19312450709336664
 *
 * <p>An item {@code u} with {@code m_u >= 2} answers, {@code n_uc} of them for class {@code c}, is
 * <em>pairable</em>; each of its {@code m_u (m_u - 1)} ordered answer pairs adds {@code 1/(m_u -
 * 1)} to the coincidence matrix, so every pairable answer contributes exactly one unit:
 *
 * <pre>
 *   o_ck  = sum_u n_uc (n_uk - [c = k]) / (m_u - 1)       coincidences of classes c and k
 *   n_c   = sum_k o_ck,   n = sum_c n_c                    pairable answers per class, in total
 *   D_o   = (1/n) sum_{c != k} o_ck                        observed disagreement
 *   D_e   = (1/(n (n - 1))) sum_{c != k} n_c n_k           disagreement expected by chance
 *   alpha = 1 - D_o / D_e
 * </pre>
 *
 * <p>Items with fewer than two answers are not pairable and are skipped. Alpha is undefined when
 * {@code D_e = 0}: every pairable answer used one class, so the data carry no variation that could
 * be reliable or not (Krippendorff 2011). {@link Result#alpha()} is then empty; the caller decides
 * whether a unanimous batch should count as reliable. It is also empty when no item is pairable.
 *
 * <pre>{@code
 * KrippendorffAlpha.Result r = new KrippendorffAlpha().compute(answers);
 * if (r.alpha().isPresent() && r.alpha().getAsDouble() < 0.667) { ... } // Krippendorff's floor
 * }</pre>
 *
 * <p>{@link AgreementAccumulator} computes the same statistic incrementally.
 */
public final class KrippendorffAlpha {

    /**
     * Alpha and its parts.
     *
     * @param alpha {@code 1 - D_o / D_e}, at most 1, empty when undefined
     * @param observedDisagreement {@code D_o}; NaN if no item is pairable
     * @param expectedDisagreement {@code D_e}; NaN if no item is pairable
     * @param pairableItems items with at least two answers
     * @param pairableValues {@code n}, the answers those items received
     */
    public record Result(
            OptionalDouble alpha,
            double observedDisagreement,
            double expectedDisagreement,
            int pairableItems,
            long pairableValues) {}

    /**
     * Computes nominal alpha.
     *
     * @param answers the answers, never null
     * @return the statistic, never null; {@code alpha} empty when undefined
     */
    public Result compute(AnswerTable answers) {
        int[][] counts = LabelCounts.perItem(answers);
        int pairable = 0;
        for (int[] item : counts) {
            if (LabelCounts.total(item) >= 2) {
                pairable++;
            }
        }
        return fromCoincidences(coincidences(counts, answers.labelCount()), pairable);
    }

    /**
     * The coincidence matrix {@code o[c][k]}: symmetric, summing to the number of pairable answers.
     * Useful to see which classes contributors confuse.
     *
     * @return a fresh {@code labelCount x labelCount} matrix indexed like {@code answers}' classes
     */
    public double[][] coincidenceMatrix(AnswerTable answers) {
        return coincidences(LabelCounts.perItem(answers), answers.labelCount());
    }

    private static double[][] coincidences(int[][] counts, int classCount) {
        double[][] o = new double[classCount][classCount];
        for (int[] item : counts) {
            int m = LabelCounts.total(item);
            if (m < 2) {
                continue;
            }
            for (int c = 0; c < classCount; c++) {
                if (item[c] == 0) {
                    continue;
                }
                for (int k = 0; k < classCount; k++) {
                    // An answer is never paired with itself: hence n_uc - 1 on the diagonal.
                    int partners = c == k ? item[k] - 1 : item[k];
                    o[c][k] += (double) item[c] * partners / (m - 1);
                }
            }
        }
        return o;
    }

    private static Result fromCoincidences(double[][] o, int pairableItems) {
        int classes = o.length;
        double[] marginal = new double[classes];
        double n = 0;
        double offDiagonal = 0;
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < classes; k++) {
                marginal[c] += o[c][k];
                if (c != k) {
                    offDiagonal += o[c][k];
                }
            }
            n += marginal[c];
        }
        if (pairableItems == 0) {
            return new Result(OptionalDouble.empty(), Double.NaN, Double.NaN, 0, 0);
        }
        double expectedPairs = 0;
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < classes; k++) {
                if (c != k) {
                    expectedPairs += marginal[c] * marginal[k];
                }
            }
        }
        double observed = offDiagonal / n;
        double expected = expectedPairs / (n * (n - 1));
        // Each o_ck is a multiple of 1/(m-1), so n is an integer up to rounding.
        return new Result(
                alpha(observed, expected), observed, expected, pairableItems, Math.round(n));
    }

    static OptionalDouble alpha(double observed, double expected) {
        if (!(expected > 0)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(1 - observed / expected);
    }
}
