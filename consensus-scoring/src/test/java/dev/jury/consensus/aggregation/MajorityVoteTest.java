package dev.jury.consensus.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MajorityVoteTest {

    private static final AnswerTable TOY =
            AnswerTable.of(
                    List.of(
                            new Vote("t1", "w1", "cat"),
                            new Vote("t1", "w2", "cat"),
                            new Vote("t1", "w3", "dog"),
                            new Vote("t2", "w1", "dog"),
                            new Vote("t2", "w2", "cat"),
                            new Vote("t3", "w3", "dog")));

    @Test
    @DisplayName("the posterior is the share of answers that chose each class")
    void posteriorIsTheShareOfVotes() {
        Aggregation mv = new MajorityVote().fit(TOY);

        assertThat(mv.posterior("t1").orElseThrow())
                .isEqualTo(Map.of("cat", 2.0 / 3, "dog", 1.0 / 3));
        assertThat(mv.posterior("t3").orElseThrow()).isEqualTo(Map.of("cat", 0.0, "dog", 1.0));
        assertThat(mv.labels())
                .containsExactly(
                        Map.entry("t1", "cat"), Map.entry("t2", "cat"), Map.entry("t3", "dog"));
    }

    @Test
    @DisplayName("a tie stays a tie in the posterior and goes to the lowest class index")
    void tiesStayTies() {
        Aggregation mv = new MajorityVote().fit(TOY);
        int t2 = TOY.taskIndex("t2");

        assertThat(mv.posterior(t2)).containsExactly(0.5, 0.5);
        assertThat(mv.topClasses(t2)).containsExactly(0, 1);
        assertThat(mv.label("t2")).contains("cat");
    }

    @Test
    @DisplayName("majority vote has no contributor parameters and no objective")
    void noLearnedParameters() {
        Aggregation mv = new MajorityVote().fit(TOY);

        assertThat(mv.workerSkills()).isEmpty();
        assertThat(mv.confusions()).isEmpty();
        assertThat(mv.lossHistory()).isEmpty();
        assertThat(new MajorityVote().name()).isEqualTo("mv");
        assertThat(mv.label("unknown")).isEmpty();
    }

    @Test
    @DisplayName("on the seeded synthetic crowd the spammers cost majority vote accuracy")
    void syntheticCrowd() {
        SyntheticCrowd crowd = SyntheticCrowd.generate(42);
        double accuracy = crowd.accuracy(new MajorityVote().fit(crowd.table()));

        // Good enough to be a baseline, bad enough that weighting contributors pays off.
        assertThat(accuracy).isBetween(0.6, 0.9);
    }

    @Test
    @DisplayName("every posterior row sums to 1")
    void rowsSumToOne() {
        Aggregation mv = new MajorityVote().fit(SyntheticCrowd.generate(42).table());
        for (int t = 0; t < mv.answers().taskCount(); t++) {
            assertThat(java.util.Arrays.stream(mv.posterior(t)).sum()).isCloseTo(1, within(1e-12));
        }
    }
}
