package dev.jury.api.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.api.ApiHarness;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.projects.Project;
import dev.jury.api.work.Assignments.Assignment;
import dev.jury.api.work.Assignments.ClaimRequest;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shared claim path of {@code next}: batches built by hand, so who competes with whom is known,
 * then the database checked for the assignment rules.
 */
class ClaimBatchIT {

    static ApiHarness harness;
    static String requester;
    static Assignments assignments;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
        requester = harness.account("cb-requester", "requester");
        assignments = harness.api.services().assignments();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @DisplayName(
            "contributors of one batch competing for an item's last place: the first in the batch"
                    + " gets it, the next ones the following item, the rest nothing; no item over"
                    + " its target")
    void lastPlaceGoesToOne() throws Exception {
        String project = project(3, "");
        upload(project, "{\"id\":\"a\",\"text\":\"a\"}\n{\"id\":\"b\",\"text\":\"b\"}\n");
        // a gets one label and one open lease: one place left; b has three.
        String p1 = harness.account("cb-p1", "contributor");
        String p2 = harness.account("cb-p2", "contributor");
        var first = next(project, p1);
        assertThat(first.json().get("externalId").asText()).isEqualTo("a");
        assertThat(submit(project, p1, first.json().get("leaseId").asText()).status())
                .isEqualTo(201);
        assertThat(next(project, p2).json().get("externalId").asText()).isEqualTo("a");

        List<Caller> crowd = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            crowd.add(contributor(harness.account("cb-c" + i, "contributor")));
        }
        Project p = project(project);
        List<Assignment> got = await(assignments.claimTogether(requests(p, crowd)));

        assertThat(externalIds(got)).containsExactly("a", "b", "b", "b", null);
        assertThat(counters(project)).isEqualTo("a 1+2/3, b 0+3/3");
        assertNoPairTwice(project);

