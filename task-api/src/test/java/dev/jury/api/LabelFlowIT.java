package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.Topics;
import dev.jury.testsupport.KafkaService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The main path: a project, an upload, assignments, labels, and the events on Kafka. */
class LabelFlowIT {

    static ApiHarness harness;
    static String requester;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withKafka();
        requester = harness.account("rita", "requester");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void labelsAreStoredOnceAndPublishedWithGoldForGoldItems() throws Exception {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":2,\"maxLabels\":5,\"confidence\":0.9}");
        var upload =
                harness.upload(
                        project,
                        requester,
                        "jsonl",
                        "{\"id\":\"a\",\"text\":\"great film\"}\n"
                                + "{\"id\":\"b\",\"text\":\"awful\",\"gold\":\"neg\"}\n"
                                + "{\"id\":\"c\",\"data\":{\"text\":\"fine\",\"lang\":\"en\"}}\n");
        assertThat(upload.status()).as(upload.text()).isEqualTo(201);
        assertThat(upload.json().get("itemsInserted").asLong()).isEqualTo(3);

        String alice = harness.account("alice", "contributor");
        List<String> labelIds = new ArrayList<>();
        List<String> seenItems = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var next = harness.post("/api/v1/projects/" + project + "/next", alice, null);
            assertThat(next.status()).as(next.text()).isEqualTo(200);
            JsonNode a = next.json();
            assertThat(a.has("gold")).isFalse();
            assertThat(a.get("data").toString()).doesNotContain("gold");
            seenItems.add(a.get("externalId").asText());
            String key = UUID.randomUUID().toString();
            String body =
                    "{\"leaseId\":\""
                            + a.get("leaseId").asText()
                            + "\",\"label\":{\"choice\":\"neg\"}}";
            var submit =
                    harness.post(
                            "/api/v1/projects/" + project + "/labels",
                            alice,
                            body,
                            "Idempotency-Key",
                            key);
            assertThat(submit.status()).as(submit.text()).isEqualTo(201);
            var again =
                    harness.post(
                            "/api/v1/projects/" + project + "/labels",
                            alice,
                            body,
                            "Idempotency-Key",
                            key);
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            assertThat(again.json()).isEqualTo(submit.json());
            labelIds.add(submit.json().get("labelId").asText());
        }
        assertThat(seenItems).containsExactlyInAnyOrder("a", "b", "c");
        // Never the same item twice to one contributor.
        assertThat(harness.post("/api/v1/projects/" + project + "/next", alice, null).status())
                .isEqualTo(204);

        List<LabelSubmitted> events = consume(project, 3);
        assertThat(events)
                .extracting(LabelSubmitted::labelId)
                .containsExactlyInAnyOrderElementsOf(labelIds);
        assertThat(events).filteredOn(LabelSubmitted::gold).hasSize(1);
        LabelSubmitted gold =
                events.stream().filter(LabelSubmitted::gold).findFirst().orElseThrow();
        assertThat(gold.goldLabel().choice()).isEqualTo("neg");
        assertThat(events)
                .allSatisfy(e -> assertThat(e.contributorId()).isEqualTo(harness.accountId(alice)));
    }

    @Test
    void anItemIsNeverHandedOutBeyondItsPlannedLabels() {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":2,\"maxLabels\":2,\"confidence\":0.9}");
        assertThat(
                        harness.upload(
                                        project,
                                        requester,
                                        "jsonl",
                                        "{\"id\":\"only\",\"text\":\"x\"}\n")
                                .status())
                .isEqualTo(201);
        String c1 = harness.account("c1", "contributor");
        String c2 = harness.account("c2", "contributor");
        String c3 = harness.account("c3", "contributor");
        assertThat(harness.post("/api/v1/projects/" + project + "/next", c1, null).status())
                .isEqualTo(200);
        assertThat(harness.post("/api/v1/projects/" + project + "/next", c2, null).status())
                .isEqualTo(200);
        assertThat(harness.post("/api/v1/projects/" + project + "/next", c3, null).status())
                .isEqualTo(204);
    }

    @Test
    void releasedLeaseGoesBackToTheQueueAndSkippedOneNeverReturns() {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}");
        harness.upload(project, requester, "jsonl", "{\"id\":\"x\",\"text\":\"x\"}\n");
        String c = harness.account("releaser", "contributor");
        String other = harness.account("other", "contributor");
        var first = harness.post("/api/v1/projects/" + project + "/next", c, null).json();
        assertThat(harness.post("/api/v1/projects/" + project + "/next", other, null).status())
                .isEqualTo(204);
        assertThat(
                        harness.post(
                                        "/api/v1/leases/"
                                                + first.get("leaseId").asText()
                                                + "/release",
                                        c,
                                        null)
                                .status())
                .isEqualTo(204);
        var again = harness.post("/api/v1/projects/" + project + "/next", c, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(
                        harness.post(
                                        "/api/v1/leases/"
                                                + again.json().get("leaseId").asText()
                                                + "/skip",
                                        c,
                                        null)
                                .status())
                .isEqualTo(204);
        assertThat(harness.post("/api/v1/projects/" + project + "/next", c, null).status())
                .isEqualTo(204);
        assertThat(harness.post("/api/v1/projects/" + project + "/next", other, null).status())
                .isEqualTo(200);
    }

    private static List<LabelSubmitted> consume(String project, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaService.shared().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        List<LabelSubmitted> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.LABELS_SUBMITTED));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    LabelSubmitted e = LabelSubmitted.CODEC.decode(r.value());
                    if (e.projectId().equals(project)) {
                        assertThat(r.key()).isEqualTo(e.itemId());
                        out.add(e);
                    }
                }
                if (out.size() >= expected) {
                    break;
                }
            }
        }
        return out;
    }
}
