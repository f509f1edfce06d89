package dev.jury.api;

import static dev.jury.api.EventSender.await;
import static dev.jury.api.EventSender.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.events.ContributionStatus;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ReputationUpdated;
import dev.jury.events.ResolutionStatus;
import dev.jury.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Events from Kafka reach the read-model tables once, in order, and change what the API does. */
class ReadModelIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** A base for event times, which must look like epoch milliseconds. */
    static final long T0 = System.currentTimeMillis() - 600_000;

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

    /** A project with one item; returns {projectId}. */
    private static String projectWithOneItem(int minLabels, int maxLabels) {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":"
                                + minLabels
                                + ",\"maxLabels\":"
                                + maxLabels
                                + ",\"confidence\":0.9},\"rewardPerLabel\":\"1000\"");
        assertThat(
                        harness.upload(
                                        project,
                                        requester,
                                        "jsonl",
                                        "{\"id\":\"a\",\"text\":\"ok\"}\n")
                                .status())
                .isEqualTo(201);
        return project;
    }

    private static JsonNode next(String project, String token, int expectedStatus) {
        var r = harness.post("/api/v1/projects/" + project + "/next", token, null);
        assertThat(r.status()).as(r.text()).isEqualTo(expectedStatus);
        return r.json();
    }

    private static void submit(String project, String token, JsonNode lease, String choice) {
        var r =
                harness.post(
                        "/api/v1/projects/" + project + "/labels",
                        token,
                        "{\"leaseId\":\""
                                + lease.get("leaseId").asText()
                                + "\",\"label\":{\"choice\":\""
                                + choice
                                + "\"}}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    private static JsonNode item(String project, String item) {
        var r = harness.get("/api/v1/projects/" + project + "/items/" + item, moderator);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    /** Publishes nothing itself: waits until the consumer committed {@code count} more events. */
    private static void awaitApplied(long before, int count) {
        await(
                "the consumer to apply " + count + " event(s)",
                WAIT,
                () -> harness.api.readModels().applied() >= before + count);
    }

    @Test
    @DisplayName("NEEDS_MORE_LABELS raises the target by one, so next hands the item out once more")
    void needsMoreLabelsHandsOutOneMore() {
        String project = projectWithOneItem(1, 3);
        String c1 = harness.account("c1", "contributor");
        String c2 = harness.account("c2", "contributor");
        String c3 = harness.account("c3", "contributor");
        JsonNode lease = next(project, c1, 200);
        String item = lease.get("itemId").asText();
        submit(project, c1, lease, "pos");
        next(project, c2, 204);

        events.send(resolved(project, item, ResolutionStatus.NEEDS_MORE_LABELS, "pos", 0.6, 1, 1));
        await("target 2", WAIT, () -> item(project, item).path("target").asInt() == 2);
        JsonNode view = item(project, item);
        assertThat(view.get("status").asText()).isEqualTo("open");
        assertThat(view.get("labelsUsed").asInt()).isEqualTo(1);
        assertThat(view.get("confidence").asDouble()).isEqualTo(0.6);
        assertThat(view.get("posterior").get("pos").asDouble()).isEqualTo(0.6);

        JsonNode second = next(project, c2, 200);
        next(project, c3, 204);
        submit(project, c2, second, "pos");

        // The job asks again after two labels: the target follows, but never past maxLabels (3).
        events.send(resolved(project, item, ResolutionStatus.NEEDS_MORE_LABELS, "pos", 0.7, 2, 2));
        await("target 3", WAIT, () -> item(project, item).path("target").asInt() == 3);
        events.send(resolved(project, item, ResolutionStatus.NEEDS_MORE_LABELS, "pos", 0.7, 3, 3));
        await("revision 3", WAIT, () -> item(project, item).path("revision").asInt() == 3);
        assertThat(item(project, item).get("target").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("RESOLVED stops handing the item out, but an open lease may still be submitted")
    void resolvedStopsHandingOut() {
        String project = projectWithOneItem(3, 3);
        String c1 = harness.account("r1", "contributor");
        String c2 = harness.account("r2", "contributor");
        JsonNode lease = next(project, c1, 200);
        String item = lease.get("itemId").asText();

        events.send(resolved(project, item, ResolutionStatus.RESOLVED, "neg", 0.95, 1, 1));
        await(
                "resolved",
                WAIT,
                () -> item(project, item).path("status").asText().equals("resolved"));
        JsonNode view = item(project, item);
        assertThat(view.get("consensusLabel").asText()).isEqualTo("neg");
        assertThat(view.has("resolvedAt")).isTrue();

        next(project, c2, 204);
        submit(project, c1, lease, "neg");
        JsonNode progress =
                harness.get("/api/v1/projects/" + project + "/progress", requester).json();
        assertThat(progress.get("items").get("resolved").asLong()).isEqualTo(1);
        assertThat(progress.get("labels").get("submitted").asLong()).isEqualTo(1);
        assertThat(progress.get("cost").get("soFar").asText()).isEqualTo("1000");
    }

    @Test
    @DisplayName("an older revision and a re-delivered event change nothing")
    void olderRevisionAndRedeliveryAreIgnored() {
        String project = projectWithOneItem(1, 3);
        String c = harness.account("o1", "contributor");
        String item = next(project, c, 200).get("itemId").asText();

        var current = resolved(project, item, ResolutionStatus.RESOLVED, "pos", 0.9, 1, 2);
        events.send(current);
        await("revision 2", WAIT, () -> item(project, item).path("revision").asInt() == 2);
        JsonNode settled = item(project, item);

        long before = harness.api.readModels().applied();
        events.send(resolved(project, item, ResolutionStatus.EXHAUSTED, "neg", 0.5, 1, 1));
        events.send(current); // The same record again, as after a consumer crash.
        awaitApplied(before, 2);
        assertThat(item(project, item)).isEqualTo(settled);

        // Same event id, different content: only the id decides, so the second is skipped.
        String contributor = harness.accountId(c);
        ReputationUpdated first = EventSender.reputation(contributor, null, 0.8, T0 + 1_000);
        events.send(first);
        await(
                "reputation",
                WAIT,
                () ->
                        harness.get("/api/v1/contributors/" + contributor + "/reputation", c)
                                .json()
                                .has("global"));
        ReputationUpdated sameId =
                new ReputationUpdated(
                        first.eventId(),
                        first.schemaVersion(),
                        first.occurredAt(),
                        contributor,
                        null,
                        0.1,
                        0.05,
                        1,
                        0,
                        1,
                        0,
                        java.util.Map.of(),
                        T0 + 2_000);
        before = harness.api.readModels().applied();
        events.send(sameId);
        awaitApplied(before, 1);
        JsonNode rep = harness.get("/api/v1/contributors/" + contributor + "/reputation", c).json();
        assertThat(rep.get("global").get("score").asDouble()).isEqualTo(0.8);
    }

    @Test
    @DisplayName(
            "reputation, metrics and contributions are applied and readable by who may see them")
    void eachEventTypeIsApplied() {
        String project = projectWithOneItem(1, 2);
        String c = harness.account("e1", "contributor");
        String other = harness.account("e2", "contributor");
        String contributor = harness.accountId(c);

        events.send(EventSender.reputation(contributor, null, 0.9, T0 + 5_000));
        events.send(EventSender.reputation(contributor, project, 0.7, T0 + 5_000));
        // An older score computed before the one above never replaces it.
        events.send(EventSender.reputation(contributor, project, 0.2, T0 + 4_000));
        long windowEnd = System.currentTimeMillis();
        events.send(
                ProjectMetrics.create(
                        project,
                        windowEnd - 60_000,
                        windowEnd,
                        0.71,
                        0.69,
                        30,
                        30.0,
                        5,
                        0.8,
                        3.0,
                        4));
        events.send(
                ProjectMetrics.create(
                        project,
                        windowEnd,
                        windowEnd + 60_000,
                        0.75,
                        0.7,
                        12,
                        12.0,
                        2,
                        1.0,
                        2.5,
                        3));
        var submitted =
                EventSender.contribution(contributor, project, ContributionStatus.SUBMITTED, null);
        events.send(submitted);
        // Undecodable records are counted and skipped; the partition keeps moving.
        long undecodable = harness.api.readModels().undecodable();
        events.send(
                Topics.CONTRIBUTIONS_RECORDED,
                contributor,
                "{not json".getBytes(StandardCharsets.UTF_8));
        var confirmed =
                new dev.jury.events.ContributionRecorded(
                        java.util.UUID.randomUUID().toString(),
                        1,
                        System.currentTimeMillis(),
                        submitted.epoch(),
                        submitted.labelId(),
                        submitted.itemId(),
                        submitted.projectId(),
                        submitted.contributorId(),
                        submitted.walletAddress(),
                        submitted.weight(),
                        submitted.leafHash(),
                        submitted.merkleRoot(),
                        submitted.proof(),
                        submitted.contractAddress(),
                        submitted.chainId(),
                        submitted.txHash(),
                        42L,
                        ContributionStatus.CONFIRMED);
        events.send(confirmed);

        await(
                "the contribution to be confirmed",
                WAIT,
                () -> {
                    JsonNode list =
                            harness.get("/api/v1/me/contributions", c).json().get("contributions");
                    return list.size() == 1
                            && list.get(0).get("status").asText().equals("confirmed");
                });
        assertThat(harness.api.readModels().undecodable()).isEqualTo(undecodable + 1);
        JsonNode contribution =
                harness.get("/api/v1/me/contributions", c).json().get("contributions").get(0);
        assertThat(contribution.get("blockNumber").asLong()).isEqualTo(42);
        assertThat(contribution.get("proof")).hasSize(1);
        assertThat(harness.get("/api/v1/me/contributions", other).json().get("contributions"))
                .isEmpty();

        await(
                "metrics",
                WAIT,
                () ->
                        harness.get("/api/v1/projects/" + project + "/metrics", requester)
                                        .json()
                                        .get("windows")
                                        .size()
                                == 2);
        JsonNode since =
                harness.get(
                                "/api/v1/projects/" + project + "/metrics?since=" + windowEnd,
                                requester)
                        .json()
                        .get("windows");
        assertThat(since).hasSize(1);
        JsonNode latest =
                harness.get("/api/v1/projects/" + project + "/progress", requester)
                        .json()
                        .get("latestMetrics");
        assertThat(latest.get("krippendorffAlpha").asDouble()).isEqualTo(0.75);
        assertThat(latest.get("labelsPerMinute").asDouble()).isEqualTo(12.0);

        JsonNode rep = harness.get("/api/v1/contributors/" + contributor + "/reputation", c).json();
        assertThat(rep.get("global").get("score").asDouble()).isEqualTo(0.9);
        // Lower bound 0.72 (EventSender gives 0.8 of the score): Regular, Trusted from 0.75.
        assertThat(rep.get("level").get("name").asText()).isEqualTo("Regular");
        assertThat(rep.get("level").get("next").asDouble()).isEqualTo(0.75);
        assertThat(rep.get("global").get("level").get("name").asText()).isEqualTo("Regular");
        assertThat(rep.get("projects").get(0).get("score").asDouble()).isEqualTo(0.7);
        assertThat(rep.get("projects").get(0).get("confusion").get("pos").get("neg").asLong())
                .isEqualTo(2);
        assertThat(
                        harness.get("/api/v1/contributors/" + contributor + "/reputation", other)
                                .status())
                .isEqualTo(403);
        JsonNode board =
                harness.get("/api/v1/reputation?projectId=" + project + "&limit=5", moderator)
                        .json()
                        .get("contributors");
        assertThat(board).hasSize(1);
        assertThat(board.get(0).get("contributorId").asText()).isEqualTo(contributor);
        assertThat(harness.get("/api/v1/reputation", c).status()).isEqualTo(403);
        assertThat(harness.get("/api/v1/reputation?limit=0", moderator).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("a contributor's label history shows only their own labels, page by page")
    void myLabelsArePagedAndPrivate() {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":2,\"maxLabels\":2,\"confidence\":0.9}");
        harness.upload(
                project,
                requester,
                "jsonl",
                "{\"id\":\"x\",\"text\":\"x\"}\n{\"id\":\"y\",\"text\":\"y\",\"gold\":\"pos\"}\n"
                        + "{\"id\":\"z\",\"text\":\"z\"}\n");
        String me = harness.account("h1", "contributor");
        String other = harness.account("h2", "contributor");
        for (int i = 0; i < 3; i++) {
            submit(project, me, next(project, me, 200), "neg");
        }
        submit(project, other, next(project, other, 200), "pos");

        JsonNode page1 = harness.get("/api/v1/me/labels?limit=2", me).json();
        assertThat(page1.get("labels")).hasSize(2);
        String cursor = page1.get("nextCursor").asText();
        JsonNode page2 = harness.get("/api/v1/me/labels?limit=2&cursor=" + cursor, me).json();
        assertThat(page2.get("labels")).hasSize(1);
        assertThat(page2.has("nextCursor")).isFalse();
        String all = page1.toString() + page2;
        assertThat(all).doesNotContain("\"pos\"").doesNotContain("gold");
        // The gold answer is in the item view, which only the owner and moderators reach.
        String gold = null;
        for (JsonNode l : page1.get("labels")) {
            gold = l.get("externalId").asText().equals("y") ? l.get("itemId").asText() : gold;
        }
        for (JsonNode l : page2.get("labels")) {
            gold = l.get("externalId").asText().equals("y") ? l.get("itemId").asText() : gold;
        }
        String goldPath = "/api/v1/projects/" + project + "/items/" + gold;
        JsonNode ownerView = harness.get(goldPath, requester).json();
        assertThat(ownerView.get("goldLabel").get("choice").asText()).isEqualTo("pos");
        assertThat(ownerView.get("text").asText()).isEqualTo("y");
        assertThat(harness.get(goldPath, me).status()).isEqualTo(403);
        assertThat(harness.get("/api/v1/me/labels?cursor=garbage", me).status()).isEqualTo(400);
    }
}
