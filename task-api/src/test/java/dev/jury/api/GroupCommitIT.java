package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Concurrent submits share their statements (group commit), yet each request keeps its own outcome:
 * a bad request in a batch is refused alone and the others are stored once.
 */
class GroupCommitIT {

    private static final int CONTRIBUTORS = 24;

    static ApiHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /** One submit to send: who, with which body and idempotency key. */
    private record Submit(String path, String token, String body, String key) {}

    @Test
    @DisplayName(
            "Concurrent submits with a lease sent twice and a reused idempotency key among them:"
                    + " every other label is stored once, each bad one is refused alone")
    void badRequestsInABatchAreRefusedAlone() throws Exception {
        // Whether the submits meet in one batch depends on timing (a loaded machine may serve
        // them one by one); every round checks the outcomes, and rounds repeat, a few times at
        // most, until one of them shared a statement, which is what this test is about.
        boolean grouped = false;
        for (int round = 0; round < 5 && !grouped; round++) {
            grouped = sendOneRound(round);
        }
        assertThat(grouped).as("some submits shared one statement").isTrue();
    }

    /** Sends the round's submits at once, checks every outcome; answers whether any was grouped. */
    private static boolean sendOneRound(int round) throws Exception {
        String requester = harness.account("gc-requester-" + round, "requester");
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 2 * CONTRIBUTORS; i++) {
            items.append("{\"id\":\"gc-").append(i).append("\",\"text\":\"t\"}\n");
        }
        assertThat(harness.upload(project, requester, "jsonl", items.toString()).status())
                .isEqualTo(201);
        List<Submit> submits = new ArrayList<>();
        for (int c = 0; c < CONTRIBUTORS; c++) {
            String token = harness.account("gc-" + round + "-" + c, "contributor");
            for (int k = 0; k < 2; k++) {
                var next = harness.post("/api/v1/projects/" + project + "/next", token, null);
                assertThat(next.status()).as(next.text()).isEqualTo(200);
                String body =
                        "{\"leaseId\":\""
                                + next.json().get("leaseId").asText()
                                + "\",\"label\":{\"choice\":\"pos\"}}";
                // Contributor 1 sends both of its labels with one key: only one may be stored.
                String key = c == 1 ? "same-key" : "key-" + c + "-" + k;
                submits.add(
                        new Submit("/api/v1/projects/" + project + "/labels", token, body, key));
            }
        }
        // Contributor 0's first lease is submitted twice, under two keys.
        Submit first = submits.get(0);
        submits.add(new Submit(first.path(), first.token(), first.body(), "key-0-again"));

        long groupedBefore = harness.api.services().labels().groupedWrites();
        List<Integer> statuses = sendAtOnce(submits);

        int created = (int) statuses.stream().filter(s -> s == 201).count();
        assertThat(created).isEqualTo(2 * CONTRIBUTORS - 1);
        // The refused ones: the second submit of contributor 0's lease (lease-closed) and one of
        // contributor 1's two labels (idempotency-key-reused); both are 409.
        assertThat(statuses.stream().filter(s -> s != 201)).containsExactly(409, 409);
        assertThat(statuses.get(0) == 201 || statuses.get(statuses.size() - 1) == 201).isTrue();
        assertThat(statuses.get(2) == 201 ^ statuses.get(3) == 201).isTrue();

        String counts =
                DbState.query(
                        harness,
                        "SELECT (SELECT count(*) FROM labels l JOIN items i ON i.id = l.item_id"
                                + "        WHERE i.project_id = "
                                + project
                                + ") || ' ' || (SELECT count(*) FROM outbox o WHERE o.record_key IN"
                                + "        (SELECT id::text FROM items WHERE project_id = "
                                + project
                                + ")"
                                + ") || ' ' || (SELECT sum(labels_count) FROM items WHERE project_id = "
                                + project
                                + ") || ' ' || (SELECT sum(open_leases) FROM items WHERE project_id = "
                                + project
                                + ")");
        // Labels, their outbox events and the items' counters agree; the one lease left open is
        // contributor 1's refused label's.
        assertThat(counts).isEqualTo(created + " " + created + " " + created + " " + 1);
        return harness.api.services().labels().groupedWrites() > groupedBefore;
    }

    private static List<Integer> sendAtOnce(List<Submit> submits) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(submits.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (Submit s : submits) {
                results.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return harness.post(
                                                    s.path(),
                                                    s.token(),
                                                    s.body(),
                                                    "Idempotency-Key",
                                                    s.key())
                                            .status();
                                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(120, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
