package dev.jury.api;

import dev.jury.events.ContributionRecorded;
import dev.jury.events.ContributionStatus;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ReputationUpdated;
import dev.jury.events.ResolutionStatus;
import dev.jury.events.Topics;
import dev.jury.testsupport.KafkaService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to the shared test Kafka the way the stream jobs and the rewards service do: a
 * real producer, the events module's codecs and topic keys. Also builds the events tests need.
 */
final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    EventSender() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaService.shared().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    void send(ItemResolved e) {
        send(Topics.ITEMS_RESOLVED, e.itemId(), ItemResolved.CODEC.encode(e));
    }

    void send(ReputationUpdated e) {
        send(Topics.REPUTATION_UPDATED, e.contributorId(), ReputationUpdated.CODEC.encode(e));
    }

    void send(ProjectMetrics e) {
        send(Topics.PROJECT_METRICS, e.projectId(), ProjectMetrics.CODEC.encode(e));
    }

    void send(ContributionRecorded e) {
        send(
                Topics.CONTRIBUTIONS_RECORDED,
                e.contributorId(),
                ContributionRecorded.CODEC.encode(e));
    }

    void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** A consensus for a two-class item, with made-up agreements for {@code labelsUsed} labels. */
    static ItemResolved resolved(
            String projectId,
            String itemId,
            ResolutionStatus status,
            String label,
            double confidence,
            int labelsUsed,
            int revision) {
        String other = label.equals("pos") ? "neg" : "pos";
        List<LabelAgreement> agreements = new ArrayList<>();
        for (int i = 0; i < labelsUsed; i++) {
            agreements.add(
                    new LabelAgreement(UUID.randomUUID().toString(), "99", label, confidence));
        }
        return ItemResolved.create(
                projectId,
                itemId,
                status,
                label,
                Map.of(label, confidence, other, 1 - confidence),
                confidence,
                agreements,
                "dawid-skene",
                revision,
                System.currentTimeMillis());
    }

    static ReputationUpdated reputation(
            String contributorId, String projectId, double score, long updatedAt) {
        return ReputationUpdated.create(
                contributorId,
                projectId,
                score,
                score * 0.8,
                10,
                8,
                20,
                17,
                Map.of("pos", Map.of("pos", 8L, "neg", 2L)),
                updatedAt);
    }

    static ContributionRecorded contribution(
            String contributorId, String projectId, ContributionStatus status, Long block) {
        String hash = "0x" + "ab".repeat(32);
        return ContributionRecorded.create(
                3,
                UUID.randomUUID().toString(),
                "1",
                projectId,
                contributorId,
                "0x" + "12".repeat(20),
                750_000,
                hash,
                "0x" + "cd".repeat(32),
                List.of("0x" + "ef".repeat(32)),
                "0x" + "34".repeat(20),
                1337,
                "0x" + "56".repeat(32),
                block,
                status);
    }

    /** Polls until the condition holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
