package dev.jury.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class PrivateKafkaIT {

    @Test
    @DisplayName(
            "A private broker stops, refuses writes while down, and restarts on the same port with"
                    + " its records kept")
    void stopAndRestartKeepsPortAndData() throws Exception {
        Path logDir = Files.createTempDirectory("jury-private-kafka-");
        int port = FreePorts.find();
        String topic = "private-kafka-it";
        try (KafkaService.PrivateBroker broker = KafkaService.startPrivate(logDir, port)) {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            try (KafkaProducer<String, String> producer = producer(broker)) {
                producer.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);

                long t0 = System.nanoTime();
                broker.stop();
                long t1 = System.nanoTime();
                assertThat(broker.running()).isFalse();
                assertThatThrownBy(
                                () ->
                                        producer.send(
                                                        new ProducerRecord<>(
                                                                topic, "k", "while down"))
                                                .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);

                long t2 = System.nanoTime();
                broker.restart();
                System.out.printf(
                        "PrivateKafkaIT: stop %d ms, failed send %d ms, restart %d ms%n",
                        (t1 - t0) / 1_000_000,
                        (t2 - t1) / 1_000_000,
                        (System.nanoTime() - t2) / 1_000_000);
                assertThat(broker.running()).isTrue();
                producer.send(new ProducerRecord<>(topic, "k", "after")).get(30, TimeUnit.SECONDS);
            }
            assertThat(read(broker, topic, 2)).containsExactly("before", "after");
        } finally {
            Directories.deleteTree(logDir);
        }
    }

    private static KafkaProducer<String, String> producer(KafkaService.PrivateBroker broker) {
        // Short delivery timeout: the record sent while the broker is down must fail, not wait.
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000,
                        ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(),
                new StringSerializer());
    }

    private static List<String> read(
            KafkaService.PrivateBroker broker, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers(),
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
