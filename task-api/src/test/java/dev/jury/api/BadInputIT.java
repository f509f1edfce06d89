package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Limits and bad input: each refused request gets a 4xx {@code application/problem+json} body and
 * leaves every table as it was; hostile text is stored and returned as data.
 */
class BadInputIT {

    static ApiHarness harness;
    static String requester;
    static String otherRequester;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
        requester = harness.account("rita", "requester");
        otherRequester = harness.account("oscar", "requester");
        alice = harness.account("alice", "contributor");
        bob = harness.account("bob", "contributor");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /** Sends a request that must be refused with {@code status} and must change nothing. */
    static JsonNode refused(int status, Supplier<ApiHarness.Response> call) {
        return refused(harness, status, call);
    }

    static JsonNode refused(ApiHarness on, int status, Supplier<ApiHarness.Response> call) {
        Map<String, String> before = DbState.of(on);
        ApiHarness.Response r = call.get();
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).as(r.text()).isEqualTo("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("https://jury.dev/problems/");
        assertThat(DbState.of(on)).as("tables after a refused request").isEqualTo(before);
        return problem;
    }

    static String projectWithItem(String schema, String itemJson) {
        String body =
                "{\"name\":\"p\",\"labelSchema\":"
                        + schema
                        + ",\"overlap\":{\"minLabels\":2,\"maxLabels\":2,\"confidence\":0.9}}";
        var created = harness.post("/api/v1/projects", requester, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String project = created.json().get("id").asText();
        var up = harness.upload(project, requester, "jsonl", itemJson + "\n");
        assertThat(up.status()).as(up.text()).isEqualTo(201);
        return project;
    }

    static JsonNode next(String project, String token) {
        var r = harness.post("/api/v1/projects/" + project + "/next", token, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        return r.json();
    }

    static ApiHarness.Response submit(String project, String token, String leaseId, String label) {
        return harness.post(
                "/api/v1/projects/" + project + "/labels",
                token,
                "{\"leaseId\":\"" + leaseId + "\",\"label\":" + label + "}");
    }

    static final String SINGLE = "{\"kind\":\"single_choice\",\"classes\":[\"pos\",\"neg\"]}";

    @Test
    @DisplayName("malformed JSON and unknown fields in a project body are 400s")
    void malformedBodies() {
        refused(400, () -> harness.post("/api/v1/projects", requester, "{\"name\":"));
        refused(400, () -> harness.post("/api/v1/projects", requester, "[1,2"));
        var unknown =
                refused(
                        400,
                        () ->
                                harness.post(
                                        "/api/v1/projects",
                                        requester,
                                        "{\"name\":\"x\",\"labelSchema\":"
                                                + SINGLE
                                                + ",\"colour\":\"red\"}"));
        assertThat(unknown.get("detail").asText()).contains("colour");
        refused(
                400,
                () ->
                        harness.post(
                                "/api/v1/projects",
                                requester,
                                "{\"name\":\"x\",\"labelSchema\":" + SINGLE + "} trailing"));
    }

    @Test
    @DisplayName(
            "a reward per label beyond what the rewards service can pay (a Java long of base units)"
                    + " is a 422 on create and update and changes nothing; the maximum is accepted")
    void rewardBeyondWhatCanBePaid() {
        String tooMuch = "9223372036854775808";
        var created =
                refused(
                        422,
                        () ->
                                harness.post(
                                        "/api/v1/projects",
                                        requester,
                                        "{\"name\":\"x\",\"labelSchema\":"
                                                + SINGLE
                                                + ",\"rewardPerLabel\":\""
                                                + tooMuch
                                                + "\"}"));
        assertThat(created.get("detail").asText()).contains("rewardPerLabel", "6 decimals");

        var max =
                harness.post(
                        "/api/v1/projects",
                        requester,
                        "{\"name\":\"max\",\"labelSchema\":"
                                + SINGLE
                                + ",\"rewardPerLabel\":\"9223372036854775807\"}");
        assertThat(max.status()).as(max.text()).isEqualTo(201);
        assertThat(max.json().get("rewardPerLabel").asText()).isEqualTo("9223372036854775807");
        String id = max.json().get("id").asText();
        int version = max.json().get("version").asInt();
        refused(
                422,
                () ->
                        harness.send(
                                "PUT",
                                "/api/v1/projects/" + id,
                                requester,
                                "{\"name\":\"max\",\"labelSchema\":"
                                        + SINGLE
                                        + ",\"rewardPerLabel\":\""
                                        + tooMuch
                                        + "\",\"version\":"
                                        + version
                                        + "}"));
        assertThat(
                        harness.get("/api/v1/projects/" + id, requester)
                                .json()
                                .get("rewardPerLabel")
                                .asText())
                .isEqualTo("9223372036854775807");
    }

    @Test
    @DisplayName("a body over the JSON limit is a 413")
    void oversizedBody() {
        long limit = harness.api.services().config().bodyLimitBytes();
        String body =
                "{\"name\":\"" + "x".repeat((int) limit) + "\",\"labelSchema\":" + SINGLE + "}";
        refused(413, () -> harness.post("/api/v1/projects", requester, body));
    }

    @Test
    @DisplayName("labels outside the schema are 422s and leave the lease open")
    void labelsOutsideSchema() {
        String single = projectWithItem(SINGLE, "{\"id\":\"s\",\"text\":\"fine\"}");
        String lease = next(single, alice).get("leaseId").asText();
        refused(422, () -> submit(single, alice, lease, "{\"choice\":\"maybe\"}"));
        refused(422, () -> submit(single, alice, lease, "{\"choices\":[\"pos\"]}"));
        refused(400, () -> submit(single, alice, lease, "{\"choice\":\"pos\",\"extra\":1}"));

        String multi =
                projectWithItem(
                        "{\"kind\":\"multi_label\",\"classes\":[\"a\",\"b\",\"c\"]}",
                        "{\"id\":\"m\",\"text\":\"tags\"}");
        String multiLease = next(multi, alice).get("leaseId").asText();
        var dup =
                refused(422, () -> submit(multi, alice, multiLease, "{\"choices\":[\"a\",\"a\"]}"));
        assertThat(dup.get("errors").toString()).contains("twice");
        refused(422, () -> submit(multi, alice, multiLease, "{\"choices\":[\"z\"]}"));

        String spans =
                projectWithItem(
                        "{\"kind\":\"spans\",\"classes\":[\"PER\",\"LOC\"]}",
                        "{\"id\":\"t\",\"text\":\"Ada in Paris\"}");
        String spanLease = next(spans, alice).get("leaseId").asText();
        var past =
                refused(
                        422,
                        () ->
                                submit(
                                        spans,
                                        alice,
                                        spanLease,
                                        "{\"spans\":[{\"start\":7,\"end\":40,\"label\":\"LOC\"}]}"));
        assertThat(past.get("errors").toString()).contains("runs past");
        refused(
                422,
                () ->
                        submit(
                                spans,
                                alice,
                                spanLease,
                                "{\"spans\":[{\"start\":0,\"end\":3,\"label\":\"ORG\"}]}"));
        // The lease survived every refusal: a valid label is still taken.
        assertThat(
                        submit(
                                        spans,
                                        alice,
                                        spanLease,
                                        "{\"spans\":[{\"start\":7,\"end\":12,\"label\":\"LOC\"}]}")
                                .status())
                .isEqualTo(201);
    }

    @Test
    @DisplayName("an expired lease is a 410, another contributor's lease a 403")
    void leases() throws Exception {
        String project = projectWithItem(SINGLE, "{\"id\":\"l\",\"text\":\"x\"}");
        String lease = next(project, alice).get("leaseId").asText();
        refused(403, () -> submit(project, bob, lease, "{\"choice\":\"pos\"}"));
        refused(403, () -> harness.post("/api/v1/leases/" + lease + "/renew", bob, null));
        refused(403, () -> harness.post("/api/v1/leases/" + lease + "/release", bob, null));
        refused(403, () -> harness.post("/api/v1/leases/" + lease + "/skip", bob, null));

        DbState.update(
                harness,
                "UPDATE leases SET expires_at = now() - interval '1 second' WHERE id = '"
                        + lease
                        + "'");
        // Let the sweeper (every second) retire it first, so it does not change the tables
        // between the two snapshots.
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"expired"
                        .equals(
                                DbState.query(
                                        harness,
                                        "SELECT state FROM leases WHERE id = '" + lease + "'"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        var expired = refused(410, () -> submit(project, alice, lease, "{\"choice\":\"pos\"}"));
        assertThat(expired.get("type").asText()).endsWith("lease-expired");
        refused(410, () -> harness.post("/api/v1/leases/" + lease + "/renew", alice, null));
    }

    @Test
    @DisplayName(
            "a requester cannot touch another requester's project; contributors cannot act as requesters")
    void foreignProject() {
        String project = projectWithItem(SINGLE, "{\"id\":\"f\",\"text\":\"x\"}");
        var current = harness.get("/api/v1/projects/" + project, requester).json();
        String update =
                "{\"name\":\"mine now\",\"labelSchema\":"
                        + SINGLE
                        + ",\"version\":"
                        + current.get("version").asInt()
                        + "}";
        refused(
                403,
                () -> harness.send("PUT", "/api/v1/projects/" + project, otherRequester, update));
        refused(
                403,
                () ->
                        harness.upload(
                                project,
                                otherRequester,
                                "jsonl",
                                "{\"id\":\"z\",\"text\":\"z\"}\n"));
        refused(
                403,
                () ->
                        harness.send(
                                "POST",
                                "/api/v1/projects/" + project + "/assignments?format=csv",
                                otherRequester,
                                "1,f\n",
                                "Content-Type",
                                "application/octet-stream"));
        refused(
                403,
                () ->
                        harness.post(
                                "/api/v1/projects",
                                alice,
                                "{\"name\":\"x\",\"labelSchema\":" + SINGLE + "}"));
        refused(403, () -> harness.post("/api/v1/projects/" + project + "/next", requester, null));
    }

    @Test
    @DisplayName("ids that are not numbers or UUIDs are 400s")
    void nonNumericIds() {
        refused(400, () -> harness.get("/api/v1/projects/abc", requester));
        refused(400, () -> harness.get("/api/v1/projects/1%3BDROP%20TABLE%20items", requester));
        refused(400, () -> harness.get("/api/v1/projects/-1", requester));
        refused(400, () -> harness.get("/api/v1/accounts/12x", ApiHarness.ADMIN_TOKEN));
        refused(400, () -> harness.post("/api/v1/projects/x/next", alice, null));
        refused(400, () -> harness.post("/api/v1/leases/not-a-uuid/renew", alice, null));
        refused(
                400,
                () ->
                        harness.send(
                                "PUT", "/api/v1/accounts/x/groups", requester, "{\"groups\":[]}"));
        refused(400, () -> harness.get("/api/v1/projects/99999999999999999999", requester));
    }

    @Test
    @DisplayName("SQL and script text in an item are stored verbatim and returned as JSON data")
    void hostileText() {
        String sql = "'); DROP TABLE items; --";
        String script = "<script>alert('x')</script>";
        String project =
                projectWithItem(
                        SINGLE,
                        "{\"id\":\"h\",\"text\":\""
                                + sql.replace("\"", "\\\"")
                                + "\",\"data\":{\"note\":\""
                                + script
                                + "\",\"q\":\"1 OR 1=1\"}}");
        var r = harness.post("/api/v1/projects/" + project + "/next", alice, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode data = r.json().get("data");
        assertThat(findText(data, sql)).as("SQL text round-trips: " + data).isTrue();
        assertThat(findText(data, script))
                .as("script text round-trips as a string: " + data)
                .isTrue();
        assertThat(findText(data, "1 OR 1=1")).isTrue();
        assertThat(
                        DbState.query(
                                harness,
                                "SELECT count(*) FROM items WHERE project_id = " + project))
                .isEqualTo("1");
        assertThat(DbState.query(harness, "SELECT text FROM items WHERE project_id = " + project))
                .isEqualTo(sql);
    }

    private static boolean findText(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().equals(text);
        }
        for (JsonNode child : node) {
            if (findText(child, text)) {
                return true;
            }
        }
        return false;
    }

    @Test
    @DisplayName("a missing, malformed or unknown token is a 401")
    void tokens() {
        refused(401, () -> harness.get("/api/v1/me", null));
        refused(401, () -> harness.get("/api/v1/projects", "jury_unknown_token_0123456789"));
        refused(
                401,
                () -> harness.send("GET", "/api/v1/me", null, null, "Authorization", "Basic YTpi"));
        refused(
                401,
                () ->
                        harness.post(
                                "/api/v1/projects",
                                null,
                                "{\"name\":\"x\",\"labelSchema\":" + SINGLE + "}"));
    }

    @Test
    @DisplayName("a token over its rate gets 429 with Retry-After")
    void rateLimit() throws Exception {
        try (ApiHarness slow = ApiHarness.start(false, c -> c.withRequestsPerSecond(1))) {
            String token = slow.account("carl", "contributor");
            // Burst is twice the rate: the third request within a second is over it.
            ApiHarness.Response last = null;
            for (int i = 0; i < 5 && (last == null || last.status() != 429); i++) {
                last = slow.get("/api/v1/me", token);
            }
            ApiHarness.Response limited = last;
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotNull();
            assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
            refused(slow, 429, () -> slow.get("/api/v1/me", token));
        }
    }

    @Test
    @DisplayName(
            "/health is 200 and /metrics serves Prometheus text with Vert.x HTTP server metrics")
    void opsEndpoints() {
        assertThat(harness.get("/health", null).status()).isEqualTo(200);
        harness.get("/api/v1/me", alice);
        var metrics = harness.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.text()).contains("# TYPE").contains("vertx_http_server_requests");
    }
}
