package dev.jury.stream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.ResolutionStatus;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsAccumulatorTest {
    private final MetricsAccumulatorSerializer serializer = new MetricsAccumulatorSerializer();

    @Test
    @DisplayName("a folded window survives a checkpoint round trip, and copies are independent")
    void roundTripAndDeepCopy() throws Exception {
        MetricsAccumulator acc = new MetricsAccumulator();
        acc.add(label("i1", "alice", "cat"));
        acc.add(label("i1", "bob", "dog"));
        acc.add(label("i2", "alice", "dog"));
        acc.add(decision("i1", ResolutionStatus.RESOLVED, 2));
        acc.add(decision("i1", ResolutionStatus.RESOLVED, 3));
        acc.add(decision("i2", ResolutionStatus.NEEDS_MORE_LABELS, 1));

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(acc, out);
        MetricsAccumulator back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.labels).isEqualTo(3);
        assertThat(back.decisions).isEqualTo(3);
        assertThat(back.resolvedDecisions).isEqualTo(2);
        assertThat(back.classes).containsExactly("cat", "dog");
        assertThat(back.perItem.get("i1")).containsExactly(1, 1);
        assertThat(back.perItem.get("i2")).containsExactly(0, 1);
        assertThat(back.contributors).containsExactlyInAnyOrder("alice", "bob");
        // The first RESOLVED decision of an item counts its labels used.
        assertThat(back.resolvedItems).containsExactly(java.util.Map.entry("i1", 2));

        MetricsAccumulator copy = serializer.copy(acc);
        copy.add(label("i1", "carol", "cat"));
        assertThat(acc.perItem.get("i1")).containsExactly(1, 1);
        assertThat(acc.labels).isEqualTo(3);
    }

    @Test
    @DisplayName("merging two folds equals folding all their inputs, whatever the class order")
    void mergeMatchesOneFold() {
        MetricsAccumulator a = new MetricsAccumulator();
        a.add(label("i1", "alice", "cat"));
        MetricsAccumulator b = new MetricsAccumulator();
        b.add(label("i1", "bob", "dog"));
        b.add(label("i1", "carol", "cat"));
        a.merge(b);
        assertThat(a.labels).isEqualTo(3);
        assertThat(a.classes).containsExactly("cat", "dog");
        assertThat(a.perItem.get("i1")).containsExactly(2, 1);
        assertThat(a.contributors).hasSize(3);
    }

    private static MetricsInput label(String item, String contributor, String choice) {
        MetricsInput m = new MetricsInput();
        m.projectId = "p";
        m.itemId = item;
        m.label = true;
        m.contributorId = contributor;
        m.choice = choice;
        return m;
    }

    private static MetricsInput decision(String item, ResolutionStatus status, int used) {
        MetricsInput m = new MetricsInput();
        m.projectId = "p";
        m.itemId = item;
        m.status = status.name();
        m.labelsUsed = used;
        return m;
    }
}
