package dev.jury.consensus.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.consensus.AnswerTable;
import org.junit.jupiter.api.Test;

class GladTest {
    private final SyntheticCrowd crowd = SyntheticCrowd.generate(42);

    @Test
    void recoversTheTruthBetterThanMajorityVote() {
        AnswerTable answers = crowd.table();
        double glad = crowd.accuracy(new Glad().fit(answers));
        double mv = crowd.accuracy(new MajorityVote().fit(answers));

        assertThat(glad).isGreaterThanOrEqualTo(0.90).isGreaterThan(mv + 0.05);
    }

    @Test
    void ranksGoodContributorsAboveWeakOnesAboveSpammers() {
        AnswerTable answers = crowd.table();
        double[] alpha = new Glad().fit(answers).workerSkills().orElseThrow();

        double minGood = Double.MAX_VALUE;
        double maxWeak = -Double.MAX_VALUE;
        double minWeak = Double.MAX_VALUE;
        double maxSpam = -Double.MAX_VALUE;
        for (int j = 0; j < answers.workerCount(); j++) {
            String name = answers.workerName(j);
            if (name.startsWith("good")) {
                minGood = Math.min(minGood, alpha[j]);
            } else if (name.startsWith("weak")) {
                maxWeak = Math.max(maxWeak, alpha[j]);
                minWeak = Math.min(minWeak, alpha[j]);
            } else {
                maxSpam = Math.max(maxSpam, alpha[j]);
            }
        }
        assertThat(minGood).isGreaterThan(maxWeak);
        assertThat(minWeak).isGreaterThan(maxSpam);
        // With 3 classes a random answer is right a third of the time: σ(αβ) < 1/2, so α < 0.
        assertThat(maxSpam).isNegative();
    }

    @Test
    void objectiveNeverDecreases() {
        // The M-step only accepts gradient steps that pass an Armijo line search, so the MAP
        // objective is monotone (generalised EM); allow for rounding only.
        double[] history = new Glad(200, 0, 5, 1, 0, 1).fit(crowd.table()).lossHistory();

        // Tolerance 0 runs until an iteration gains nothing at all.
        assertThat(history.length).isGreaterThan(10);
        for (int i = 1; i < history.length; i++) {
            assertThat(history[i])
                    .isGreaterThanOrEqualTo(history[i - 1] - 1e-9 * Math.abs(history[i - 1]));
        }
    }

    @Test
    void stopsEarlyOnceTheObjectiveStalls() {
        assertThat(new Glad().fit(crowd.table()).lossHistory().length)
                .isLessThan(Glad.DEFAULT_MAX_ITERATIONS);
    }

    @Test
    void rejectsInvalidHyperParameters() {
        assertThatThrownBy(() -> new Glad(0, 1e-5, 5, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Glad(10, 1e-5, 0, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Glad(10, -1, 5, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Glad(10, 1e-5, 5, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Glad(10, 1e-5, 5, Double.NaN, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isNamedGlad() {
        assertThat(new Glad().name()).isEqualTo("glad");
    }
}
