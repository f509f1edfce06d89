package dev.jury.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jury.testsupport.KafkaService;
import dev.jury.testsupport.PostgresService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task API on its own fresh database (and, if asked, the shared test Kafka), plus a small HTTP
 * client. Each harness is one isolated deployment; close it to stop the API.
 */
public final class ApiHarness implements AutoCloseable {

    public static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    static final ObjectMapper JSON = new ObjectMapper();

    public final TaskApi api;
    public final PostgresService.Database database;
    public final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiHarness(TaskApi api, PostgresService.Database database) {
        this.api = api;
        this.database = database;
    }

    /** A harness whose API publishes to the shared test Kafka. */
    public static ApiHarness withKafka() throws Exception {
        return start(true, c -> c);
    }

    /** A harness without Kafka: events stay in the outbox. */
    public static ApiHarness withoutKafka() throws Exception {
        return start(false, c -> c);
    }

    /** A harness with a customised configuration. */
    public static ApiHarness start(boolean kafka, java.util.function.UnaryOperator<ApiConfig> tweak)
            throws Exception {
        PostgresService.Database db =
                PostgresService.shared()
                        .createDatabase(
                                "api_"
                                        + ProcessHandle.current().pid()
                                        + "_"
                                        + DATABASES.incrementAndGet());
        Path dataDir = Files.createTempDirectory("jury-api-test");
        ApiConfig config =
                ApiConfig.defaults(
                                new ApiConfig.Database(
                                        db.host(), db.port(), db.name(), db.user(), db.password()),
                                dataDir)
                        .withHttpPort(0)
                        .withAdminToken(ADMIN_TOKEN)
                        .withRequestsPerSecond(100_000);
        config = config.withKafka(kafka ? KafkaService.shared().bootstrapServers() : null);
        config = tweak.apply(config);
        if (config.kafkaBootstrap() == null) {
            return new ApiHarness(TaskApi.start(config), db);
        }
        // Each harness is its own deployment on the shared broker: its own read-model group,
        // starting at "now", so events other tests published never reach this database.
        ensureTopics(config.kafkaBootstrap());
        TaskApi api =
                TaskApi.start(
                        config,
                        new dev.jury.api.readmodels.ReadModelConfig("test-" + db.name(), true));
        if (!api.readModels().awaitReady(Duration.ofSeconds(30))) {
            api.close();
            throw new IllegalStateException(
                    "the read-model consumers did not get their partitions");
        }
        return new ApiHarness(api, db);
    }

    /** Creates every event topic that does not exist yet, so consumers get them at once. */
    static void ensureTopics(String bootstrap) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin =
                org.apache.kafka.clients.admin.Admin.create(
                        Map.of(
                                org.apache.kafka.clients.admin.AdminClientConfig
                                        .BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap))) {
            java.util.Set<String> existing = admin.listTopics().names().get();
            java.util.List<org.apache.kafka.clients.admin.NewTopic> missing =
                    new java.util.ArrayList<>();
            for (var spec : dev.jury.events.Topics.all()) {
                if (!existing.contains(spec.name())) {
                    missing.add(
                            new org.apache.kafka.clients.admin.NewTopic(spec.name(), 1, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause()
                            instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** An HTTP response with its body parsed when it is JSON. */
    public record Response(int status, Map<String, java.util.List<String>> headers, String text) {
        public JsonNode json() {
            try {
                return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        public String contentType() {
            return header("content-type");
        }
    }

    public Response send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                        .timeout(Duration.ofSeconds(60))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Response post(String path, String token, String body, String... headers) {
        return send("POST", path, token, body, headers);
    }

    /** Creates an account; returns its token. */
    public String account(String name, String role, String... groups) {
        StringBuilder g = new StringBuilder("[");
        for (int i = 0; i < groups.length; i++) {
            g.append(i == 0 ? "" : ",").append('"').append(groups[i]).append('"');
        }
        g.append(']');
        Response r =
                post(
                        "/api/v1/accounts",
                        ADMIN_TOKEN,
                        "{\"name\":\""
                                + name
                                + "\",\"role\":\""
                                + role
                                + "\",\"groups\":"
                                + g
                                + "}");
        if (r.status() != 201) {
            throw new AssertionError("account creation failed: " + r);
        }
        return r.json().get("token").asText();
    }

    /** The account id behind a token. */
    public String accountId(String token) {
        return get("/api/v1/me", token).json().get("id").asText();
    }

    /** Creates a single-choice project; returns its id. */
    public String project(String requesterToken, String extraJson) {
        String body =
                "{\"name\":\"Sentiment\",\"instructions\":\"Is it positive?\","
                        + "\"labelSchema\":{\"kind\":\"single_choice\",\"classes\":[\"pos\",\"neg\"]}"
                        + (extraJson.isEmpty() ? "" : "," + extraJson)
                        + "}";
        Response r = post("/api/v1/projects", requesterToken, body);
        if (r.status() != 201) {
            throw new AssertionError("project creation failed: " + r);
        }
        return r.json().get("id").asText();
    }

    /** Uploads items; returns the response. */
    public Response upload(String projectId, String token, String format, String body) {
        return send(
                "POST",
                "/api/v1/projects/" + projectId + "/items?format=" + format,
                token,
                body,
                "Content-Type",
                "application/octet-stream");
    }

    @Override
    public void close() {
        api.close();
    }
}
