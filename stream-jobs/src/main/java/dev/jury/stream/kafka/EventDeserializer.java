package dev.jury.stream.kafka;

import dev.jury.events.EventDecodingException;
import dev.jury.events.JuryEvent;
import dev.jury.events.TopicSpec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic's events with the events module's codec.
 *
 * <p>A record that does not decode (a tombstone, a foreign producer, a schema it cannot read) is
 * logged with its coordinates and skipped: failing would restart the job onto the same record
 * forever. The input is written only by the task API's outbox, so a skip means a bug there, and the
 * log line is how it is found.
 *
 * @param <T> the event type
 */
public final class EventDeserializer<T extends JuryEvent>
        implements KafkaRecordDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventDeserializer.class);

    private final Class<T> type;

    /**
     * @param spec the topic to read
     */
    public EventDeserializer(TopicSpec<T> spec) {
        this.type = spec.eventType();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        try {
            out.collect(dev.jury.events.Events.codec(type).decode(record.value()));
        } catch (EventDecodingException e) {
            LOG.warn(
                    "Skipping undecodable record {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new EventTypeInfo<>(type);
    }
}
