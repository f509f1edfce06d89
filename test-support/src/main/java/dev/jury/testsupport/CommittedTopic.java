package dev.jury.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads everything committed on a topic, as a {@code read_committed} consumer of a transactional
 * producer's output sees it, once no transaction on the topic is left open: the whole output is
 * decided before it is read. For tests of the exactly-once stream jobs.
 */
public final class CommittedTopic {
    private static final Duration OPEN_TRANSACTIONS_LIMIT = Duration.ofSeconds(60);
    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    private CommittedTopic() {}

    /**
     * Every committed record of a topic, decoded, in partition order.
     *
     * @param bootstrapServers the broker
     * @param topic the topic
     * @param decode turns a record's value into the caller's type
     * @return the records, never null
     * @throws AssertionError if a transaction stays open, or the topic cannot be read to its end,
     *     within a minute
     */
    public static <T> List<T> read(
            String bootstrapServers, String topic, Function<byte[], T> decode) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties(bootstrapServers, "read_committed"))) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = awaitNoOpenTransactions(bootstrapServers, partitions);
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(decode.apply(r.value()));
                }
            }
        }
        return out;
    }

    /**
     * Under read_committed, the end offsets are the last stable offsets: waits until they equal the
     * high watermarks, i.e. no transaction is open.
     */
    private static Map<TopicPartition, Long> awaitNoOpenTransactions(
            String bootstrapServers, List<TopicPartition> partitions) {
        long deadline = System.nanoTime() + OPEN_TRANSACTIONS_LIMIT.toNanos();
        try (KafkaConsumer<byte[], byte[]> all =
                        new KafkaConsumer<>(properties(bootstrapServers, "read_uncommitted"));
                KafkaConsumer<byte[], byte[]> stable =
                        new KafkaConsumer<>(properties(bootstrapServers, "read_committed"))) {
            while (true) {
                Map<TopicPartition, Long> high = all.endOffsets(partitions);
                Map<TopicPartition, Long> lso = stable.endOffsets(partitions);
                if (high.equals(lso)) {
                    return lso;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "transactions still open after "
                                    + OPEN_TRANSACTIONS_LIMIT.toSeconds()
                                    + " s: high watermarks "
                                    + high
                                    + ", last stable offsets "
                                    + lso);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static Properties properties(String bootstrapServers, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }
}
