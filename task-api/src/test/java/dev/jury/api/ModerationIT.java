package dev.jury.api;

import static dev.jury.api.EventSender.await;
import static dev.jury.api.EventSender.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.events.ResolutionStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Overrides, bans and the review queue: moderators' tools, audited, closed to everyone else. */
class ModerationIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    static ApiHarness harness;
    static EventSender events;
    static String requester;
    static String moderator;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withKafka();
        events = new EventSender();
        requester = harness.account("rita", "requester");
        moderator = harness.account("mo", "moderator");
    }

    @AfterAll
    static void stop() {
        events.close();
        harness.close();
    }

    /** Uploads items x1..xN to a new project; returns [projectId, itemId...] via one labeller. */
    private static List<String> projectWithItems(int n) {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}");
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            body.append("{\"id\":\"x")
                    .append(i)
                    .append("\",\"text\":\"t")
                    .append(i)
                    .append("\"}\n");
        }
        assertThat(harness.upload(project, requester, "jsonl", body.toString()).status())
                .isEqualTo(201);
        String labeller = harness.account("labeller", "contributor");
        List<String> out = new ArrayList<>();
        out.add(project);
        for (int i = 0; i < n; i++) {
            var lease =
                    harness.post("/api/v1/projects/" + project + "/next", labeller, null).json();
            out.add(lease.get("itemId").asText());
            var r =
                    harness.post(
                            "/api/v1/projects/" + project + "/labels",
                            labeller,
                            "{\"leaseId\":\""
                                    + lease.get("leaseId").asText()
                                    + "\",\"label\":{\"choice\":\"neg\"}}");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
        }
        return out;
    }

    private static String itemPath(String project, String item) {
        return "/api/v1/projects/" + project + "/items/" + item;
    }

    @Test
    @DisplayName("an override must fit the schema, is audited, and survives later consensus")
    void overrideIsCheckedAuditedAndSticks() throws Exception {
        List<String> ids = projectWithItems(1);
        String project = ids.get(0);
        String item = ids.get(1);
        String path = itemPath(project, item) + "/override";

        var bad =
                harness.post(
                        path, moderator, "{\"label\":{\"choice\":\"maybe\"},\"reason\":\"x\"}");
        assertThat(bad.status()).as(bad.text()).isEqualTo(422);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        var wrongShape =
                harness.post(
                        path, moderator, "{\"label\":{\"choices\":[\"pos\"]},\"reason\":\"x\"}");
        assertThat(wrongShape.status()).isEqualTo(422);
        assertThat(harness.post(path, moderator, "{\"label\":{\"choice\":\"pos\"}}").status())
                .isEqualTo(422);
        assertThat(
                        harness.post(
                                        path,
                                        moderator,
                                        "{\"label\":{\"choice\":\"pos\"},\"extra\":1,\"reason\":\"x\"}")
                                .status())
                .isEqualTo(400);
        assertThat(
                        harness.post(
                                        itemPath(project, "999999") + "/override",
                                        moderator,
                                        "{\"label\":{\"choice\":\"pos\"},\"reason\":\"x\"}")
                                .status())
                .isEqualTo(404);
        assertThat(harness.get(itemPath(project, item), moderator).json().get("status").asText())
                .isEqualTo("open");

        var ok =
                harness.post(
                        path, moderator, "{\"label\":{\"choice\":\"pos\"},\"reason\":\"sarcasm\"}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        JsonNode view = harness.get(itemPath(project, item), moderator).json();
        assertThat(view.get("status").asText()).isEqualTo("overridden");
        assertThat(view.get("consensusLabel").asText()).isEqualTo("pos");
        assertThat(view.get("overrideLabel").get("choice").asText()).isEqualTo("pos");
        assertThat(view.get("overriddenBy").asText()).isEqualTo(harness.accountId(moderator));
        assertThat(view.get("labels")).hasSize(1);
        // The owner reads the item but not who labeled it how.
        JsonNode ownerView = harness.get(itemPath(project, item), requester).json();
        assertThat(ownerView.get("status").asText()).isEqualTo("overridden");
        assertThat(ownerView.has("labels")).isFalse();

        try (Connection c = harness.database.connect();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT action, reason, moderator_id, details->>'statusBefore'"
                                        + " FROM moderation_log WHERE item_id = ?")) {
            q.setLong(1, Long.parseLong(item));
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("override");
                assertThat(rs.getString(2)).isEqualTo("sarcasm");
                assertThat(Long.toString(rs.getLong(3))).isEqualTo(harness.accountId(moderator));
                assertThat(rs.getString(4)).isEqualTo("open");
                assertThat(rs.next()).isFalse();
            }
        }

        long before = harness.api.readModels().applied();
        events.send(resolved(project, item, ResolutionStatus.RESOLVED, "neg", 0.99, 1, 5));
        await("the consensus event", WAIT, () -> harness.api.readModels().applied() > before);
        JsonNode after = harness.get(itemPath(project, item), moderator).json();
        assertThat(after.get("status").asText()).isEqualTo("overridden");
        assertThat(after.get("consensusLabel").asText()).isEqualTo("pos");
        assertThat(after.get("revision").asInt()).isEqualTo(5);
    }

    @Test
    @DisplayName("the review queue lists exhausted and low-confidence items with their labels")
    void reviewQueue() {
        List<String> ids = projectWithItems(3);
        String project = ids.get(0);
        events.send(resolved(project, ids.get(1), ResolutionStatus.RESOLVED, "neg", 0.6, 1, 1));
        events.send(resolved(project, ids.get(2), ResolutionStatus.EXHAUSTED, "neg", 0.5, 1, 1));
        events.send(resolved(project, ids.get(3), ResolutionStatus.RESOLVED, "neg", 0.95, 1, 1));
        String queuePath = "/api/v1/projects/" + project + "/review-queue?confidenceBelow=0.8";
        await(
                "the queue",
                WAIT,
                () -> harness.get(queuePath, moderator).json().get("items").size() == 2);
        JsonNode items = harness.get(queuePath, moderator).json().get("items");
        assertThat(items.get(0).get("itemId").asText()).isEqualTo(ids.get(2));
        assertThat(items.get(0).get("status").asText()).isEqualTo("exhausted");
        assertThat(items.get(1).get("itemId").asText()).isEqualTo(ids.get(1));
        assertThat(items.get(1).get("labels").get(0).get("value").get("choice").asText())
                .isEqualTo("neg");
        // Each queued item carries the text its labellers read (x1 was uploaded with t1, ...).
        for (JsonNode queued : items) {
            String n = queued.get("externalId").asText().substring(1);
            assertThat(queued.get("text").asText()).isEqualTo("t" + n);
            assertThat(queued.get("data").get("text").asText()).isEqualTo("t" + n);
            assertThat(queued.get("gold").asBoolean()).isFalse();
            assertThat(queued.hasNonNull("goldLabel")).isFalse();
        }
        assertThat(harness.get(queuePath + "&limit=1", moderator).json().get("items")).hasSize(1);
        assertThat(
                        harness.get(
                                        "/api/v1/projects/"
                                                + project
                                                + "/review-queue?confidenceBelow=2",
                                        moderator)
                                .status())
                .isEqualTo(400);
        // The third event (0.95, not queued) may be applied after the queue showed the other two.
        String progressPath = "/api/v1/projects/" + project + "/progress";
        await(
                "the third event",
                WAIT,
                () ->
                        harness.get(progressPath, moderator)
                                        .json()
                                        .get("items")
                                        .get("resolved")
                                        .asLong()
                                == 2);
        JsonNode progress = harness.get(progressPath, moderator).json();
        assertThat(progress.get("items").get("exhausted").asLong()).isEqualTo(1);
        assertThat(progress.get("items").get("resolved").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("a banned contributor gets 403 on next and submit; unbanning restores both")
    void banBlocksWorkAndUnbanRestoresIt() throws Exception {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}");
        harness.upload(
                project,
                requester,
                "jsonl",
                "{\"id\":\"a\",\"text\":\"a\"}\n{\"id\":\"b\",\"text\":\"b\"}\n");
        String c = harness.account("bad", "contributor");
        String id = harness.accountId(c);
        JsonNode lease = harness.post("/api/v1/projects/" + project + "/next", c, null).json();
        String submit =
                "{\"leaseId\":\""
                        + lease.get("leaseId").asText()
                        + "\",\"label\":{\"choice\":\"pos\"}}";

        assertThat(harness.post("/api/v1/contributors/" + id + "/ban", moderator, "{}").status())
                .isEqualTo(422);
        var ban =
                harness.post(
                        "/api/v1/contributors/" + id + "/ban", moderator, "{\"reason\":\"spam\"}");
        assertThat(ban.status()).as(ban.text()).isEqualTo(200);
        assertThat(harness.post("/api/v1/projects/" + project + "/next", c, null).status())
                .isEqualTo(403);
        assertThat(harness.post("/api/v1/projects/" + project + "/labels", c, submit).status())
                .isEqualTo(403);
        // Only contributors can be banned; unknown accounts are 404.
        assertThat(
                        harness.post(
                                        "/api/v1/contributors/"
                                                + harness.accountId(requester)
                                                + "/ban",
                                        moderator,
                                        "{\"reason\":\"x\"}")
                                .status())
                .isEqualTo(422);
        assertThat(
                        harness.post(
                                        "/api/v1/contributors/999999/ban",
                                        moderator,
                                        "{\"reason\":\"x\"}")
                                .status())
                .isEqualTo(404);

        var unban = harness.send("DELETE", "/api/v1/contributors/" + id + "/ban", moderator, null);
        assertThat(unban.status()).as(unban.text()).isEqualTo(200);
        assertThat(harness.post("/api/v1/projects/" + project + "/labels", c, submit).status())
                .isEqualTo(201);
        assertThat(harness.post("/api/v1/projects/" + project + "/next", c, null).status())
                .isEqualTo(200);

        try (Connection conn = harness.database.connect();
                PreparedStatement q =
                        conn.prepareStatement(
                                "SELECT action FROM moderation_log WHERE account_id = ? ORDER BY id")) {
            q.setLong(1, Long.parseLong(id));
            List<String> actions = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
            assertThat(actions).containsExactly("ban", "unban");
        }
    }

    @Test
    @DisplayName("contributors get 403 on every moderation and project read-model route")
    void contributorsAreRefused() {
        List<String> ids = projectWithItems(1);
        String project = ids.get(0);
        String item = ids.get(1);
        String c = harness.account("nosy", "contributor");
        String victim = harness.accountId(harness.account("victim", "contributor"));
        String otherRequester = harness.account("otto", "requester");
        String override = "{\"label\":{\"choice\":\"pos\"},\"reason\":\"x\"}";
        List<ApiHarness.Response> refused =
                List.of(
                        harness.get(itemPath(project, item), c),
                        harness.get("/api/v1/projects/" + project + "/progress", c),
                        harness.get("/api/v1/projects/" + project + "/metrics", c),
                        harness.get("/api/v1/projects/" + project + "/review-queue", c),
                        harness.post(itemPath(project, item) + "/override", c, override),
                        harness.post(
                                "/api/v1/contributors/" + victim + "/ban", c, "{\"reason\":\"x\"}"),
                        harness.send("DELETE", "/api/v1/contributors/" + victim + "/ban", c, null),
                        harness.get("/api/v1/contributors/" + victim + "/reputation", c),
                        harness.get("/api/v1/reputation", c),
                        harness.get("/api/v1/events/stream?projectId=" + project, c),
                        // Requesters: not someone else's project, and no moderation at all.
                        harness.get(itemPath(project, item), otherRequester),
                        harness.get("/api/v1/projects/" + project + "/progress", otherRequester),
                        harness.get("/api/v1/projects/" + project + "/review-queue", requester),
                        harness.post(itemPath(project, item) + "/override", requester, override));
        for (ApiHarness.Response r : refused) {
            assertThat(r.status()).as(r.text()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(harness.get(itemPath(project, item), moderator).json().get("status").asText())
                .isEqualTo("open");
    }
}
