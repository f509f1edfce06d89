package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.LabelSubmitted;
import dev.jury.events.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hundreds of contributors asking for work and submitting at once against one project; the
 * assignment rules are then checked in the database itself, and also while the load runs.
 */
@Timeout(300)
class ConcurrencyIT {

    static final int CONTRIBUTORS = 500;
    static final int ITEMS = 2_000;
    static final int GOLD_ITEMS = 400;
    static final double GOLD_SHARE = 0.2;
    static final int OVERLAP = 3;

    static ApiHarness harness;
    static String requester;
    static LoadClient client;
    static List<LoadClient.Contributor> contributors;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
        requester = harness.account("rita", "requester");
        client = new LoadClient(harness.api.baseUrl());
        contributors = client.contributors(ApiHarness.ADMIN_TOKEN, "crowd", CONTRIBUTORS);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @DisplayName(
            "500 contributors at once: no double assignment, no item over its target, every 201 stored"
                    + " once with one outbox event, gold at its share, every item fully labeled")
    void openAssignmentUnderLoad() throws Exception {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":"
                                + OVERLAP
                                + ",\"maxLabels\":"
                                + OVERLAP
                                + ",\"confidence\":0.9},\"goldShare\":"
                                + GOLD_SHARE);
        upload(project, ITEMS, GOLD_ITEMS);

        long batchedBefore = harness.api.services().assignments().batchedClaims();
        LoadClient.Outcome outcome = runWithInvariantChecks(project, contributors);

        assertThat(outcome.errors).as("non-2xx answers").isEmpty();
        assertNoContributorSawAnItemTwice(outcome);
        assertDatabaseMatches(project, outcome, ITEMS * OVERLAP);
        // The rules above held with concurrent `next` calls sharing claims, not only one by one.
        assertThat(harness.api.services().assignments().batchedClaims())
                .as("items handed out by shared claims")
                .isGreaterThan(batchedBefore);
        assertThat(
                        scalar(
                                "SELECT count(*) FROM items WHERE project_id = ? AND labels_count <> target",
                                project))
                .as("items not fully labeled")
                .isZero();

