package dev.jury.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventSerializerTest {

    private static final long JANUARY_2026 = 1_767_225_600_000L;

    @Test
    @DisplayName(
            "a record is keyed by its topic's key and leaves its timestamp to the producer, not"
                    + " the event time")
    void keyCodecAndNoEventTimeTimestamp() {
        LabelSubmitted label =
                LabelSubmitted.create(
                        "l1",
                        "p1",
                        "i1",
                        "c1",
                        LabelValue.ofChoice("cat"),
                        null,
                        null,
                        null,
                        JANUARY_2026,
                        1000);
        EventSerializer<LabelSubmitted> serializer =
                new EventSerializer<>(Topics.LABELS_SUBMITTED_SPEC, "labels-test");

        // Flink passes the element's event time; a broker deletes records by timestamp, so output
        // stamped with old event times would be deleted at once (see EventSerializer).
        ProducerRecord<byte[], byte[]> record = serializer.serialize(label, null, JANUARY_2026);

        assertThat(record.topic()).isEqualTo("labels-test");
        assertThat(record.timestamp()).isNull();
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo(Topics.LABELS_SUBMITTED_SPEC.keyOf(label));
        assertThat(LabelSubmitted.CODEC.decode(record.value())).isEqualTo(label);
    }
}
