package dev.jury.stream.kafka;

import dev.jury.events.JuryEvent;
import dev.jury.events.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes events to their topic, keyed as the topic's {@link TopicSpec} says (the key decides the
 * partition, and so what stays in order), with the events module's codec. It names the one topic it
 * writes to ({@link KafkaDatasetFacetProvider}): the sink's pooled transactional ids need it, to
 * find on start-up the transactions an earlier run of the job left open on that topic.
 *
 * @param <T> the event type
 */
public final class EventSerializer<T extends JuryEvent>
        implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private transient TopicSpec<T> spec;

    /**
     * @param spec the topic's specification (key and codec)
     * @param topic the topic name to write to; normally {@code spec.name()}, overridable for tests
     */
    public EventSerializer(TopicSpec<T> spec, String topic) {
        this.type = spec.eventType();
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T event, KafkaSinkContext context, Long timestamp) {
        if (spec == null) {
            // TopicSpec holds a lambda and is not serializable, so look it up on the task, once.
            spec = dev.jury.events.Topics.forEventType(type);
        }
        // No timestamp: the producer stamps the record when it is sent. The element's timestamp is
        // the label's event time, and a broker deletes records by timestamp: output computed from
        // labels older than the topic's retention (a backlog after an outage, a replay of old
        // data) would be deleted as soon as it was committed. The event carries its own times.
        return new ProducerRecord<>(
                topic,
                null,
                (Long) null,
                spec.keyOf(event).getBytes(StandardCharsets.UTF_8),
                spec.codec().encode(event));
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(
                new DefaultKafkaDatasetFacet(
                        DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }
}
