package dev.jury.consensus.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReputationModelTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HALF_LIFE = 30 * DAY;

    private final ReputationModel model = new ReputationModel();

    @Test
    void anUnknownContributorGetsThePrior() {
        Reputation rep = Reputation.empty();

        // Beta(2, 1): mean 2/3, CDF x^2, so the 5% quantile is sqrt(0.05).
        assertThat(model.score(rep)).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(model.lowerBound(rep)).isCloseTo(Math.sqrt(0.05), within(1e-13));
        assertThat(model.upperBound(rep)).isCloseTo(Math.sqrt(0.95), within(1e-13));
        assertThat(model.weight(rep)).isCloseTo(Math.log(2), within(1e-13));
        assertThat(model.onProbation(rep)).isTrue();
    }

    @Test
    void goldCountsOneAndConfidentConsensusHalf() {
        Reputation rep = model.withGoldAnswer(Reputation.empty(), true, T0);
        rep = model.withGoldAnswer(rep, false, T0);
        rep = model.withConsensusAnswer(rep, true, 0.95, T0);
        rep = model.withConsensusAnswer(rep, false, 0.8, T0);
        Reputation ignored = model.withConsensusAnswer(rep, false, 0.79, T0);

        assertThat(rep.successes()).isEqualTo(1.5);
        assertThat(rep.failures()).isEqualTo(1.5);
        assertThat(rep.goldAnswered()).isEqualTo(2);
        assertThat(rep.goldCorrect()).isEqualTo(1);
        assertThat(rep.consensusAnswered()).isEqualTo(2);
        assertThat(rep.consensusAgreed()).isEqualTo(1);
        assertThat(ignored).isSameAs(rep);
        // Beta(2 + 1.5, 1 + 1.5)
        assertThat(model.score(rep)).isCloseTo(3.5 / 6, within(1e-15));
    }

    @Test
    void evidenceHalvesAfterOneHalfLife() {
        Reputation rep = Reputation.empty();
        for (int i = 0; i < 8; i++) {
            rep = model.withGoldAnswer(rep, i < 6, T0);
        }

        Reputation later = model.decay(rep, T0 + HALF_LIFE);
        Reputation muchLater = model.decay(rep, T0 + 2 * HALF_LIFE);

        assertThat(later.successes()).isCloseTo(3.0, within(1e-12));
        assertThat(later.failures()).isCloseTo(1.0, within(1e-12));
        assertThat(later.lastUpdated()).isEqualTo(T0 + HALF_LIFE);
        assertThat(muchLater.evidence()).isCloseTo(2.0, within(1e-12));
        assertThat(model.decay(later, T0 + 2 * HALF_LIFE).evidence()).isCloseTo(2.0, within(1e-12));
        // Counters are lifetime totals and never decay.
        assertThat(muchLater.goldAnswered()).isEqualTo(8);
        // Less evidence: the same 3:1 ratio, but a wider posterior pulled towards the prior.
        assertThat(model.lowerBound(later)).isLessThan(model.lowerBound(rep));
        assertThat(model.decay(rep, T0 - DAY)).isSameAs(rep);
    }

    @Test
    void newEvidenceIsAddedAfterTheOldHasDecayed() {
        Reputation rep = model.withGoldAnswer(Reputation.empty(), false, T0);
        rep = model.withGoldAnswer(rep, true, T0 + HALF_LIFE);

        assertThat(rep.failures()).isCloseTo(0.5, within(1e-12));
        assertThat(rep.successes()).isEqualTo(1.0);
        assertThat(rep.lastUpdated()).isEqualTo(T0 + HALF_LIFE);
    }

    @Test
    void theStateDoesNotDependOnTheOrderEventsArriveIn() {
        Random random = new Random(99);
        List<long[]> events = new ArrayList<>(); // {time, correct?1:0}
        for (int i = 0; i < 60; i++) {
            events.add(
                    new long[] {
                        T0 + (long) (random.nextDouble() * 90 * DAY), random.nextInt(4) > 0 ? 1 : 0
                    });
        }
        List<long[]> inOrder = new ArrayList<>(events);
        inOrder.sort((x, y) -> Long.compare(x[0], y[0]));
        Collections.shuffle(events, new Random(7));

        Reputation ordered = replay(inOrder);
        Reputation shuffled = replay(events);
        long end = inOrder.get(inOrder.size() - 1)[0];

        assertThat(shuffled.lastUpdated()).isEqualTo(end);
        assertThat(shuffled.successes()).isCloseTo(ordered.successes(), within(1e-9));
        assertThat(shuffled.failures()).isCloseTo(ordered.failures(), within(1e-9));
    }

    @Test
    void moreCorrectAnswersNeverLowerTheBoundAndMoreWrongOnesNeverRaiseIt() {
        Reputation rep = model.withGoldAnswer(Reputation.empty(), false, T0);
        double previous = model.lowerBound(rep);
        for (int i = 0; i < 100; i++) {
            rep = model.withGoldAnswer(rep, true, T0);
            double bound = model.lowerBound(rep);
            assertThat(bound).isGreaterThan(previous);
            assertThat(bound).isLessThan(model.score(rep));
            previous = bound;
        }
        for (int i = 0; i < 100; i++) {
            rep = model.withGoldAnswer(rep, false, T0);
            double bound = model.lowerBound(rep);
            assertThat(bound).isLessThan(previous);
            previous = bound;
        }
    }

    @Test
    void theBoundTightensWithEvidenceAtTheSameAccuracy() {
        // 8 of 10 and 80 of 100 have nearly the same mean; only the larger sample is trusted.
        Reputation small = gold(8, 2);
        Reputation large = gold(80, 20);

        assertThat(model.score(large)).isCloseTo(model.score(small), within(0.03));
        assertThat(model.lowerBound(large)).isGreaterThan(model.lowerBound(small) + 0.1);
    }

    @Test
    void gatesOnTheLowerBoundAfterProbation() {
        double gate = 0.7;

        // Newcomers are let in on probation...
        assertThat(model.isAllowed(Reputation.empty(), gate)).isTrue();
        assertThat(model.isAllowed(gold(3, 1), gate)).isTrue();
        // ...unless already clearly below the gate: Beta(2, 7) has its 95% quantile near 0.5.
        assertThat(model.onProbation(gold(0, 6))).isTrue();
        assertThat(model.isAllowed(gold(0, 6), gate)).isFalse();
        // Past probation the lower bound decides: 10/10 gives Beta(12, 1), bound 0.05^(1/12) =
        // 0.78.
        assertThat(model.lowerBound(gold(10, 0)))
                .isCloseTo(Math.pow(0.05, 1.0 / 12), within(1e-12));
        assertThat(model.isAllowed(gold(10, 0), gate)).isTrue();
        // 8/10 is a good mean (0.77) but not yet proof of 0.7.
        assertThat(model.onProbation(gold(8, 2))).isFalse();
        assertThat(model.isAllowed(gold(8, 2), gate)).isFalse();
        assertThat(model.isAllowed(gold(160, 40), gate)).isTrue();
        assertThatThrownBy(() -> model.isAllowed(Reputation.empty(), 1.1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLongAbsenceReturnsAContributorToProbation() {
        Reputation rep = gold(20, 20);
        assertThat(model.isAllowed(rep, 0.7)).isFalse();

        Reputation stale = model.decay(rep, T0 + 4 * HALF_LIFE); // 40 -> 2.5 units of evidence

        assertThat(model.onProbation(stale)).isTrue();
        assertThat(model.isAllowed(stale, 0.7)).isTrue();
    }

    @Test
    void weightsAreLogOddsClippedAtZero() {
        Reputation good = gold(40, 8); // Beta(42, 9)
        Reputation bad = gold(5, 30);

        assertThat(model.weight(good)).isCloseTo(Math.log(42.0 / 9), within(1e-12));
        assertThat(model.weight(good, 4)).isCloseTo(Math.log(3 * 42.0 / 9), within(1e-12));
        assertThat(model.weight(bad)).isZero();
        assertThat(model.weight(gold(1, 2))).isZero(); // Beta(3, 3): exactly chance on two classes
        assertThat(model.weight(gold(1, 2), 3)).isCloseTo(Math.log(2), within(1e-12));
        assertThat(model.weight(gold(400, 0))).isFinite().isGreaterThan(model.weight(good));
        assertThatThrownBy(() -> model.weight(good, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hyperParametersAreConfigurableAndValidated() {
        ReputationModel uniform =
                new ReputationModel(
                        ReputationModel.Parameters.defaults()
                                .withPrior(1, 1)
                                .withConsensus(0.25, 0.9)
                                .withHalfLife(Duration.ofDays(365L * 1000))
                                .withBoundQuantile(0.1)
                                .withProbationEvidence(0));
        Reputation rep = uniform.withConsensusAnswer(Reputation.empty(), true, 0.9, T0);
        rep = uniform.withConsensusAnswer(rep, true, 0.85, T0);

        assertThat(rep.successes()).isEqualTo(0.25);
        assertThat(uniform.lowerBound(Reputation.empty())).isCloseTo(0.1, within(1e-14));
        // 2^(-1/1000) after a year: decay is negligible.
        assertThat(uniform.decay(rep, T0 + 365 * DAY).successes()).isCloseTo(0.25, within(2e-4));
        assertThat(uniform.onProbation(Reputation.empty())).isFalse();

        ReputationModel.Parameters defaults = ReputationModel.Parameters.defaults();
        assertThatThrownBy(() -> defaults.withPrior(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withConsensus(0.5, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withHalfLife(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withBoundQuantile(0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.withConsensusAnswer(Reputation.empty(), true, -0.1, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reputationRejectsInconsistentState() {
        assertThatThrownBy(() -> new Reputation(-1, 0, T0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reputation(Double.NaN, 0, T0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reputation(0, 0, T0, 1, 2, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reputation(0, 0, T0, 0, 0, 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Reputation.empty().lastUpdated()).isEqualTo(Reputation.NEVER);
    }

    private Reputation gold(int correct, int wrong) {
        Reputation rep = Reputation.empty();
        for (int i = 0; i < correct + wrong; i++) {
            rep = model.withGoldAnswer(rep, i < correct, T0);
        }
        return rep;
    }

    private Reputation replay(List<long[]> events) {
        Reputation rep = Reputation.empty();
        for (long[] event : events) {
            rep = model.withGoldAnswer(rep, event[1] == 1, event[0]);
        }
        return rep;
    }
}
