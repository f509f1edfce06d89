package dev.jury.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Hundreds of simulated contributors against one API, on the JDK's asynchronous HTTP client: each
 * contributor loops {@code next} then {@code submit} until {@code next} answers 204, and every
 * answer is recorded for the test to check against the database afterwards.
 */
final class LoadClient {

    /** A contributor the load drives. */
    record Contributor(String token, long id) {}

    /** What the run saw. */
    static final class Outcome {
        /** itemIds handed to each contributor, in order; a repeat would be a double assignment. */
        final Map<Long, List<Long>> itemsByContributor = new ConcurrentHashMap<>();

        /** labelId of every 201. */
        final ConcurrentLinkedQueue<String> createdLabels = new ConcurrentLinkedQueue<>();

        /** Anything other than 200/204 on next and 201 on submit. */
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    }

    private final HttpClient http;
    private final String baseUrl;

    LoadClient(String baseUrl) {
        this.baseUrl = baseUrl;
        // HTTP/1.1: the default (HTTP/2) would try an h2c upgrade on every new connection.
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
    }

    CompletableFuture<HttpResponse<String>> post(String path, String token, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .POST(
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates {@code count} contributor accounts, at most 32 requests in flight. */
    List<Contributor> contributors(String adminToken, String prefix, int count) throws Exception {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<Contributor>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            String body = "{\"name\":\"" + prefix + i + "\",\"role\":\"contributor\"}";
            futures.add(
                    post("/api/v1/accounts", adminToken, body)
                            .whenComplete((r, e) -> inFlight.release())
                            .thenApply(
                                    r -> {
                                        if (r.statusCode() != 201) {
                                            throw new IllegalStateException(
                                                    "account creation: " + r.body());
                                        }
                                        JsonNode json = parse(r.body());
                                        return new Contributor(
                                                json.get("token").asText(),
                                                json.get("account").get("id").asLong());
                                    }));
        }
        List<Contributor> out = new ArrayList<>();
        for (CompletableFuture<Contributor> f : futures) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    /**
     * Runs every contributor's next/submit loop at once and waits for all of them to finish.
     *
     * @param maxLabelsEach a bound per contributor, so a bug cannot make the run endless
     */
    Outcome run(String projectId, List<Contributor> contributors, int maxLabelsEach, Duration limit)
            throws Exception {
        Outcome outcome = new Outcome();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (Contributor c : contributors) {
            outcome.itemsByContributor.put(
                    c.id(), java.util.Collections.synchronizedList(new ArrayList<>()));
            loops.add(loop(projectId, c, maxLabelsEach, outcome));
        }
        CompletableFuture.allOf(loops.toArray(new CompletableFuture[0]))
                .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        return outcome;
    }

    private CompletableFuture<Void> loop(
            String projectId, Contributor c, int remaining, Outcome outcome) {
        if (remaining == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return post("/api/v1/projects/" + projectId + "/next", c.token(), null)
                .thenCompose(
                        next -> {
                            if (next.statusCode() == 204) {
                                return CompletableFuture.completedFuture(null);
                            }
                            if (next.statusCode() != 200) {
                                outcome.errors.add("next " + next.statusCode() + " " + next.body());
                                return CompletableFuture.completedFuture(null);
                            }
                            JsonNode a = parse(next.body());
                            outcome.itemsByContributor.get(c.id()).add(a.get("itemId").asLong());
                            String body =
                                    "{\"leaseId\":\""
                                            + a.get("leaseId").asText()
                                            + "\",\"label\":{\"choice\":\""
                                            + (c.id() % 2 == 0 ? "pos" : "neg")
                                            + "\"}}";
                            return post(
                                            "/api/v1/projects/" + projectId + "/labels",
                                            c.token(),
                                            body)
                                    .thenCompose(
                                            submit -> {
                                                if (submit.statusCode() != 201) {
                                                    outcome.errors.add(
                                                            "submit "
                                                                    + submit.statusCode()
                                                                    + " "
                                                                    + submit.body());
                                                    return CompletableFuture.<Void>completedFuture(
                                                            null);
                                                }
                                                outcome.createdLabels.add(
                                                        parse(submit.body())
                                                                .get("labelId")
                                                                .asText());
                                                return loop(projectId, c, remaining - 1, outcome);
                                            });
                        })
                .exceptionally(
                        e -> {
                            outcome.errors.add("transport: " + e);
                            return null;
                        });
    }

    private static JsonNode parse(String body) {
        try {
            return ApiHarness.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
