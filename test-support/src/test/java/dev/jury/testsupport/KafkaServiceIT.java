package dev.jury.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class KafkaServiceIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private static KafkaService kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaService.shared();
    }

    @Test
    @DisplayName("The shared broker is one instance, on 127.0.0.1")
    void sharedIsOneLoopbackBroker() {
        assertThat(KafkaService.shared()).isSameAs(kafka);
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    @DisplayName("Nothing answers on the broker's port at a non-loopback address")
    void notReachableOffLoopback() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        LoopbackAssertions.assertNotReachableOffLoopback(port);
    }

    @Test
    @DisplayName("An idempotent producer's 100 records all come back, in order per partition")
    void idempotentRoundTrip(TestInfo test) throws Exception {
        String topic = topicFor(test);
        kafka.createTopic(topic, 3);

        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + (i % 7), "value-" + i));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> records = readAll(topic, 100);
        assertThat(records).hasSize(100);
        assertThat(records)
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, 100)
                                .mapToObj(i -> "value-" + i)
                                .toList());
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);
    }

    @Test
    @DisplayName("A committed transaction is visible to read_committed; an aborted one is not")
    void transactions(TestInfo test) throws Exception {
        String topic = topicFor(test);
        kafka.createTopic(topic, 1);

        try (KafkaProducer<String, String> producer =
                producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx"))) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();

            // A marker after the abort: once it is read, the aborted record would have been too.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = readAll(topic, 3);
        assertThat(records)
                .extracting(ConsumerRecord::value)
                .containsExactly("committed-1", "committed-2", "committed-3");
    }

    @Test
    @DisplayName("Creating a topic twice fails")
    void duplicateTopicFails(TestInfo test) {
        String topic = topicFor(test);
        kafka.createTopic(topic, 1);
        assertThatThrownBy(() -> kafka.createTopic(topic, 1))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Topic names from the test method, as Kafka's own tests do, so tests never share a topic. */
    private static String topicFor(TestInfo test) {
        return "kafka-service-it-" + test.getTestMethod().orElseThrow().getName();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * Reads the topic from the start with read_committed until {@code expected} records arrived,
     * then keeps polling briefly so that extra (e.g. aborted) records would be caught too.
     */
    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            // Manual assignment: no group coordinator round trips, so reading starts at once.
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }
}
