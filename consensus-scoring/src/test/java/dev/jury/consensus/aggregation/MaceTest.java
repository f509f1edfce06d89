package dev.jury.consensus.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.consensus.AnswerTable;
import org.junit.jupiter.api.Test;

class MaceTest {
    private final SyntheticCrowd crowd = SyntheticCrowd.generate(42);

    @Test
    void recoversTheTruthBetterThanMajorityVote() {
        AnswerTable answers = crowd.table();
        double mace = crowd.accuracy(new Mace().fit(answers));
        double mv = crowd.accuracy(new MajorityVote().fit(answers));

        assertThat(mace).isGreaterThanOrEqualTo(0.90).isGreaterThan(mv + 0.05);
    }

    @Test
    void identifiesTheSpammers() {
        AnswerTable answers = crowd.table();
        double[] competence = new Mace().fit(answers).workerSkills().orElseThrow();

        for (int j = 0; j < answers.workerCount(); j++) {
            String name = answers.workerName(j);
            if (name.startsWith("spam")) {
                assertThat(competence[j]).as(name).isLessThan(0.1);
            } else if (name.startsWith("good")) {
                assertThat(competence[j]).as(name).isGreaterThan(0.6);
            } else {
                assertThat(competence[j]).as(name).isBetween(0.2, 0.6);
            }
        }
    }

    @Test
    void confusionRowsAreTheImpliedAnswerDistributions() {
        Aggregation result = new Mace().fit(crowd.table());
        double[][][] confusions = result.confusions().orElseThrow();
        double[] competence = result.workerSkills().orElseThrow();

        for (int j = 0; j < confusions.length; j++) {
            for (int t = 0; t < confusions[j].length; t++) {
                double sum = 0;
                for (double p : confusions[j][t]) {
                    sum += p;
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(confusions[j][t][t]).isGreaterThanOrEqualTo(competence[j]);
            }
        }
    }

    @Test
    void objectiveNeverDecreasesOnAnyStart() {
        for (int restarts = 1; restarts <= 3; restarts++) {
            double[] history =
                    new Mace(restarts, 100, 0, 0.01, 7L).fit(crowd.table()).lossHistory();
            // Tolerance 0 runs until an iteration gains nothing at all.
            assertThat(history.length).isGreaterThan(10);
            for (int i = 1; i < history.length; i++) {
                assertThat(history[i])
                        .isGreaterThanOrEqualTo(history[i - 1] - 1e-9 * Math.abs(history[i - 1]));
            }
        }
    }

    @Test
    void sameInputAndSeedGiveTheSameResult() {
        AnswerTable answers = crowd.table();
        Aggregation first = new Mace().fit(answers);
        Aggregation second = new Mace().fit(answers);

        for (int t = 0; t < answers.taskCount(); t++) {
            assertThat(second.posterior(t)).containsExactly(first.posterior(t));
        }
        assertThat(second.workerSkills().orElseThrow())
                .containsExactly(first.workerSkills().orElseThrow());
    }

    @Test
    void moreRestartsNeverEndBelowTheMajorityVoteStart() {
        AnswerTable answers = crowd.table();
        double[] single = new Mace(1, 50, 1e-6, 0.01, 1L).fit(answers).lossHistory();
        double[] many = new Mace().fit(answers).lossHistory();

        assertThat(many[many.length - 1]).isGreaterThanOrEqualTo(single[single.length - 1]);
    }

    @Test
    void rejectsInvalidHyperParameters() {
        assertThatThrownBy(() -> new Mace(0, 50, 1e-6, 0.01, 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mace(10, 0, 1e-6, 0.01, 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mace(10, 50, 1e-6, 0, 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mace(10, 50, -1, 0.01, 1L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isNamedMace() {
        assertThat(new Mace().name()).isEqualTo("mace");
    }
}
