package dev.jury.consensus.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WawaTest {

    @Test
    @DisplayName("a contributor's skill is their (soft) agreement with the majority vote")
    void skillIsAgreementWithMajorityVote() {
        // t1: a,a,b -> MV (2/3, 1/3); t2: b,b,b -> MV b; t3: a,b -> tie (1/2, 1/2).
        AnswerTable answers =
                AnswerTable.of(
                        List.of(
                                new Vote("t1", "w1", "a"),
                                new Vote("t1", "w2", "a"),
                                new Vote("t1", "w3", "b"),
                                new Vote("t2", "w1", "b"),
                                new Vote("t2", "w2", "b"),
                                new Vote("t2", "w3", "b"),
                                new Vote("t3", "w1", "a"),
                                new Vote("t3", "w3", "b")));

        double[] skill = new Wawa().fit(answers).workerSkills().orElseThrow();

        assertThat(skill[answers.workerIndex("w1")])
                .isCloseTo((2.0 / 3 + 1 + 0.5) / 3, within(1e-12));
        assertThat(skill[answers.workerIndex("w2")]).isCloseTo((2.0 / 3 + 1) / 2, within(1e-12));
        assertThat(skill[answers.workerIndex("w3")])
                .isCloseTo((1.0 / 3 + 1 + 0.5) / 3, within(1e-12));
    }

    @Test
    @DisplayName("the second vote is weighted by skill, which breaks majority-vote ties")
    void weightedVote() {
        AnswerTable answers =
                AnswerTable.of(
                        List.of(
                                new Vote("t1", "w1", "a"),
                                new Vote("t1", "w2", "a"),
                                new Vote("t1", "w3", "b"),
                                new Vote("t2", "w1", "b"),
                                new Vote("t2", "w2", "b"),
                                new Vote("t2", "w3", "b"),
                                new Vote("t3", "w1", "b"),
                                new Vote("t3", "w3", "a")));
        Aggregation wawa = new Wawa().fit(answers);
        double[] skill = wawa.workerSkills().orElseThrow();
        double w1 = skill[answers.workerIndex("w1")];
        double w3 = skill[answers.workerIndex("w3")];

        assertThat(w1).isGreaterThan(w3);
        assertThat(new MajorityVote().fit(answers).posterior("t3").orElseThrow())
                .containsEntry("a", 0.5);
        assertThat(wawa.posterior("t3").orElseThrow().get("b"))
                .isCloseTo(w1 / (w1 + w3), within(1e-12));
        assertThat(wawa.label("t3")).contains("b");
    }

    @Test
    @DisplayName(
            "on the seeded synthetic crowd skills equal agreement with MV and rank spammers last")
    void syntheticCrowd() {
        SyntheticCrowd crowd = SyntheticCrowd.generate(42);
        AnswerTable answers = crowd.table();
        Aggregation mv = new MajorityVote().fit(answers);
        Aggregation wawa = new Wawa().fit(answers);
        double[] skill = wawa.workerSkills().orElseThrow();

        double[] agreed = new double[answers.workerCount()];
        for (int i = 0; i < answers.size(); i++) {
            agreed[answers.worker(i)] += mv.posterior(answers.task(i))[answers.label(i)];
        }
        int[] answered = answers.answersPerWorker();
        double minGood = 1;
        double maxSpam = 0;
        for (int w = 0; w < skill.length; w++) {
            assertThat(skill[w]).isCloseTo(agreed[w] / answered[w], within(1e-12));
            if (answers.workerName(w).startsWith("good")) {
                minGood = Math.min(minGood, skill[w]);
            } else if (answers.workerName(w).startsWith("spam")) {
                maxSpam = Math.max(maxSpam, skill[w]);
            }
        }
        assertThat(minGood).isGreaterThan(maxSpam);
        assertThat(crowd.accuracy(wawa)).isGreaterThanOrEqualTo(crowd.accuracy(mv));
        assertThat(wawa.confusions()).isEmpty();
        assertThat(wawa.lossHistory()).isEmpty();
        assertThat(new Wawa().name()).isEqualTo("wawa");
    }
}