        // Nothing is left for anyone: the full path answers no item, after its fallbacks too.
        List<Assignment> none =
                awaitAll(
                        assignments.claimBatch(
                                requests(p, List.of(crowd.get(4), contributor(p1)))));
        assertThat(none).containsExactly(null, null);
        assertThat(counters(project)).isEqualTo("a 1+2/3, b 0+3/3");
    }

    @Test
    @DisplayName(
            "two batches (as from two API instances) over one item's three places at once: three"
                    + " leases in all, to three different contributors")
    void twoBatchesAtOnceNeverOverfill() throws Exception {
        String project = project(3, "");
        upload(project, "{\"id\":\"only\",\"text\":\"x\"}\n");
        Project p = project(project);
        List<Caller> left = new ArrayList<>();
        List<Caller> right = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            left.add(contributor(harness.account("cb-l" + i, "contributor")));
            right.add(contributor(harness.account("cb-r" + i, "contributor")));
        }
        Future<List<Assignment>> one = assignments.claimTogether(requests(p, left));
        Future<List<Assignment>> two = assignments.claimTogether(requests(p, right));
        List<Assignment> all = new ArrayList<>(await(one));
        all.addAll(await(two));

        assertThat(all.stream().filter(a -> a != null).count()).isEqualTo(3);
        assertThat(counters(project)).isEqualTo("only 0+3/3");
        assertNoPairTwice(project);
    }

    @Test
    @DisplayName(
            "a batch mixing contributors with different groups, one who skipped the head item and"
                    + " one asking twice: each gets only what it may, and no pair twice")
    void mixedEligibility() throws Exception {
        String project = project(2, "");
        upload(
                project,
                "{\"id\":\"g1\",\"text\":\"g\",\"group\":\"experts\"}\n"
                        + "{\"id\":\"x1\",\"text\":\"x\"}\n"
                        + "{\"id\":\"x2\",\"text\":\"y\"}\n");
        String skipper = harness.account("cb-s1", "contributor");
        var offered = next(project, skipper);
        assertThat(offered.json().get("externalId").asText()).isEqualTo("x1");
        String lease = offered.json().get("leaseId").asText();
        assertThat(harness.post("/api/v1/leases/" + lease + "/skip", skipper, null).status())
                .isEqualTo(204);

        Caller plain = contributor(harness.account("cb-n1", "contributor"));
        Caller skipped = contributor(skipper);
        Caller expert1 = contributor(harness.account("cb-e1", "contributor", "experts"));
        Caller expert2 = contributor(harness.account("cb-e2", "contributor", "experts"));
        Project p = project(project);
        List<Caller> batch = List.of(plain, skipped, expert1, skipped, expert2);

        List<Assignment> got = awaitAll(assignments.claimBatch(requests(p, batch)));

        // plain: not g1 (group), so x1; skipper: not g1, not x1 (skipped), so x2; the experts
        // fill g1; the skipper's second request finds nothing it may take, even after the
        // one-statement fallback.
        assertThat(externalIds(got)).containsExactly("x1", "x2", "g1", null, "g1");
        assertThat(counters(project)).isEqualTo("g1 0+2/2, x1 0+1/2, x2 0+1/2");
        assertNoPairTwice(project);
        assertThat(assignments.batchedClaims()).isGreaterThan(0);
    }

    @Test
    @DisplayName(
            "the only item left is row-locked for a moment (as by a submit) when a contributor asks:"
                    + " they get it once the lock goes, not a 'no work' answer that sends them away")
    void briefLockIsWaitedOut() throws Exception {
        String project = project(2, "");
        upload(project, "{\"id\":\"held\",\"text\":\"x\"}\n");
        String asker = harness.account("cb-w1", "contributor");
        long retriesBefore = assignments.lockedRetries();
        try (Connection lock = holdItemLocks(project)) {
            CompletableFuture<ApiHarness.Response> answer =
                    CompletableFuture.supplyAsync(
                            () ->
                                    harness.post(
                                            "/api/v1/projects/" + project + "/next", asker, null));
            // The claim skips the locked row, finds it is there all the same, and pauses.
            awaitRetries(retriesBefore + 1);
            lock.commit();
            ApiHarness.Response r = answer.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().get("externalId").asText()).isEqualTo("held");
        }
        assertThat(counters(project)).isEqualTo("held 0+1/2");
    }

    @Test
    @DisplayName(
            "an item locked for longer than the claim's retries: the contributor is told there is"
                    + " no work after about a second, the pauses are bounded")
    void longLockEndsInNoWork() throws Exception {
        String project = project(2, "");
        upload(project, "{\"id\":\"stuck\",\"text\":\"x\"}\n");
        String asker = harness.account("cb-w2", "contributor");
        long retriesBefore = assignments.lockedRetries();
        try (Connection lock = holdItemLocks(project)) {
            long started = System.nanoTime();
            ApiHarness.Response r =
                    harness.post("/api/v1/projects/" + project + "/next", asker, null);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(r.status()).as(r.text()).isEqualTo(204);
            assertThat(assignments.lockedRetries() - retriesBefore)
                    .isEqualTo(Assignments.LOCKED_RETRIES);
            assertThat(tookMs).as("ms until the answer").isGreaterThanOrEqualTo(1_000);
            lock.rollback();
        }
        assertThat(counters(project)).isEqualTo("stuck 0+0/2");
    }

    /**
     * A connection in a transaction that holds the row locks of the project's items, as a submit
     * does for a moment; closing it without a commit releases them.
     */
    private static Connection holdItemLocks(String project) throws SQLException {
        Connection c = harness.database.connect();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT id FROM items WHERE project_id = " + project + " FOR UPDATE")) {
                assertThat(rs.next()).isTrue();
            }
            return c;
        } catch (SQLException | RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    private static void awaitRetries(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (assignments.lockedRetries() < atLeast) {
            assertThat(System.nanoTime()).as("a claim retrying").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private static List<ClaimRequest> requests(Project p, List<Caller> callers) {
        List<ClaimRequest> out = new ArrayList<>();
        for (Caller c : callers) {
            out.add(new ClaimRequest(c, p, false));
        }
        return out;
    }

    private static List<String> externalIds(List<Assignment> got) {
        List<String> out = new ArrayList<>();
        for (Assignment a : got) {
            out.add(a == null ? null : a.externalId());
        }
        return out;
    }

    private static String project(int overlap, String extra) {
        return harness.project(
                requester,
                "\"overlap\":{\"minLabels\":"
                        + overlap
                        + ",\"maxLabels\":"
                        + overlap
                        + ",\"confidence\":0.9}"
                        + extra);
    }

    private static Project project(String id) throws Exception {
        return await(harness.api.services().projects().get(Long.parseLong(id)));
    }

    private static void upload(String project, String jsonl) {
        assertThat(harness.upload(project, requester, "jsonl", jsonl).status()).isEqualTo(201);
    }

    private static ApiHarness.Response next(String project, String token) {
        var r = harness.post("/api/v1/projects/" + project + "/next", token, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    private static ApiHarness.Response submit(String project, String token, String lease) {
        return harness.post(
                "/api/v1/projects/" + project + "/labels",
                token,
                "{\"leaseId\":\"" + lease + "\",\"label\":{\"choice\":\"pos\"}}");
    }

    private static Caller contributor(String token) {
        var me = harness.get("/api/v1/me", token).json();
        List<String> groups = new ArrayList<>();
        me.path("groups").forEach(g -> groups.add(g.asText()));
        return new Caller(
                Long.parseLong(me.get("id").asText()),
                me.get("name").asText(),
                Role.CONTRIBUTOR,
                false,
                null,
                groups);
    }

    /** "external labels+open/target" per item, by external id. */
    private static String counters(String project) throws SQLException {
        return query(
                "SELECT string_agg(external_id || ' ' || labels_count || '+' || open_leases || '/' || target,"
                        + " ', ' ORDER BY external_id) FROM items WHERE project_id = "
                        + project);
    }

    /**
     * Leases (open, submitted or skipped) and labels never pair one contributor with one item
     * twice.
     */
    private static void assertNoPairTwice(String project) throws SQLException {
        assertThat(
                        query(
                                "SELECT count(*) FROM (SELECT item_id, contributor_id FROM leases"
                                        + " WHERE project_id = "
                                        + project
                                        + " GROUP BY 1, 2 HAVING count(*) > 1) d"))
                .isEqualTo("0");
        assertThat(
                        query(
                                "SELECT count(*) FROM items WHERE project_id = "
                                        + project
                                        + " AND (labels_count + open_leases > target OR open_leases <>"
                                        + " (SELECT count(*) FROM leases l WHERE l.item_id = items.id"
                                        + "  AND l.state = 'open'))"))
                .isEqualTo("0");
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = harness.database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static <T> List<T> awaitAll(List<Future<T>> fs) throws Exception {
        List<T> out = new ArrayList<>();
        for (Future<T> f : fs) {
            out.add(await(f));
        }
        return out;
    }
}
