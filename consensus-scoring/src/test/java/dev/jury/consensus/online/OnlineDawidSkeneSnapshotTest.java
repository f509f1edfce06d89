package dev.jury.consensus.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.online.OnlineDawidSkene.Config;
import dev.jury.consensus.online.OnlineDawidSkene.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OnlineDawidSkeneSnapshotTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** A seeded crowd: 200 items, 12 contributors of accuracy 0.55 to 0.9, 4 labels per item. */
    private static List<String[]> votes(long seed) {
        Random random = new Random(seed);
        List<String[]> votes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int truth = random.nextInt(3);
            for (int j = 0; j < 4; j++) {
                int w = (i + j * 5) % 12;
                double accuracy = 0.55 + 0.35 * w / 11;
                int label =
                        random.nextDouble() < accuracy
                                ? truth
                                : (truth + 1 + random.nextInt(2)) % 3;
                votes.add(new String[] {"item-" + i, "w" + w, CLASSES.get(label)});
            }
        }
        return votes;
    }

    private static Snapshot roundTrip(Snapshot snapshot) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        snapshot.writeTo(new DataOutputStream(bytes));
        return Snapshot.readFrom(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    @DisplayName("a restored model evolves bit for bit like the original under the same labels")
    void restoredModelContinuesExactly() throws IOException {
        List<String[]> votes = votes(7);
        OnlineDawidSkene original = new OnlineDawidSkene(CLASSES, Config.defaults());
        int half = votes.size() / 2;
        for (String[] v : votes.subList(0, half)) {
            original.observe(v[0], v[1], v[2]);
        }
        // Forgotten items leave holes in the label pool; the snapshot must not depend on them.
        original.forget("item-3");
        original.forget("item-10");

        OnlineDawidSkene restored = OnlineDawidSkene.restore(roundTrip(original.snapshot()));
        assertThat(restored.itemCount()).isEqualTo(original.itemCount());
        assertThat(restored.workerCount()).isEqualTo(original.workerCount());
        assertThat(restored.labelsObserved()).isEqualTo(original.labelsObserved());

        for (String[] v : votes.subList(half, votes.size())) {
            assertThat(restored.observe(v[0], v[1], v[2]))
                    .isEqualTo(original.observe(v[0], v[1], v[2]));
        }
        for (int i = 0; i < 200; i++) {
            String item = "item-" + i;
            assertThat(restored.posterior(item)).isEqualTo(original.posterior(item));
            // Boxed, so that NaN (a forgotten item) equals NaN.
            assertThat(Double.valueOf(restored.cautiousConfidence(item, 0.5)))
                    .isEqualTo(Double.valueOf(original.cautiousConfidence(item, 0.5)));
        }
        assertThat(restored.accuracy("w3")).isEqualTo(original.accuracy("w3"));
    }

    @Test
    @DisplayName("a class added later starts with prior mass only and can then be answered")
    void classAddedLater() {
        OnlineDawidSkene model = new OnlineDawidSkene(List.of("a", "b"), Config.defaults());
        for (String[] v : votes(3)) {
            if (!v[2].equals("c")) {
                model.observe(v[0], v[1], v[2]);
            }
        }
        Map<String, Double> before = model.posterior("item-0");

        OnlineDawidSkene grown = OnlineDawidSkene.restore(model.snapshot().withClass("c"));
        Map<String, Double> after = grown.posterior("item-0");
        assertThat(after.keySet()).containsExactly("a", "b", "c");
        assertThat(after.values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, within(1e-9));
        assertThat(after.get("c")).isLessThan(0.05);
        String best = before.get("a") > before.get("b") ? "a" : "b";
        assertThat(after.get(best)).isGreaterThan(after.get("c"));

        assertThat(grown.observe("new-item", "w1", "c"))
                .isEqualTo(OnlineDawidSkene.Outcome.ACCEPTED);
        assertThat(grown.observe("new-item", "w2", "c"))
                .isEqualTo(OnlineDawidSkene.Outcome.ACCEPTED);
        assertThat(grown.posterior("new-item").get("c")).isGreaterThan(0.5);
    }

    @Test
    @DisplayName("renaming a class keeps every number and only changes the name")
    void classRenamed() {
        OnlineDawidSkene model =
                new OnlineDawidSkene(List.of("a", "placeholder"), Config.defaults());
        model.observe("i", "w", "a");
        OnlineDawidSkene renamed =
                OnlineDawidSkene.restore(model.snapshot().withClassRenamed("placeholder", "b"));
        assertThat(renamed.classes()).containsExactly("a", "b");
        assertThat(renamed.posterior("i").get("b"))
                .isEqualTo(model.posterior("i").get("placeholder"));
        assertThatThrownBy(() -> model.snapshot().withClass("a"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
