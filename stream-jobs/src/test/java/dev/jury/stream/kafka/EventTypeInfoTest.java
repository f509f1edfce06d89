package dev.jury.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.TextSpan;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventTypeInfoTest {
    private static final long JANUARY_2026 = 1_767_225_600_000L;

    private static LabelSubmitted label(LabelValue value, LabelValue gold, String lease) {
        return LabelSubmitted.create(
                "l1",
                "p1",
                "i1",
                "c1",
                value,
                gold,
                lease,
                lease == null ? null : "k1",
                JANUARY_2026,
                1234);
    }

    @Test
    @DisplayName(
            "a label crosses the shuffle in its binary form and comes back equal, whatever kind of"
                    + " answer it holds")
    void labelsRoundTripInTheirBinaryForm() throws Exception {
        TypeSerializer<LabelSubmitted> serializer =
                new EventTypeInfo<>(LabelSubmitted.class)
                        .createSerializer(new SerializerConfigImpl());
        List<LabelSubmitted> labels =
                List.of(
                        label(LabelValue.ofChoice("cat"), null, null),
                        label(LabelValue.ofChoice("cät ✓"), LabelValue.ofChoice("dog"), "lease"),
                        label(LabelValue.ofChoices(List.of("a", "b")), null, null),
                        label(
                                LabelValue.ofSpans(
                                        List.of(
                                                new TextSpan(0, 4, "PER"),
                                                new TextSpan(5, 9, "LOC"))),
                                LabelValue.ofSpans(List.of(new TextSpan(0, 4, "PER"))),
                                null),
                        label(LabelValue.ofChoice("x".repeat(70_000)), null, null));
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (LabelSubmitted l : labels) {
            serializer.serialize(l, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (LabelSubmitted l : labels) {
            assertThat(serializer.deserialize(in)).isEqualTo(l);
        }
        assertThat(in.available()).isZero();

        // copy(source, target) moves one record without losing the framing of the next.
        DataOutputSerializer copied = new DataOutputSerializer(64);
        DataInputDeserializer again = new DataInputDeserializer(out.getCopyOfBuffer());
        for (int i = 0; i < labels.size(); i++) {
            serializer.copy(again, copied);
        }
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    }
}