        // Gold share: in the first 80 % of labels both pools still have work, so the per-request
        // draw decides; at the very end whichever pool is left takes all requests.
        long early = ITEMS * OVERLAP * 8L / 10;
        long goldEarly =
                scalar(
                        "SELECT count(*) FILTER (WHERE i.is_gold) FROM ("
                                + " SELECT item_id FROM labels WHERE project_id = ?"
                                + " ORDER BY created_at LIMIT "
                                + early
                                + ") b JOIN items i ON i.id = b.item_id",
                        project);
        assertThat((double) goldEarly / early)
                .isCloseTo(GOLD_SHARE, org.assertj.core.data.Offset.offset(0.04));
    }

    @Test
    @DisplayName(
            "Explicit assignments under load: labels only on listed pairs, none over target, all"
                    + " items fully labeled")
    void explicitAssignmentUnderLoad() throws Exception {
        int items = 400;
        int assigneesPerItem = OVERLAP + 1;
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":"
                                + OVERLAP
                                + ",\"maxLabels\":"
                                + OVERLAP
                                + ",\"confidence\":0.9},\"assignmentMode\":\"explicit\"");
        upload(project, items, 0);
        // The upload endpoint for assignment lists is built elsewhere; rows go in by SQL here.
        // Each item is listed for one more contributor than it needs, so they race for places.
        List<LoadClient.Contributor> pool = new ArrayList<>(contributors.subList(0, 200));
        Random random = new Random(42);
        try (Connection c = harness.database.connect();
                PreparedStatement ids =
                        c.prepareStatement("SELECT id FROM items WHERE project_id = ?");
                PreparedStatement insert =
                        c.prepareStatement(
                                "INSERT INTO item_assignments (contributor_id, item_id, project_id)"
                                        + " VALUES (?, ?, ?)")) {
            ids.setLong(1, Long.parseLong(project));
            try (ResultSet rs = ids.executeQuery()) {
                while (rs.next()) {
                    long item = rs.getLong(1);
                    Collections.shuffle(pool, random);
                    for (LoadClient.Contributor who : pool.subList(0, assigneesPerItem)) {
                        insert.setLong(1, who.id());
                        insert.setLong(2, item);
                        insert.setLong(3, Long.parseLong(project));
                        insert.addBatch();
                    }
                }
            }
            insert.executeBatch();
        }

        LoadClient.Outcome outcome = runWithInvariantChecks(project, contributors.subList(0, 250));

        assertThat(outcome.errors).as("non-2xx answers").isEmpty();
        assertNoContributorSawAnItemTwice(outcome);
        assertDatabaseMatches(project, outcome, items * OVERLAP);
        assertThat(
                        scalar(
                                "SELECT count(*) FROM labels b WHERE b.project_id = ? AND NOT EXISTS ("
                                        + " SELECT 1 FROM item_assignments a"
                                        + " WHERE a.item_id = b.item_id AND a.contributor_id = b.contributor_id)",
                                project))
                .as("labels by contributors the item was not assigned to")
                .isZero();
        assertThat(
                        scalar(
                                "SELECT count(*) FROM items WHERE project_id = ? AND labels_count <> target",
                                project))
                .as("items not fully labeled")
                .isZero();
    }

    /**
     * Runs the load while another connection checks, every 200 ms, the counters against the rows
     * they count. One statement sees one snapshot, so a claim or submit is either wholly in it or
     * not at all.
     */
    private static LoadClient.Outcome runWithInvariantChecks(
            String project, List<LoadClient.Contributor> who) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger checks = new AtomicInteger();
        Thread checker =
                new Thread(
                        () -> {
                            try (Connection c = harness.database.connect()) {
                                while (running.get()) {
                                    long bad = counterViolations(c, project);
                                    checks.incrementAndGet();
                                    if (bad > 0) {
                                        violations.add(bad + " items with wrong counters");
                                    }
                                    Thread.sleep(200);
                                }
                            } catch (SQLException e) {
                                violations.add("checker failed: " + e);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "invariant-checker");
        checker.start();
        long started = System.nanoTime();
        LoadClient.Outcome outcome;
        try {
            outcome = client.run(project, who, 1_000, Duration.ofSeconds(240));
        } finally {
            running.set(false);
            checker.join(10_000);
        }
        System.out.printf(
                "ConcurrencyIT: %d contributors, %d labels in %.1f s, %d mid-run checks%n",
                who.size(),
                outcome.createdLabels.size(),
                (System.nanoTime() - started) / 1e9,
                checks.get());
        assertThat(violations).as("invariant violations seen during the load").isEmpty();
        return outcome;
    }

    private static long counterViolations(Connection c, String project) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT count(*) FROM items i WHERE i.project_id = ? AND ("
                                + " i.open_leases <> (SELECT count(*) FROM leases l WHERE l.item_id = i.id"
                                + "                   AND l.state = 'open' AND l.expires_at > now())"
                                + " OR i.labels_count <> (SELECT count(*) FROM labels b WHERE b.item_id = i.id)"
                                + " OR i.labels_count + i.open_leases > i.target)")) {
            s.setLong(1, Long.parseLong(project));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assertNoContributorSawAnItemTwice(LoadClient.Outcome outcome) {
        outcome.itemsByContributor.forEach(
                (contributor, items) ->
                        assertThat(items)
                                .as("items handed to contributor %d", contributor)
                                .doesNotHaveDuplicates());
    }

    private static void assertDatabaseMatches(
            String project, LoadClient.Outcome outcome, int expectedLabels) throws Exception {
        List<String> created = new ArrayList<>(outcome.createdLabels);
        assertThat(created).as("201 answers").hasSize(expectedLabels).doesNotHaveDuplicates();
        try (Connection c = harness.database.connect()) {
            assertThat(counterViolations(c, project)).as("items with wrong counters").isZero();
        }
        assertThat(
                        scalar(
                                "SELECT count(*) FROM (SELECT item_id, contributor_id FROM leases"
                                        + " WHERE project_id = ? GROUP BY 1, 2 HAVING count(*) > 1) d",
                                project))
                .isZero();
        assertThat(
                        scalar(
                                "SELECT count(*) FROM (SELECT item_id, contributor_id FROM labels"
                                        + " WHERE project_id = ? GROUP BY 1, 2 HAVING count(*) > 1) d",
                                project))
                .isZero();
        assertThat(
                        scalar(
                                "SELECT count(*) FROM items WHERE project_id = ? AND labels_count > target",
                                project))
                .isZero();

        List<String> stored = strings("SELECT id::text FROM labels WHERE project_id = ?", project);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(created);
        // No Kafka here: every event is still in the outbox, one per label.
        List<String> events = new ArrayList<>();
        for (String payload :
                strings(
                        "SELECT payload FROM outbox WHERE topic = '"
                                + Topics.LABELS_SUBMITTED
                                + "'"
                                + " AND payload::jsonb ->> 'projectId' = ?::text",
                        project)) {
            events.add(
                    LabelSubmitted.CODEC
                            .decode(payload.getBytes(StandardCharsets.UTF_8))
                            .labelId());
        }
        assertThat(events).containsExactlyInAnyOrderElementsOf(created);
        Set<String> unique = new HashSet<>(events);
        assertThat(unique).hasSameSizeAs(events);
    }

    private static void upload(String project, int items, int gold) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < items; i++) {
            body.append("{\"id\":\"it-")
                    .append(i)
                    .append("\",\"text\":\"item ")
                    .append(i)
                    .append('"');
            if (i < gold) {
                body.append(",\"gold\":\"pos\"");
            }
            body.append("}\n");
        }
        var r = harness.upload(project, requester, "jsonl", body.toString());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.json().get("itemsInserted").asLong()).isEqualTo(items);
    }

    private static long scalar(String sql, String project) throws SQLException {
        try (Connection c = harness.database.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, Long.parseLong(project));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> strings(String sql, String project) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = harness.database.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, Long.parseLong(project));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
