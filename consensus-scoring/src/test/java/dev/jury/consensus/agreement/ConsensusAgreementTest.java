package dev.jury.consensus.agreement;

import static dev.jury.consensus.agreement.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.aggregation.Aggregation;
import dev.jury.consensus.aggregation.MajorityVote;
import org.junit.jupiter.api.Test;

class ConsensusAgreementTest {

    // Majority vote posteriors: i1 x 3/4; i2 y 2/3; i3 tie x/y; i4 z 1 (one answer).
    private static final AnswerTable ANSWERS =
            table(
                    "i1 A x", "i1 B x", "i1 C x", "i1 D y", "i2 A y", "i2 B y", "i2 C x", "i3 A x",
                    "i3 B y", "i4 D z");
    private static final Aggregation CONSENSUS = new MajorityVote().fit(ANSWERS);

    @Test
    void countsAgreementWithTheConsensusClassOverAllUntiedItems() {
        ConsensusAgreement.Result r = new ConsensusAgreement().compute(CONSENSUS);

        ConsensusAgreement.WorkerAgreement a = r.worker("A").orElseThrow();
        // A answered i1 (agrees), i2 (agrees), i3 (tie: not counted).
        assertThat(a.answered()).isEqualTo(3);
        assertThat(a.counted()).isEqualTo(2);
        assertThat(a.agreed()).isEqualTo(2);
        assertThat(a.agreementRate()).hasValue(1.0);
        // Soft: 3/4 + 2/3 + 1/2.
        assertThat(a.expectedAgreed()).isCloseTo(0.75 + 2.0 / 3 + 0.5, within(1e-12));
        assertThat(a.expectedAgreementRate())
                .hasValueCloseTo((0.75 + 2.0 / 3 + 0.5) / 3, within(1e-12));

        ConsensusAgreement.WorkerAgreement c = r.worker("C").orElseThrow();
        assertThat(c.agreed()).isEqualTo(1);
        assertThat(c.agreementRate()).hasValue(0.5);

        ConsensusAgreement.WorkerAgreement d = r.worker("D").orElseThrow();
        // D: i1 disagrees (posterior 1/4), i4 agrees with itself (posterior 1).
        assertThat(d.counted()).isEqualTo(2);
        assertThat(d.agreed()).isEqualTo(1);
        assertThat(d.expectedAgreed()).isCloseTo(1.25, within(1e-12));
        assertThat(r.workers())
                .extracting(ConsensusAgreement.WorkerAgreement::worker)
                .containsExactly("A", "B", "C", "D");
    }

    @Test
    void countsOnlyConfidentConsensusTowardsTheHardRate() {
        ConsensusAgreement.Result r = new ConsensusAgreement(0.7).compute(CONSENSUS);

        // Only i1 (3/4) and i4 (1) pass 0.7.
        assertThat(r.worker("A").orElseThrow().counted()).isEqualTo(1);
        assertThat(r.worker("C").orElseThrow().agreementRate()).hasValue(1.0);
        assertThat(r.worker("D").orElseThrow().agreementRate()).hasValue(0.5);
        // The soft measure ignores the threshold.
        assertThat(r.worker("D").orElseThrow().expectedAgreed()).isCloseTo(1.25, within(1e-12));

        ConsensusAgreement.Result strict = new ConsensusAgreement(1.0).compute(CONSENSUS);
        assertThat(strict.worker("A").orElseThrow().agreementRate()).isEmpty();
    }

    @Test
    void matchesAnotherTableByName() {
        AnswerTable later = table("i2 E y", "i1 E y", "new F x", "i4 E q");

        ConsensusAgreement.WorkerAgreement e =
                new ConsensusAgreement().compute(later, CONSENSUS).worker("E").orElseThrow();
        ConsensusAgreement.Result r = new ConsensusAgreement().compute(later, CONSENSUS);

        // i2 agrees (2/3), i1 disagrees (1/4), i4 with an unseen class disagrees (0).
        assertThat(e.answered()).isEqualTo(3);
        assertThat(e.agreed()).isEqualTo(1);
        assertThat(e.expectedAgreed()).isCloseTo(2.0 / 3 + 0.25, within(1e-12));
        assertThat(r.worker("F").orElseThrow().answered()).isZero();
        assertThat(r.worker("F").orElseThrow().agreementRate()).isEmpty();
        assertThat(r.worker("nobody")).isEmpty();
    }

    @Test
    void refusesAThresholdOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new ConsensusAgreement(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsensusAgreement(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
