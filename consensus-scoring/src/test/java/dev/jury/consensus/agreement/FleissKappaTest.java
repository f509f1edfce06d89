package dev.jury.consensus.agreement;

import static dev.jury.consensus.agreement.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FleissKappaTest {
    private final FleissKappa fleiss = new FleissKappa();

    @Test
    void reproducesTheClassicFourteenRaterExample() {
        FleissKappa.Result r = fleiss.compute(Fixtures.fromCounts(Fixtures.FLEISS_COUNTS));

        // By hand: sum_i sum_k n_ik(n_ik-1) = 688 over 10 items of 14*13 pairs -> P = 172/455;
        // class totals 20, 28, 39, 21, 32 of 140 -> P_e = 4170/19600 = 417/1960;
        // kappa = (172/455 - 417/1960) / (1 - 417/1960) = 4211/20059.
        assertThat(r.observedAgreement()).isCloseTo(172.0 / 455, within(1e-12));
        assertThat(r.expectedAgreement()).isCloseTo(417.0 / 1960, within(1e-12));
        assertThat(r.kappa()).hasValueCloseTo(4211.0 / 20059, within(1e-12));
        assertThat(r.kappa().getAsDouble()).isCloseTo(0.210, within(5e-4));
        assertThat(r.items()).isEqualTo(10);
    }

    @Test
    void generalisesToItemsWithDifferentNumbersOfAnswers() {
        // i1: a a -> P=1; i2: a b b -> P=2/6; i3: a b b b -> P=6/12; i4: a alone, ignored.
        // P = (1 + 1/3 + 1/2)/3 = 11/18; pi_a = (1 + 1/3 + 1/4)/3 = 19/36, pi_b = 17/36;
        // P_e = 650/1296 = 325/648; kappa = (11/18 - 325/648)/(323/648) = 71/323.
        FleissKappa.Result r =
                fleiss.compute(
                        table(
                                "i1 w1 a", "i1 w2 a", "i2 w1 a", "i2 w2 b", "i2 w3 b", "i3 w1 a",
                                "i3 w2 b", "i3 w3 b", "i3 w4 b", "i4 w1 a"));

        assertThat(r.items()).isEqualTo(3);
        assertThat(r.observedAgreement()).isCloseTo(11.0 / 18, within(1e-12));
        assertThat(r.expectedAgreement()).isCloseTo(325.0 / 648, within(1e-12));
        assertThat(r.kappa()).hasValueCloseTo(71.0 / 323, within(1e-12));
    }

    @Test
    void isOneForPerfectAgreementOnSeveralClasses() {
        FleissKappa.Result r =
                fleiss.compute(table("i1 w1 a", "i1 w2 a", "i2 w1 b", "i2 w2 b", "i2 w3 b"));

        assertThat(r.kappa()).hasValueCloseTo(1.0, within(1e-12));
    }

    @Test
    void isUndefinedWhenEveryAnswerUsesOneClass() {
        FleissKappa.Result r = fleiss.compute(table("i1 w1 a", "i1 w2 a", "i2 w1 a", "i2 w3 a"));

        assertThat(r.kappa()).isEmpty();
        assertThat(r.observedAgreement()).isEqualTo(1.0);
        assertThat(r.items()).isEqualTo(2);
    }

    @Test
    void isUndefinedWithASingleContributor() {
        FleissKappa.Result r = fleiss.compute(table("i1 w1 a", "i2 w1 b", "i3 w1 a"));

        assertThat(r.kappa()).isEmpty();
        assertThat(r.items()).isZero();
        assertThat(r.observedAgreement()).isNaN();
    }
}
