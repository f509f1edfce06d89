package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.ResolutionStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Dashboards connected over server-sent events see what the stream jobs publish. */
class LiveFeedIT {

    static ApiHarness harness;
    static EventSender events;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withKafka();
        events = new EventSender();
    }

    @AfterAll
    static void stop() {
        events.close();
        harness.close();
    }

    /** Opens a stream; its lines arrive in the returned queue until the test ends. */
    private static BlockingQueue<String> open(String query, String token) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(harness.api.baseUrl() + "/api/v1/events/stream" + query))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build();
        HttpResponse<Stream<String>> response =
                harness.http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse(""))
                .startsWith("text/event-stream");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        // The server's first comment says the subscription is live.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (": connected".equals(line)) {
                return lines;
            }
        }
        throw new AssertionError("the stream never said it was connected");
    }

    /** The data line of the next event of {@code kind} whose data contains {@code marker}. */
    private static String awaitEvent(BlockingQueue<String> lines, String kind, String marker)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean inKind = false;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("event: ")) {
                inKind = line.equals("event: " + kind);
            } else if (inKind && line.startsWith("data: ") && line.contains(marker)) {
                return line.substring(6);
            }
        }
        return null;
    }

    @Test
    @DisplayName("a moderator's stream shows a reputation update within seconds")
    void moderatorSeesReputationUpdates() throws Exception {
        String moderator = harness.account("mo", "moderator");
        BlockingQueue<String> lines = open("", moderator);
        long sent = System.nanoTime();
        var update = EventSender.reputation("4242", null, 0.77, System.currentTimeMillis());
        events.send(update);
        String data = awaitEvent(lines, "reputation-updated", update.eventId());
        assertThat(data).as("the reputation update on the stream").isNotNull();
        assertThat(ApiHarness.JSON.readTree(data).get("score").asDouble()).isEqualTo(0.77);
        System.out.printf(
                "live feed: reputation update on the stream after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
    }

    @Test
    @DisplayName("an owner's stream shows their project's resolutions but no reputations")
    void ownerSeesOwnProjectOnly() throws Exception {
        String owner = harness.account("rita", "requester");
        String project = harness.project(owner, "");
        String other = harness.project(harness.account("otto", "requester"), "");
        assertThat(harness.get("/api/v1/events/stream", owner).status()).isEqualTo(400);
        assertThat(harness.get("/api/v1/events/stream?projectId=" + other, owner).status())
                .isEqualTo(403);
        BlockingQueue<String> lines = open("?projectId=" + project, owner);

        var hidden = EventSender.reputation("4243", project, 0.5, System.currentTimeMillis());
        events.send(hidden);
        var foreign =
                EventSender.resolved(other, "77", ResolutionStatus.RESOLVED, "pos", 0.9, 1, 1);
        events.send(foreign);
        var mine = EventSender.resolved(project, "78", ResolutionStatus.RESOLVED, "pos", 0.9, 1, 1);
        events.send(mine);
        assertThat(awaitEvent(lines, "item-resolved", mine.eventId())).isNotNull();
        // Everything published before "mine" has been delivered by now, in order.
        assertThat(lines)
                .noneMatch(l -> l.contains(hidden.eventId()) || l.contains(foreign.eventId()));
    }
}
