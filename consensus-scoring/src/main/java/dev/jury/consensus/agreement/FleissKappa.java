package dev.jury.consensus.agreement;

import dev.jury.consensus.AnswerTable;
import java.util.OptionalDouble;

/**
 * Fleiss' kappa: chance-corrected agreement among many contributors on nominal classes, generalised
 * to items that received different numbers of answers.
 *
 * <p>Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. <i>Psychological
 * Bulletin</i> 76(5), 378–382. doi:10.1037/h0031619
 *
 * <p>For item {@code i} with {@code n_i} answers, {@code n_ik} of them for class {@code k}:
 *
 * <pre>
 *   P_i   = sum_k n_ik (n_ik - 1) / (n_i (n_i - 1))     share of agreeing ordered answer pairs
 *   P     = (1/N) sum_i P_i                             mean observed agreement
 *   pi_k  = (1/N) sum_i n_ik / n_i                      mean class share
 *   P_e   = sum_k pi_k^2                                agreement expected by chance
 *   kappa = (P - P_e) / (1 - P_e)
 * </pre>
 *
 * <p>The sums run over the {@code N} items with at least two answers; an item with one answer has
 * no pair to agree or disagree and is ignored. Fleiss (1971) assumes every item has the same {@code
 * n}; the form above is the usual generalisation to missing ratings (Gwet, <i>Handbook of
 * Inter-Rater Reliability</i>, 4th ed., 2014): each item weighs the same in both {@code P} and
 * {@code pi_k}, and with a constant {@code n} it is exactly Fleiss' statistic. Crowd data is
 * dominated by varying overlap, so this is the form implemented.
 *
 * <p>Kappa is undefined when {@code P_e = 1}, i.e. every answer to every counted item used the same
 * class (perfect agreement, but also perfect agreement by chance), and when no item has two
 * answers; {@link Result#kappa()} is then empty rather than NaN, so callers must decide.
 *
 * <pre>{@code
 * FleissKappa.Result r = new FleissKappa().compute(answers);
 * double kappa = r.kappa().orElse(Double.NaN);
 * }</pre>
 *
 * <p>{@link AgreementAccumulator} computes the same statistic incrementally.
 */
public final class FleissKappa {

    /**
     * Fleiss' kappa and its parts.
     *
     * @param kappa chance-corrected agreement in {@code [-1, 1]}, empty when undefined
     * @param observedAgreement {@code P}, the mean share of agreeing answer pairs; NaN if no item
     *     was counted
     * @param expectedAgreement {@code P_e}, the agreement expected by chance; NaN if no item was
     *     counted
     * @param items items with at least two answers, the ones counted
     */
    public record Result(
            OptionalDouble kappa, double observedAgreement, double expectedAgreement, int items) {}

    /**
     * Computes Fleiss' kappa over the items with at least two answers.
     *
     * @param answers the answers, never null
     * @return the statistic, never null; {@code kappa} empty when undefined
     */
    public Result compute(AnswerTable answers) {
        return fromCounts(LabelCounts.perItem(answers), answers.labelCount());
    }

    /** Same statistic from label-count vectors (one per item, {@code classCount} long). */
    static Result fromCounts(int[][] counts, int classCount) {
        double observed = 0;
        double[] classShare = new double[classCount];
        int items = 0;
        for (int[] item : counts) {
            int n = LabelCounts.total(item);
            if (n < 2) {
                continue;
            }
            items++;
            observed += (double) LabelCounts.agreeingPairs(item) / ((double) n * (n - 1));
            for (int k = 0; k < classCount; k++) {
                classShare[k] += (double) item[k] / n;
            }
        }
        if (items == 0) {
            return new Result(OptionalDouble.empty(), Double.NaN, Double.NaN, 0);
        }
        observed /= items;
        double expected = 0;
        for (double share : classShare) {
            double p = share / items;
            expected += p * p;
        }
        return new Result(kappa(observed, expected), observed, expected, items);
    }

    static OptionalDouble kappa(double observed, double expected) {
        // P_e can reach 1 only when one class takes every answer; rounding may leave it a hair
        // below, which would turn 0/0 into a meaningless large number.
        if (expected >= 1 - 1e-12) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((observed - expected) / (1 - expected));
    }
}
