package dev.jury.consensus.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OneCoinDawidSkeneTest {
    private final SyntheticCrowd crowd = SyntheticCrowd.generate(42);

    @Test
    @DisplayName("beats majority vote on the seeded synthetic crowd with spammers")
    void beatsMajorityVote() {
        AnswerTable answers = crowd.table();
        double oneCoin = crowd.accuracy(new OneCoinDawidSkene().fit(answers));
        double mv = crowd.accuracy(new MajorityVote().fit(answers));

        assertThat(oneCoin).isGreaterThan(mv + 0.05);
    }

    @Test
    @DisplayName("skills rank good contributors above weak ones above spammers, never below chance")
    void skillsRankContributors() {
        AnswerTable answers = crowd.table();
        double[] skill = new OneCoinDawidSkene().fit(answers).workerSkills().orElseThrow();

        double minGood = 1;
        double maxWeak = 0;
        double minWeak = 1;
        double maxSpam = 0;
        for (int w = 0; w < skill.length; w++) {
            String name = answers.workerName(w);
            assertThat(skill[w]).isBetween(1.0 / SyntheticCrowd.CLASSES, 1.0);
            if (name.startsWith("good")) {
                minGood = Math.min(minGood, skill[w]);
                assertThat(skill[w]).isCloseTo(0.85, within(0.06));
            } else if (name.startsWith("weak")) {
                maxWeak = Math.max(maxWeak, skill[w]);
                minWeak = Math.min(minWeak, skill[w]);
            } else {
                maxSpam = Math.max(maxSpam, skill[w]);
            }
        }
        assertThat(minGood).isGreaterThan(maxWeak);
        assertThat(minWeak).isGreaterThan(maxSpam);
    }

    @Test
    @DisplayName("the log-likelihood history never decreases and posteriors are proper")
    void wellFormed() {
        AnswerTable answers = crowd.table();
        Aggregation result = new OneCoinDawidSkene(200, 0, 2, 1).fit(answers);

        double[] history = result.lossHistory();
        assertThat(history.length).isGreaterThan(1);
        for (int i = 1; i < history.length; i++) {
            assertThat(history[i])
                    .as("iteration %d", i)
                    .isGreaterThanOrEqualTo(history[i - 1] - 1e-9 * Math.abs(history[i - 1]));
        }
        for (int t = 0; t < answers.taskCount(); t++) {
            double sum = 0;
            for (double p : result.posterior(t)) {
                assertThat(p).isFinite().isBetween(0.0, 1.0);
                sum += p;
            }
            assertThat(sum).isCloseTo(1, within(1e-9));
        }
        assertThat(result.confusions()).isEmpty();
        assertThat(new OneCoinDawidSkene().name()).isEqualTo("ds1");
    }

    @Test
    @DisplayName("maxIterations caps the history")
    void iterationCap() {
        assertThat(new OneCoinDawidSkene(2, 0, 2, 1).fit(crowd.table()).lossHistory()).hasSize(2);
    }

    @Test
    @DisplayName("invalid hyper-parameters are refused")
    void constructorValidation() {
        assertThatThrownBy(() -> new OneCoinDawidSkene(0, 1e-7, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIterations");
        assertThatThrownBy(() -> new OneCoinDawidSkene(10, 1e-7, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OneCoinDawidSkene(10, 1e-7, 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OneCoinDawidSkene(10, 1e-7, Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OneCoinDawidSkene(10, -1, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OneCoinDawidSkene(10, Double.NaN, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
