package dev.jury.consensus.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small numeric helpers on probability rows. Internal: callers outside {@code dev.jury.consensus}
 * should not use these.
 */
public final class Rows {
    private Rows() {}

    /** Index of the largest entry; the lowest index wins a tie. */
    public static int argmax(double[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Indices whose value is within {@code tolerance} of the maximum. */
    public static List<Integer> topIndices(double[] row, double tolerance) {
        double max = row[argmax(row)];
        List<Integer> top = new ArrayList<>(2);
        for (int k = 0; k < row.length; k++) {
            if (row[k] >= max - tolerance) {
                top.add(k);
            }
        }
        return top;
    }

    /** Scales a non-negative row to sum to 1 in place; an all-zero row becomes uniform. */
    public static void normalize(double[] row) {
        double sum = 0;
        for (double v : row) {
            sum += v;
        }
        if (sum <= 0 || !Double.isFinite(sum)) {
            double uniform = 1.0 / row.length;
            Arrays.fill(row, uniform);
            return;
        }
        for (int k = 0; k < row.length; k++) {
            row[k] /= sum;
        }
    }

    /**
     * Turns a row of log-probabilities into probabilities in place, shifting by the row maximum
     * first so that {@code exp} never underflows to an all-zero row. Returns the log of the
     * normalising constant (the log-sum-exp of the input), which EM uses as the log-likelihood.
     */
    public static double softmaxInPlace(double[] logRow) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logRow) {
            if (v > max) {
                max = v;
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            Arrays.fill(logRow, 1.0 / logRow.length);
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int k = 0; k < logRow.length; k++) {
            double e = Math.exp(logRow[k] - max);
            logRow[k] = e;
            sum += e;
        }
        for (int k = 0; k < logRow.length; k++) {
            logRow[k] /= sum;
        }
        return max + Math.log(sum);
    }
}
