package dev.jury.consensus.reputation;

/**
 * The Beta distribution's CDF (the regularized incomplete beta function) and its inverse, which the
 * core may not take from a library. Accurate to about {@code 1e-13} for parameters up to the
 * thousands, which is far more than gating decisions need.
 */
final class BetaFunctions {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double TINY = 1e-300;
    private static final double EPSILON = 1e-15;

    private BetaFunctions() {}

    /** {@code ln Gamma(x)} for {@code x > 0}. */
    static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0: " + x);
        }
        // Stirling's series is accurate to ~1e-15 once x >= 10; below that, climb with
        // Gamma(x) = Gamma(x + 1) / x and subtract the logs of the steps.
        double shift = 0;
        while (x < 10) {
            shift += Math.log(x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        // Bernoulli-number terms B_2k / (2k (2k - 1) x^(2k - 1)) for k = 1..5, in Horner form.
        double series =
                inv
                        * (1.0 / 12
                                - inv2
                                        * (1.0 / 360
                                                - inv2
                                                        * (1.0 / 1260
                                                                - inv2
                                                                        * (1.0 / 1680
                                                                                - inv2
                                                                                        * (1.0
                                                                                                / 1188)))));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
    }

    /** {@code ln B(a, b)}. */
    static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /**
     * The regularized incomplete beta function {@code I_x(a, b)}, the CDF of Beta(a, b) at {@code
     * x}.
     *
     * @throws IllegalArgumentException unless {@code a, b > 0} and {@code 0 <= x <= 1}
     */
    static double cdf(double x, double a, double b) {
        checkShape(a, b);
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("x must be in [0, 1]: " + x);
        }
        if (x == 0 || x == 1) {
            return x;
        }
        // The continued fraction converges quickly only left of the mean; to its right use the
        // symmetry I_x(a, b) = 1 - I_{1-x}(b, a).
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - cdf(1 - x, b, a);
        }
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b) - Math.log(a);
        return Math.exp(logFront) * continuedFraction(x, a, b);
    }

    /**
     * Evaluates {@code 1 / (1 + d1 / (1 + d2 / (1 + ...)))}, the continued fraction of {@code
     * I_x(a, b)}, by the modified Lentz method: it keeps the ratios of successive convergents,
     * which avoids the overflow of computing numerators and denominators themselves.
     */
    private static double continuedFraction(double x, double a, double b) {
        double f = TINY;
        double c = f;
        double d = 0;
        for (int j = 1; j <= 10_000; j++) {
            double coefficient;
            if (j == 1) {
                coefficient = 1;
            } else {
                int step = j - 1; // d_step
                int m = step / 2;
                if (step % 2 == 0) {
                    coefficient = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
                } else {
                    coefficient = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
                }
            }
            d = 1 + coefficient * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + coefficient / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return f;
            }
        }
        throw new ArithmeticException(
                "incomplete beta did not converge for x=" + x + ", a=" + a + ", b=" + b);
    }

    /**
     * The {@code p}-quantile of Beta(a, b): the {@code x} with {@code I_x(a, b) = p}.
     *
     * <p>Newton's method on the CDF, whose derivative is the density, kept inside a shrinking
     * bracket: a step that would leave the bracket (near 0 or 1 the density can be tiny or huge) is
     * replaced by bisection, so it always converges and usually in a handful of steps.
     *
     * @throws IllegalArgumentException unless {@code a, b > 0} and {@code 0 <= p <= 1}
     */
    static double quantile(double p, double a, double b) {
        checkShape(a, b);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        if (p == 0 || p == 1) {
            return p;
        }
        double logB = logBeta(a, b);
        double lo = 0;
        double hi = 1;
        double x = a / (a + b);
        for (int i = 0; i < 300; i++) {
            double error = cdf(x, a, b) - p;
            if (error == 0) {
                return x;
            }
            if (error < 0) {
                lo = x;
            } else {
                hi = x;
            }
            double density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB);
            double next = x - error / density;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            // Stop at the resolution of doubles, not at a relative tolerance: next to 1 the
            // spacing of doubles is coarse and a heavy tail makes each ulp count.
            double resolution = 2 * Math.ulp(next);
            if (Math.abs(next - x) <= resolution || hi - lo <= resolution) {
                return next;
            }
            x = next;
        }
        return x;
    }

    private static void checkShape(double a, double b) {
        if (!(a > 0 && b > 0 && Double.isFinite(a) && Double.isFinite(b))) {
            throw new IllegalArgumentException(
                    "Beta shape parameters must be positive: " + a + ", " + b);
        }
    }
}
