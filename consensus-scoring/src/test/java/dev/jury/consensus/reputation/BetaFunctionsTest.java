package dev.jury.consensus.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BetaFunctionsTest {
    private static final double[] PROBABILITIES = {
        1e-6, 0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999
    };

    @Test
    void logGammaMatchesFactorialsAndGammaOfOneHalf() {
        double logFactorial = 0;
        for (int n = 1; n <= 30; n++) {
            assertThat(BetaFunctions.logGamma(n))
                    .as("ln %d!", n - 1)
                    .isCloseTo(logFactorial, within(1e-12));
            logFactorial += Math.log(n);
        }
        assertThat(BetaFunctions.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        // Gamma(x + 1) = x Gamma(x) across the switch to Stirling's series at 10.
        for (double x = 0.05; x < 20; x += 0.37) {
            assertThat(BetaFunctions.logGamma(x + 1) - BetaFunctions.logGamma(x))
                    .isCloseTo(Math.log(x), within(1e-12));
        }
    }

    @Test
    void cdfMatchesTheBinomialSumForIntegerShapes() {
        // For integers a, b: I_x(a, b) = P(Binomial(a + b - 1, x) >= a).
        Random random = new Random(2024);
        for (int trial = 0; trial < 200; trial++) {
            int a = 1 + random.nextInt(30);
            int b = 1 + random.nextInt(30);
            double x = random.nextDouble();
            int n = a + b - 1;
            double sum = 0;
            for (int j = a; j <= n; j++) {
                sum += Math.exp(logChoose(n, j) + j * Math.log(x) + (n - j) * Math.log1p(-x));
            }
            assertThat(BetaFunctions.cdf(x, a, b))
                    .as("I_%s(%d, %d)", x, a, b)
                    .isCloseTo(sum, within(1e-12));
        }
    }

    @Test
    void uniformQuantileIsTheIdentity() {
        for (double p : PROBABILITIES) {
            assertThat(BetaFunctions.quantile(p, 1, 1)).isCloseTo(p, within(1e-14));
        }
    }

    @Test
    void quantilesOfPowerLawBetasAreClosedForm() {
        // Beta(a, 1) has CDF x^a, Beta(1, b) has CDF 1 - (1 - x)^b.
        for (double p : PROBABILITIES) {
            assertThat(BetaFunctions.quantile(p, 2, 1)).isCloseTo(Math.sqrt(p), within(1e-14));
            assertThat(BetaFunctions.quantile(p, 1, 2))
                    .isCloseTo(1 - Math.sqrt(1 - p), within(1e-14));
            assertThat(BetaFunctions.quantile(p, 7.5, 1))
                    .isCloseTo(Math.pow(p, 1 / 7.5), within(1e-13));
        }
    }

    @Test
    void arcsineQuantileIsClosedForm() {
        // Beta(1/2, 1/2) has CDF (2/pi) asin(sqrt(x)), so its quantile is sin^2(pi p / 2).
        for (double p : PROBABILITIES) {
            double expected = Math.pow(Math.sin(Math.PI * p / 2), 2);
            assertThat(BetaFunctions.quantile(p, 0.5, 0.5)).isCloseTo(expected, within(1e-13));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1, 2.5, 10, 150, 2000})
    void symmetricBetasAreSymmetric(double a) {
        assertThat(BetaFunctions.quantile(0.5, a, a)).isCloseTo(0.5, within(1e-13));
        for (double p : PROBABILITIES) {
            assertThat(BetaFunctions.quantile(p, a, a) + BetaFunctions.quantile(1 - p, a, a))
                    .isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void quantileInvertsTheCdfForSkewedAndLargeShapes() {
        double[][] shapes = {
            {0.2, 3}, {3, 0.2}, {2.7, 41.3}, {500, 300}, {1200.5, 3.25}, {2, 1e-3}
        };
        for (double[] shape : shapes) {
            for (double p : PROBABILITIES) {
                double q = BetaFunctions.quantile(p, shape[0], shape[1]);
                // Right next to 0 or 1 a heavy tail can make p change by 1e-4 within one ulp of q
                // (Beta(3, 0.2) at 0.999 sits 2.5e-16 below 1), so ask for the best double, not
                // for an exact CDF: p must fall between the CDF a few ulps either side of q.
                double step = 4 * Math.ulp(q);
                double below = BetaFunctions.cdf(Math.max(0, q - step), shape[0], shape[1]);
                double above = BetaFunctions.cdf(Math.min(1, q + step), shape[0], shape[1]);
                assertThat(p)
                        .as("%s quantile of Beta(%s, %s) = %s", p, shape[0], shape[1], q)
                        .isBetween(below - 1e-12, above + 1e-12);
            }
        }
    }

    @Test
    void quantileIsAccurateWhereTheProblemIsWellConditioned() {
        for (double[] shape : new double[][] {{2.7, 41.3}, {500, 300}, {12, 3.5}}) {
            for (double p : PROBABILITIES) {
                double q = BetaFunctions.quantile(p, shape[0], shape[1]);
                assertThat(BetaFunctions.cdf(q, shape[0], shape[1])).isCloseTo(p, within(1e-12));
            }
        }
    }

    @Test
    void refusesInvalidArguments() {
        assertThatThrownBy(() -> BetaFunctions.quantile(1.2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BetaFunctions.quantile(0.5, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BetaFunctions.cdf(-0.1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BetaFunctions.quantile(0, 3, 4)).isZero();
        assertThat(BetaFunctions.quantile(1, 3, 4)).isEqualTo(1.0);
    }

    private static double logChoose(int n, int k) {
        return BetaFunctions.logGamma(n + 1.0)
                - BetaFunctions.logGamma(k + 1.0)
                - BetaFunctions.logGamma(n - k + 1.0);
    }
}
