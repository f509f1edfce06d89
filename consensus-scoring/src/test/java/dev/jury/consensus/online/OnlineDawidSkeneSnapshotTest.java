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
        restoredModelContinuesExactly(Config.defaults());
    }

    @Test
    @DisplayName("a large model's arrays round-trip exactly")
    void largeModelRoundTrips() throws IOException {
        Random random = new Random(3);
        OnlineDawidSkene original = new OnlineDawidSkene(CLASSES, Config.defaults());
        // 5,000 open items with 3 labels each, 700 contributors: arrays of tens of kilobytes.
        for (int i = 0; i < 5_000; i++) {
            for (int j = 0; j < 3; j++) {
                original.observe(
                        "item-" + i,
                        "w" + ((i * 7 + j * 233) % 700),
                        CLASSES.get(random.nextInt(3)));
            }
        }
        OnlineDawidSkene restored = OnlineDawidSkene.restore(roundTrip(original.snapshot()));
        assertThat(restored.itemCount()).isEqualTo(5_000);
        for (int i = 0; i < 5_000; i += 7) {
            assertThat(restored.posterior("item-" + i)).isEqualTo(original.posterior("item-" + i));
        }
        for (int w = 0; w < 700; w += 13) {
            // Boxed, so that NaN (no counted answers yet) equals NaN.
            assertThat(Double.valueOf(restored.accuracy("w" + w)))
                    .isEqualTo(Double.valueOf(original.accuracy("w" + w)));
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        restored.snapshot().writeTo(new DataOutputStream(again));
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        original.snapshot().writeTo(new DataOutputStream(first));
        assertThat(again.toByteArray()).isEqualTo(first.toByteArray());
    }

    @Test
    @DisplayName("with a pooled prior, a restored model also evolves bit for bit like the original")
    void restoredPooledModelContinuesExactly() throws IOException {
        restoredModelContinuesExactly(new Config(0.01, 1.0, 2, 1024, 0.002, 1.0));
    }

    private void restoredModelContinuesExactly(Config config) throws IOException {
        List<String[]> votes = votes(7);
        OnlineDawidSkene original = new OnlineDawidSkene(CLASSES, config);
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

    @Test
    @DisplayName("the pooled prior and the crowd's counts survive a snapshot")
    void pooledPriorRoundTrips() throws IOException {
        Config pooled = new Config(0.01, 1.0, 2, 1024, 0.002, 1.0);
        OnlineDawidSkene model = new OnlineDawidSkene(CLASSES, pooled);
        for (String[] v : votes(11)) {
            model.observe(v[0], v[1], v[2]);
        }
        model.observeGold("w4", "a", "b");
        Snapshot snapshot = model.snapshot();
        Snapshot read = roundTrip(snapshot);
        assertThat(read.config()).isEqualTo(pooled);
        assertThat(read.crowdCounts()).containsExactly(snapshot.crowdCounts());
        // The crowd's counts are the contributors' counts summed: 800 labels and one gold answer.
        double total = 0;
        for (double v : snapshot.crowdCounts()) {
            total += v;
        }
        assertThat(total).isCloseTo(801, within(1e-6));
        Snapshot grown = snapshot.withClass("d");
        assertThat(grown.crowdCounts()).hasSize(16);
        assertThat(grown.crowdCounts()[5]).isEqualTo(snapshot.crowdCounts()[4]);
    }

    @Test
    @DisplayName("a snapshot in the format without a pooled prior restores with none")
    void readsFormatOne() throws IOException {
        OnlineDawidSkene model =
                new OnlineDawidSkene(List.of("a", "b"), new Config(0.01, 1.0, 2, 8, 0.02));
        model.observe("i", "w", "a");
        model.observe("i", "v", "b");
        Snapshot s = model.snapshot();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        // Format 1, as written before the pooled prior existed.
        out.writeInt(1);
        out.writeDouble(0.01);
        out.writeDouble(1.0);
        out.writeInt(2);
        out.writeInt(8);
        out.writeDouble(0.02);
        writeStrings(out, s.classes());
        writeStrings(out, s.workers());
        writeDoubles(out, s.counts());
        writeDoubles(out, logs(s.confusion()));
        writeDoubles(out, s.rowTotals());
        writeInts(out, s.answers());
        writeDoubles(out, s.drift());
        writeDoubles(out, s.classCounts());
        writeDoubles(out, logs(s.prior()));
        out.writeDouble(s.priorDrift());
        writeStrings(out, s.items());
        writeInts(out, s.itemSizes());
        writeInts(out, s.itemCounted());
        writeDoubles(out, s.itemContribution());
        writeInts(out, s.labelWorkers());
        writeInts(out, s.labelClasses());
        out.writeInt(s.cursor());
        out.writeLong(s.labelsObserved());

        Snapshot read =
                Snapshot.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.config().pooledPrior()).isZero();
        assertThat(read.crowdCounts()).containsExactly(s.crowdCounts());
        OnlineDawidSkene restored = OnlineDawidSkene.restore(read);
        assertThat(restored.posterior("i")).isEqualTo(model.posterior("i"));
        restored.observe("j", "w", "b");
        model.observe("j", "w", "b");
        assertThat(restored.posterior("j")).isEqualTo(model.posterior("j"));
    }

    private static void writeStrings(DataOutputStream out, String[] values) throws IOException {
        out.writeInt(values.length);
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    /** Formats 1 and 2 cached logarithms where the model now caches probabilities. */
    private static double[] logs(double[] values) {
        double[] logs = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            logs[i] = Math.log(values[i]);
        }
        return logs;
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }
}
