package dev.jury.consensus.agreement;

import static dev.jury.consensus.agreement.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import org.junit.jupiter.api.Test;

class KrippendorffAlphaTest {
    private final KrippendorffAlpha alpha = new KrippendorffAlpha();

    @Test
    void reproducesKrippendorffsNominalExampleWithMissingData() {
        KrippendorffAlpha.Result r = alpha.compute(Fixtures.krippendorff2011());

        // Unit 12 has one value and is not pairable: 11 units, 40 values.
        // Class totals n_c = 9, 13, 10, 5, 3; off-diagonal coincidences sum to 8, so D_o = 8/40;
        // D_e = (40^2 - (81+169+100+25+9)) / (40*39) = 1216/1560 = 152/195;
        // alpha = 1 - (1/5)/(152/195) = 113/152 = 0.743.
        assertThat(r.pairableItems()).isEqualTo(11);
        assertThat(r.pairableValues()).isEqualTo(40);
        assertThat(r.observedDisagreement()).isCloseTo(0.2, within(1e-12));
        assertThat(r.expectedDisagreement()).isCloseTo(152.0 / 195, within(1e-12));
        assertThat(r.alpha()).hasValueCloseTo(113.0 / 152, within(1e-12));
        assertThat(r.alpha().getAsDouble()).isCloseTo(0.743, within(5e-4));
    }

    @Test
    void buildsTheCoincidenceMatrixOfTheExample() {
        AnswerTable answers = Fixtures.krippendorff2011();
        double[][] o = alpha.coincidenceMatrix(answers);

        // Classes "1".."5" sort to indices 0..4. Values hand-computed from the units:
        // e.g. unit 6 (1,2,3,4) adds 1/3 to every off-diagonal cell among 1..4.
        double third = 1.0 / 3;
        double[][] expected = {
            {7, 4 * third, third, third, 0},
            {4 * third, 10, 4 * third, third, 0},
            {third, 4 * third, 8, third, 0},
            {third, third, third, 4, 0},
            {0, 0, 0, 0, 3}
        };
        for (int c = 0; c < 5; c++) {
            for (int k = 0; k < 5; k++) {
                assertThat(o[c][k]).as("o[%d][%d]", c, k).isCloseTo(expected[c][k], within(1e-12));
            }
        }
    }

    @Test
    void goesNegativeWhenContributorsSystematicallyDisagree() {
        // Every pair disagrees: D_o = 4/4 = 1; n_a = n_b = 2, D_e = 8/12; alpha = 1 - 3/2.
        KrippendorffAlpha.Result r =
                alpha.compute(table("i1 w1 a", "i1 w2 b", "i2 w1 b", "i2 w2 a"));

        assertThat(r.alpha()).hasValueCloseTo(-0.5, within(1e-12));
    }

    @Test
    void isUndefinedWhenOnlyOneClassIsEverUsed() {
        KrippendorffAlpha.Result r =
                alpha.compute(table("i1 w1 a", "i1 w2 a", "i2 w1 a", "i2 w2 a"));

        assertThat(r.alpha()).isEmpty();
        assertThat(r.observedDisagreement()).isZero();
        assertThat(r.expectedDisagreement()).isZero();
    }

    @Test
    void skipsItemsWithOneAnswerAndIsUndefinedWithoutPairs() {
        KrippendorffAlpha.Result r = alpha.compute(table("i1 w1 a", "i2 w1 b"));

        assertThat(r.alpha()).isEmpty();
        assertThat(r.pairableItems()).isZero();
        assertThat(r.pairableValues()).isZero();
    }

    @Test
    void differsFromFleissOnlyByTheSmallSampleFactorWhenEveryItemHasAsManyAnswers() {
        // With m answers on every item, D_o = 1 - P and D_e = n/(n-1) * (1 - P_e), so
        // 1 - alpha = (1 - kappa) * (n - 1) / n for n pairable values: an independent check.
        AnswerTable answers = Fixtures.fromCounts(Fixtures.FLEISS_COUNTS);
        double kappa = new FleissKappa().compute(answers).kappa().getAsDouble();
        KrippendorffAlpha.Result r = alpha.compute(answers);
        double n = r.pairableValues();

        assertThat(1 - r.alpha().getAsDouble()).isCloseTo((1 - kappa) * (n - 1) / n, within(1e-12));
    }
}
