package dev.jury.consensus.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineDawidSkeneGoldTest {
    private static final List<String> CLASSES = List.of("c0", "c1", "c2");

    private static OnlineDawidSkene model() {
        return new OnlineDawidSkene(CLASSES, OnlineDawidSkene.Config.defaults());
    }

    /** Gold history: "good" always right, "bad" always wrong, on every true class. */
    private static void goldHistory(OnlineDawidSkene m, int answers) {
        for (int i = 0; i < answers; i++) {
            String truth = CLASSES.get(i % 3);
            String wrong = CLASSES.get((i + 1) % 3);
            m.observeGold("good", truth, truth);
            m.observeGold("bad", wrong, truth);
        }
    }

    @Test
    void goldAnswersDecideBetweenTwoContributorsWhoDisagree() {
        OnlineDawidSkene withoutGold = model();
        withoutGold.observe("item", "good", "c0");
        withoutGold.observe("item", "bad", "c1");
        // Two strangers disagreeing: no reason to believe either.
        assertThat(withoutGold.posterior("item").get("c0"))
                .isCloseTo(
                        withoutGold.posterior("item").get("c1"),
                        org.assertj.core.data.Offset.offset(1e-9));

        OnlineDawidSkene withGold = model();
        goldHistory(withGold, 30);
        withGold.observe("item", "good", "c0");
        withGold.observe("item", "bad", "c1");
        assertThat(withGold.posterior("item").get("c0")).isGreaterThan(0.9);
        assertThat(withGold.accuracy("good")).isGreaterThan(0.8);
        assertThat(withGold.accuracy("bad")).isLessThan(0.2);
        assertThat(withGold.itemCount()).as("gold items are not held").isEqualTo(1);
        assertThat(withGold.labelsObserved())
                .as("gold answers are not labels of items")
                .isEqualTo(2);
    }

    @Test
    void aGoldAnswerOutsideTheSchemaIsRefusedAndLeavesNoTrace() {
        OnlineDawidSkene m = model();
        assertThatThrownBy(() -> m.observeGold("w", "c9", "c0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c9");
        assertThatThrownBy(() -> m.observeGold("w", "c0", "c9"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(m.workerCount()).isZero();
    }

    @Test
    void goldEvidenceSurvivesSnapshotAndRestoreToTheLastBit() {
        OnlineDawidSkene original = model();
        goldHistory(original, 10);
        original.observe("a", "good", "c2");
        OnlineDawidSkene restored = OnlineDawidSkene.restore(original.snapshot());
        for (OnlineDawidSkene m : List.of(original, restored)) {
            m.observe("a", "bad", "c1");
            m.observe("b", "bad", "c0");
            m.observe("b", "good", "c1");
        }
        assertThat(restored.posterior("a")).isEqualTo(original.posterior("a"));
        assertThat(restored.posterior("b")).isEqualTo(original.posterior("b"));
        assertThat(restored.accuracy("bad")).isEqualTo(original.accuracy("bad"));
    }
}
