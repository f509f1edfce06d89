package dev.jury.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a test's input to a topic and fails loudly unless the broker stored every record, in the
 * order given per partition. The counterpart of {@link CommittedTopic}, which reads a job's output.
 */
public final class TopicWriter {

    private TopicWriter() {}

    /**
     * Sends every record, waits until all are acknowledged, and throws if any was not.
     *
     * <p>One request in flight per connection: with several, a freshly created partition can refuse
     * the first batch for a moment (its leader is not ready yet) while the next batch gets in; the
     * first one's retry is then out of sequence and refused for good. That lost the first 54 labels
     * of a partition in a CI run, and the test, which did not look at the send results, saw items
     * short of labels much later instead.
     *
     * @param bootstrapServers the broker
     * @param records what to send, in order
     * @param tuning extra producer settings (batching, compression), may be empty
     * @throws IllegalStateException if any record was not stored
     */
    public static void sendAll(
            String bootstrapServers,
            List<ProducerRecord<byte[], byte[]>> records,
            Map<String, Object> tuning) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(tuning);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(
                        r,
                        (metadata, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    failed.get() + " of " + records.size() + " records were not stored",
                    firstFailure.get());
        }
    }
}
