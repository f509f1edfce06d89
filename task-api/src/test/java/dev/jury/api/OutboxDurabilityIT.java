package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.LabelSubmitted;
import dev.jury.events.Topics;
import dev.jury.testsupport.Directories;
import dev.jury.testsupport.FreePorts;
import dev.jury.testsupport.KafkaService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kafka going down loses nothing: labels are accepted and their events wait in the outbox. */
@Timeout(240)
class OutboxDurabilityIT {

    static final int BEFORE = 10;
    static final int WHILE_DOWN = 50;

    @Test
    @DisplayName(
            "Labels submitted while Kafka is down are all accepted, wait in the outbox, and every"
                    + " event arrives once Kafka is back")
    void nothingIsLostWhileKafkaIsDown() throws Exception {
        Path logDir = Files.createTempDirectory("jury-outbox-kafka-");
        try (KafkaService.PrivateBroker broker =
                        KafkaService.startPrivate(logDir, FreePorts.find());
                ApiHarness harness =
                        ApiHarness.start(false, c -> c.withKafka(broker.bootstrapServers()))) {
            String requester = harness.account("rita", "requester");
            String project =
                    harness.project(
                            requester,
                            "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}");
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < BEFORE + WHILE_DOWN; i++) {
                items.append("{\"id\":\"d-").append(i).append("\",\"text\":\"t\"}\n");
            }
            assertThat(harness.upload(project, requester, "jsonl", items.toString()).status())
                    .isEqualTo(201);
            String alice = harness.account("alice", "contributor");
            List<String> labelIds = new ArrayList<>();

            // Up: the relay publishes, so the topic exists and the producer knows the broker.
            labelIds.addAll(submit(harness, project, alice, BEFORE));
            var relay = harness.api.services().relay();
            await("the first labels published", () -> relay.published() >= BEFORE, 60);

            broker.stop();
            labelIds.addAll(submit(harness, project, alice, WHILE_DOWN));
            await(
                    "/health to report the outbox waiting",
                    () -> {
                        var health = harness.get("/health", null);
                        return health.status() == 503
                                && health.json().get("outbox").asText().contains("wait");
                    },
                    60);
            assertThat(outboxRows(harness)).as("rows waiting in the outbox").isEqualTo(WHILE_DOWN);

            broker.restart();
            Map<String, Integer> seen = consume(broker.bootstrapServers(), project, labelIds);
            Set<String> missing = new HashSet<>(labelIds);
            missing.removeAll(seen.keySet());
            assertThat(missing).as("labels whose event never arrived").isEmpty();
            long duplicates = seen.values().stream().mapToInt(n -> n - 1).sum();
            // At-least-once by design (a crash between Kafka's ack and the delete re-sends); count.
            System.out.printf(
                    "OutboxDurabilityIT: %d labels, %d events, %d duplicates, %d relay cycles%n",
                    labelIds.size(), labelIds.size() + duplicates, duplicates, relay.cycles());
            await("the outbox to drain", () -> outboxRows(harness) == 0, 60);
            await("/health to recover", () -> harness.get("/health", null).status() == 200, 60);
        } finally {
            Directories.deleteTree(logDir);
        }
    }

    private static List<String> submit(ApiHarness harness, String project, String token, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var next = harness.post("/api/v1/projects/" + project + "/next", token, null);
            assertThat(next.status()).as(next.text()).isEqualTo(200);
            var submit =
                    harness.post(
                            "/api/v1/projects/" + project + "/labels",
                            token,
                            "{\"leaseId\":\""
                                    + next.json().get("leaseId").asText()
                                    + "\",\"label\":{\"choice\":\"pos\"}}");
            assertThat(submit.status()).as(submit.text()).isEqualTo(201);
            ids.add(submit.json().get("labelId").asText());
        }
        return ids;
    }

    private static long outboxRows(ApiHarness harness) {
        try (Connection c = harness.database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the topic from the start (read_committed) until every label's event came; by eventId.
     */
    private static Map<String, Integer> consume(
            String bootstrap, String project, List<String> labelIds) {
        Map<String, Integer> countsByLabel = new java.util.HashMap<>();
        Set<String> eventIds = new HashSet<>();
        int duplicates = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                30_000),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.LABELS_SUBMITTED, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!countsByLabel.keySet().containsAll(labelIds) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    LabelSubmitted e = LabelSubmitted.CODEC.decode(r.value());
                    if (!e.projectId().equals(project)) {
                        continue;
                    }
                    if (!eventIds.add(e.eventId())) {
                        duplicates++;
                    }
                    countsByLabel.merge(e.labelId(), 1, Integer::sum);
                }
            }
        }
        // The same label under two event ids would be a second event for one label, not a repeat.
        long distinctEvents = eventIds.size();
        assertThat(distinctEvents).as("distinct event ids").isEqualTo(countsByLabel.size());
        assertThat(duplicates)
                .isEqualTo(countsByLabel.values().stream().mapToInt(n -> n - 1).sum());
        return countsByLabel;
    }

    private static void await(String what, BooleanSupplier condition, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
