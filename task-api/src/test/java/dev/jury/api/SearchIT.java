package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Search over a project's items: full text, each filter, freshness, rebuild and who may search. */
class SearchIT {

    /** The index follows the database within about a second; tests wait at most this long. */
    static final long WAIT_MILLIS = 5_000;

    static ApiHarness harness;
    static String requester;
    static String project;
    static String alice;
    static String aliceItem;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
        requester = harness.account("rita", "requester");
        project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":1,\"maxLabels\":3,\"confidence\":0.9}");
        var upload =
                harness.upload(
                        project,
                        requester,
                        "jsonl",
                        "{\"id\":\"a\",\"text\":\"A great film with a twist\"}\n"
                                + "{\"id\":\"b\",\"text\":\"An awful film, too long\"}\n"
                                + "{\"id\":\"c\",\"text\":\"Fine weather today\"}\n"
                                + "{\"id\":\"d\",\"text\":\"Nothing to see\"}\n");
        assertThat(upload.status()).as(upload.text()).isEqualTo(201);
        sql(
                "UPDATE items SET status = 'resolved', consensus_label = 'pos', confidence = 0.95"
                        + " WHERE external_id = 'a' AND project_id = "
                        + project);
        sql(
                "UPDATE items SET status = 'resolved', consensus_label = 'neg', confidence = 0.6"
                        + " WHERE external_id = 'b' AND project_id = "
                        + project);
        sql(
                "UPDATE items SET status = 'exhausted', consensus_label = 'neg', confidence = 0.7"
                        + " WHERE external_id = 'c' AND project_id = "
                        + project);

        alice = harness.account("alice", "contributor");
        var next = harness.post("/api/v1/projects/" + project + "/next", alice, null);
        assertThat(next.status()).as(next.text()).isEqualTo(200);
        aliceItem = next.json().get("externalId").asText();
        var submit =
                harness.post(
                        "/api/v1/projects/" + project + "/labels",
                        alice,
                        "{\"leaseId\":\""
                                + next.json().get("leaseId").asText()
                                + "\",\"label\":{\"choice\":\"pos\"}}");
        assertThat(submit.status()).as(submit.text()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    @DisplayName("Full text finds items by their words, ranked, within the project")
    void fullText() {
        assertThat(ids(awaitSearch("q=film", r -> r.get("total").asLong() == 2)))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(ids(search("q=" + enc("great film")))).containsExactly("a");
        assertThat(ids(search("q=" + enc("film AND NOT awful")))).containsExactly("a");
        assertThat(ids(search("q=weath*"))).containsExactly("c");
        JsonNode all = search("");
        assertThat(all.get("total").asLong()).isEqualTo(4);
        JsonNode a = hit(search("q=twist"), "a");
        assertThat(a.get("text").asText()).isEqualTo("A great film with a twist");
        assertThat(a.get("status").asText()).isEqualTo("resolved");
        assertThat(a.get("consensusLabel").asText()).isEqualTo("pos");
        assertThat(a.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(a.get("itemId").asText()).matches("\\d+");
    }

    @Test
    @DisplayName("Each filter narrows the hits, alone and combined with a query")
    void filters() {
        awaitSearch("status=resolved", r -> r.get("total").asLong() == 2);
        assertThat(ids(search("status=resolved"))).containsExactlyInAnyOrder("a", "b");
        assertThat(ids(search("status=exhausted"))).containsExactly("c");
        assertThat(ids(search("label=neg"))).containsExactlyInAnyOrder("b", "c");
        assertThat(ids(search("confidenceBelow=0.8"))).containsExactlyInAnyOrder("b", "c");
        assertThat(ids(search("confidenceBelow=0.7"))).containsExactly("b");
        assertThat(ids(search("q=film&label=neg"))).containsExactly("b");
        String aliceId = harness.accountId(alice);
        assertThat(ids(awaitSearch("contributor=" + aliceId, r -> r.get("total").asLong() == 1)))
                .containsExactly(aliceItem);
        assertThat(search("contributor=999999").get("total").asLong()).isZero();
        JsonNode page = search("limit=2&offset=1");
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(ids(page)).containsExactly("b", "c");
    }

    @Test
    @DisplayName("A change to an item shows in search within about a second")
    void changesShowQuickly() throws Exception {
        awaitSearch("q=nothing", r -> r.get("total").asLong() == 1);
        long t0 = System.nanoTime();
        sql(
                "UPDATE items SET consensus_label = 'pos', confidence = 0.51, status = 'resolved'"
                        + " WHERE external_id = 'd' AND project_id = "
                        + project);
        awaitSearch("q=nothing&label=pos&confidenceBelow=0.6", r -> r.get("total").asLong() == 1);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).as("visible after %d ms", millis).isLessThan(2_000);
        sql(
                "UPDATE items SET consensus_label = NULL, confidence = NULL, status = 'open'"
                        + " WHERE external_id = 'd' AND project_id = "
                        + project);
        awaitSearch("q=nothing&status=open", r -> r.get("total").asLong() == 1);
    }

    @Test
    @DisplayName("A change whose transaction commits after a later one is not lost")
    void lateCommitIsNotLost() throws Exception {
        String p = harness.project(requester, "");
        harness.upload(
                p,
                requester,
                "jsonl",
                "{\"id\":\"x\",\"text\":\"slow\"}\n{\"id\":\"y\",\"text\":\"quick\"}\n");
        awaitSearch(p, "", r -> r.get("total").asLong() == 2);
        try (Connection slow = harness.database.connect()) {
            slow.setAutoCommit(false);
            // Takes the smaller sequence value first, commits last.
            try (PreparedStatement s =
                    slow.prepareStatement(
                            "UPDATE items SET consensus_label = 'late' WHERE external_id = 'x' AND project_id = "
                                    + p)) {
                s.executeUpdate();
            }
            sql(
                    "UPDATE items SET consensus_label = 'early' WHERE external_id = 'y' AND project_id = "
                            + p);
            awaitSearch(p, "label=early", r -> r.get("total").asLong() == 1);
            slow.commit();
        }
        assertThat(ids(awaitSearch(p, "label=late", r -> r.get("total").asLong() == 1)))
                .containsExactly("x");
    }

    @Test
    @DisplayName("An admin's rebuild reads every item again from the database")
    void rebuild() throws Exception {
        awaitSearch("", r -> r.get("total").asLong() == 4);
        var forbidden = harness.post("/api/v1/search/rebuild", requester, null);
        assertThat(forbidden.status()).isEqualTo(403);
        var r = harness.post("/api/v1/search/rebuild", ApiHarness.ADMIN_TOKEN, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        long items;
        try (Connection c = harness.database.connect();
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            items = rs.getLong(1);
        }
        assertThat(r.json().get("indexed").asLong()).isEqualTo(items);
        assertThat(search("").get("total").asLong()).isEqualTo(4);
        assertThat(ids(search("label=neg"))).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    @DisplayName("Only the project's requester, moderators and admins may search")
    void roles() {
        String path = "/api/v1/projects/" + project + "/search?q=film";
        var contributor = harness.get(path, alice);
        assertThat(contributor.status()).isEqualTo(403);
        assertThat(contributor.contentType()).startsWith("application/problem+json");
        assertThat(harness.get(path, harness.account("other", "requester")).status())
                .isEqualTo(403);
        assertThat(harness.get(path, harness.account("mo", "moderator")).status()).isEqualTo(200);
        assertThat(harness.get(path, ApiHarness.ADMIN_TOKEN).status()).isEqualTo(200);
        assertThat(harness.get(path, null).status()).isEqualTo(401);
        assertThat(harness.get("/api/v1/projects/987654/search", requester).status())
                .isEqualTo(404);
    }

    @Test
    @DisplayName("Bad query syntax and bad filters are 400 problems")
    void badInput() {
        for (String query :
                List.of(
                        "q=" + enc("film AND (twist"),
                        "q=" + enc("*leading"),
                        "status=done",
                        "confidenceBelow=high",
                        "contributor=-3",
                        "limit=0",
                        "limit=1000",
                        "offset=-1")) {
            var r = harness.get("/api/v1/projects/" + project + "/search?" + query, requester);
            assertThat(r.status()).as(query + " -> " + r.text()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asText()).isNotBlank();
        }
    }

    static JsonNode search(String query) {
        return search(project, query);
    }

    static JsonNode search(String projectId, String query) {
        var r = harness.get("/api/v1/projects/" + projectId + "/search?" + query, requester);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    static JsonNode awaitSearch(String query, Predicate<JsonNode> until) {
        return awaitSearch(project, query, until);
    }

    /** Polls until the predicate holds, at most {@link #WAIT_MILLIS}. */
    static JsonNode awaitSearch(String projectId, String query, Predicate<JsonNode> until) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        JsonNode last;
        do {
            last = search(projectId, query);
            if (until.test(last)) {
                return last;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("search '" + query + "' never matched; last: " + last);
    }

    static List<String> ids(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("items").forEach(i -> out.add(i.get("externalId").asText()));
        return out;
    }

    static JsonNode hit(JsonNode result, String externalId) {
        for (JsonNode i : result.get("items")) {
            if (i.get("externalId").asText().equals(externalId)) {
                return i;
            }
        }
        throw new AssertionError(externalId + " not in " + result);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void sql(String statement) throws Exception {
        try (Connection c = harness.database.connect()) {
            c.createStatement().executeUpdate(statement);
        }
    }
}
