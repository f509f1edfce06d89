package dev.jury.api.work;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import dev.jury.api.projects.Project;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out items under leases.
 *
 * <p>The rules, each enforced by the database (in one statement, or in one transaction holding the
 * items' row locks) so that hundreds of contributors asking at once cannot break them:
 *
 * <ul>
 *   <li>a contributor never gets an item they hold, labeled or skipped (one lease row per item and
 *       contributor; only an expired or released lease is reissued);
 *   <li>an item is handed out only while {@code labels + open leases < target}, its planned labels
 *       (the row is locked {@code FOR UPDATE SKIP LOCKED} while its open-lease count rises, so two
 *       claims never both take the last place);
 *   <li>"no work" is answered only when no item is available to the caller: a claim that skipped
 *       locked rows and found nothing looks again, after a pause, while an item is there;
 *   <li>gold items are mixed in at the project's share (a random draw per request picks which pool
 *       is tried first; the other is the fallback, so with a share of 0 gold items come last);
 *   <li>items with the most labels come first: they are the closest to resolution;
 *   <li>an explicit assignment list or a contributor group restricts who gets what;
 *   <li>a banned contributor, or one whose reputation lower bound is under the project's gate, is
 *       refused with the reason.
 * </ul>
 *
 * <p>Concurrent {@code next} calls share their claims: requests that arrive while a claim is in
 * flight wait and go together ({@link SubmitBatcher}, one batch at a time per instance). A batch of
 * several requests in one open-assignment project takes one transaction of two statements instead
 * of one claim statement each; a lone request, and every request of a project with explicit
 * assignment lists, keeps the one-statement claim.
 */
public final class Assignments {
    private static final Logger LOG = LoggerFactory.getLogger(Assignments.class);

    /**
     * The items contributor $2 may be handed in project $1 under open assignment, within the groups
     * in the array parameter given: open, a place free, and not held, labeled or skipped by them.
     */
    private static String openCandidates(String groups) {
        return " FROM items i WHERE i.project_id = $1 AND i.status = 'open'" + takeable(groups);
    }

    /**
     * As {@link #openCandidates}, restricted to the items listed for the contributor that they have
     * not labeled or skipped yet: their pairs in {@code item_assignments_queue} ({@code
     * V8__assignment_queues}), whose copies of the item's status, label count and gold flag the
     * index orders and filters by.
     */
    private static String explicitCandidates(String groups) {
        return " FROM item_assignments a JOIN items i ON i.id = a.item_id"
                + " WHERE a.project_id = $1 AND a.contributor_id = $2 AND a.pending AND a.item_open"
                + "   AND i.status = 'open'"
                + takeable(groups);
    }

    /** Item i has a free place, fits the groups given, and contributor $2 never held it. */
    private static String takeable(String groups) {
        return "   AND i.labels_count + i.open_leases < i.target"
                + "   AND (i.group_name IS NULL OR i.group_name = ANY("
                + groups
                + "))"
                + "   AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.item_id = i.id AND l.contributor_id = $2"
                + "                   AND l.state IN ('open', 'submitted', 'skipped'))";
    }

    private static final String CLAIM_OPEN =
            "WITH pick AS (SELECT i.id"
                    + openCandidates("$4")
                    + "  AND i.is_gold = $3"
                    + "  ORDER BY i.labels_count DESC, i.id"
                    + "  LIMIT 1 FOR UPDATE SKIP LOCKED"
                    + ")";

    /**
     * The explicit-list claim of one pool ($3: gold or not), in the order of the contributor's
     * queue: the pairs' copies of the item's label count give the same order as the items', so the
     * index is read in claim order and the claim stops at the first item it can take, instead of
     * reading and sorting every pair the contributor was listed on.
     */
    private static String explicitPool(String name, String gold, String onlyIf) {
        return name
                + " AS (SELECT i.id"
                + explicitCandidates("$4")
                + "  AND "
                + onlyIf
                + "  AND a.is_gold = "
                + gold
                + "  ORDER BY a.labels_count DESC, a.item_id"
                + "  LIMIT 1 FOR UPDATE OF i SKIP LOCKED)";
    }

    /**
     * Both pools in one statement, the preferred one first: the other is read only when the first
     * found nothing (a one-time filter, evaluated before its scan).
     */
    private static final String CLAIM_EXPLICIT =
            "WITH "
                    + explicitPool("preferred", "$3", "true")
                    + ", "
                    + explicitPool("fallback", "NOT $3", "NOT EXISTS (SELECT 1 FROM preferred)")
                    + ", pick AS (SELECT id FROM preferred UNION ALL SELECT id FROM fallback)";

    /**
     * Whether any item is available to the caller in either pool, read without locks: row locks do
     * not hide a row from a plain read, so after both claims skipped every candidate this tells
     * "nothing left for you" from "what is left was locked for a moment" (by a submit, a release,
     * another claim or the sweeper).
     */
    private static final String ANY_OPEN_CANDIDATE =
            "SELECT EXISTS (SELECT 1" + openCandidates("$3") + ")";

    private static final String ANY_EXPLICIT_CANDIDATE =
            "SELECT EXISTS (SELECT 1" + explicitCandidates("$3") + ")";

    private static final String CLAIM_TAIL =
            ", bump AS ("
                    + "  UPDATE items SET open_leases = open_leases + 1 FROM pick WHERE items.id = pick.id"
                    + "  RETURNING items.id, items.external_id, items.payload::text AS payload, items.labels_count"
                    + "), lease AS ("
                    + "  INSERT INTO leases (id, item_id, project_id, contributor_id, state, issued_at, expires_at)"
                    + "  SELECT $5, bump.id, $1, $2, 'open', now(), now() + make_interval(secs => $6) FROM bump"
                    + "  ON CONFLICT (item_id, contributor_id) DO UPDATE"
                    + "    SET id = excluded.id, state = 'open', issued_at = excluded.issued_at,"
                    + "        expires_at = excluded.expires_at"
                    + "  RETURNING id, expires_at"
                    + ")"
                    + " SELECT bump.id, bump.external_id, bump.payload, bump.labels_count, lease.id AS lease_id,"
                    + "        lease.expires_at FROM bump, lease";

    /**
     * Locks the head of a project's two queues for a batch of open-assignment claims, inside the
     * batch's transaction: up to $3 gold and $4 non-gold items with a free place, in claim order,
     * each with its number of free places and which of the batch's contributors ($5) already hold,
     * labeled or skipped it. While the rows stay locked no other claim, submit, release or sweep
     * can change their counters or lease them, so the batch can share their places out in memory.
     */
    private static final String LOCK_HEADS =
            "WITH g AS ("
                    + "  SELECT i.id, i.is_gold, i.group_name, i.labels_count,"
                    + "         i.target - i.labels_count - i.open_leases AS free"
                    + "  FROM items i"
                    + "  WHERE i.project_id = $1 AND i.status = 'open' AND i.is_gold = true"
                    + "    AND i.labels_count + i.open_leases < i.target"
                    + "    AND (i.group_name IS NULL OR i.group_name = ANY($2))"
                    + "  ORDER BY i.labels_count DESC, i.id"
                    + "  LIMIT $3 FOR UPDATE SKIP LOCKED"
                    + "), n AS ("
                    + "  SELECT i.id, i.is_gold, i.group_name, i.labels_count,"
                    + "         i.target - i.labels_count - i.open_leases AS free"
                    + "  FROM items i"
                    + "  WHERE i.project_id = $1 AND i.status = 'open' AND i.is_gold = false"
                    + "    AND i.labels_count + i.open_leases < i.target"
                    + "    AND (i.group_name IS NULL OR i.group_name = ANY($2))"
                    + "  ORDER BY i.labels_count DESC, i.id"
                    + "  LIMIT $4 FOR UPDATE SKIP LOCKED"
                    + "), c AS (SELECT * FROM g UNION ALL SELECT * FROM n)"
                    + " SELECT c.id, c.is_gold, c.group_name, c.free,"
                    + "   ARRAY(SELECT l.contributor_id FROM leases l WHERE l.item_id = c.id"
                    + "         AND l.contributor_id = ANY($5) AND l.state IN ('open', 'submitted', 'skipped'))"
                    + "     AS held"
                    + " FROM c ORDER BY c.is_gold, c.labels_count DESC, c.id";

    /**
     * Writes a batch's leases and counts them on their (locked) items. The lease upsert reissues
     * only a released or expired lease, so a pair the contributor holds, labeled or skipped is
     * never written whatever the batch planned; the count refuses to pass an item's target. A
     * planned lease that comes back without its item ({@code id} null) fails the batch, which is
     * then rolled back and claimed one request at a time.
     */
    private static final String WRITE_LEASES =
            "WITH input AS ("
                    + "  SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[])"
                    + "    AS t(lease_id, item_id, contributor_id)"
                    + "), lease AS ("
                    + "  INSERT INTO leases (id, item_id, project_id, contributor_id, state, issued_at, expires_at)"
                    + "  SELECT lease_id, item_id, $4, contributor_id, 'open', now(), now() + make_interval(secs => $5)"
                    + "  FROM input"
                    + "  ON CONFLICT (item_id, contributor_id) DO UPDATE"
                    + "    SET id = excluded.id, state = 'open', issued_at = excluded.issued_at,"
                    + "        expires_at = excluded.expires_at"
                    + "    WHERE leases.state IN ('released', 'expired')"
                    + "  RETURNING id, item_id, expires_at"
                    + "), bump AS ("
                    + "  UPDATE items SET open_leases = open_leases + c.n"
                    + "  FROM (SELECT item_id, count(*) AS n FROM lease GROUP BY item_id) c"
                    + "  WHERE items.id = c.item_id AND items.labels_count + items.open_leases + c.n <= items.target"
                    + "  RETURNING items.id, items.external_id, items.payload::text AS payload"
                    + ")"
                    + " SELECT lease.id AS lease_id, lease.item_id, lease.expires_at, bump.id, bump.external_id,"
                    + "        bump.payload"
                    + " FROM lease LEFT JOIN bump ON bump.id = lease.item_id";

    private static final String GATE =
            "SELECT lower_bound FROM contributor_reputation WHERE contributor_id = $1 AND project_id IN (0, $2)"
                    + " ORDER BY project_id DESC LIMIT 1";

    /** The most claims one batch takes. */
    static final int MAX_BATCH = 256;

    /**
     * Pauses of 5, 10, ... 640 ms: about 1.3 s in all, far longer than a submit or claim holds an
     * item's row even on a loaded machine.
     */
    static final int LOCKED_RETRIES = 8;

    private static final long FIRST_PAUSE_MS = 5;

    private final Vertx vertx;
    private final Pool sql;
    private final AtomicLong lockedRetries = new AtomicLong();
    private final SubmitBatcher<ClaimRequest, Assignment> batcher =
            new SubmitBatcher<>(this::claimBatch, MAX_BATCH);
    private final AtomicLong batchedClaims = new AtomicLong();

    public Assignments(Vertx vertx, Pool sql) {
        this.vertx = vertx;
        this.sql = sql;
    }

    /**
     * A {@code next} that passed the ban, project and reputation checks, waiting for its batch.
     *
     * @param caller who asks
     * @param project where
     * @param goldFirst whether this request tries the gold items first (drawn at the project's
     *     share)
     */
    record ClaimRequest(Caller caller, Project project, boolean goldFirst) {}

    /**
     * How many requests were handed an item by a shared (multi-request) claim since start: evidence
     * for tests and operators that concurrent {@code next} calls share their statements.
     */
    public long batchedClaims() {
        return batchedClaims.get();
    }

    /**
     * How many times a claim found every item available to its caller locked and tried again: for
     * tests, and operators wondering why a {@code next} took a while.
     */
    public long lockedRetries() {
        return lockedRetries.get();
    }

    /**
     * An item handed out.
     *
     * @param leaseId the lease to submit against
     * @param itemId the item's id
     * @param externalId the requester's id for it
     * @param projectId the project
     * @param data the item's data (never its gold answer)
     * @param expiresAt when the lease lapses unless renewed
     */
    public record Assignment(
            String leaseId,
            String itemId,
            String externalId,
            String projectId,
            JsonNode data,
            String expiresAt) {}

    /**
     * The next item for the caller in a project, or null if none is available to them now.
     *
     * @throws ApiProblem 403 for a banned or gated contributor, 409 for an inactive project
     */
    public Future<Assignment> next(Caller caller, Project project) {
        caller.require(Role.CONTRIBUTOR);
        if (caller.banned()) {
            return Future.failedFuture(
                    ApiProblem.forbidden("this account is banned from taking work")
                            .with("reason", "banned"));
        }
        if (!project.active()) {
            return Future.failedFuture(
                    ApiProblem.conflict(
                            "project-inactive",
                            "project "
                                    + project.id()
                                    + " is "
                                    + project.status()
                                    + "; it hands out no work"));
        }
        Future<Void> gate =
                project.reputationGate() <= 0
                        ? Future.succeededFuture()
                        : sql.preparedQuery(GATE)
                                .execute(Tuple.of(caller.accountId(), project.id()))
                                .map(rows -> checkGate(rows, project));
        boolean goldFirst =
                project.goldShare() > 0
                        && ThreadLocalRandom.current().nextDouble() < project.goldShare();
        return gate.compose(
                v -> claimWaitingOutLocks(new ClaimRequest(caller, project, goldFirst), 0));
    }

    /**
     * A claim through the shared batches; when it finds nothing although an item is available to
     * the caller (every candidate was row-locked for a moment by a submit, a release, another claim
     * or the sweeper, and claims skip locked rows), it asks again after a pause (5 ms, doubling,
     * {@link #LOCKED_RETRIES} times at most). Without this a contributor whose last item was locked
     * just then is told there is no work and goes away, leaving the item short of its labels. The
     * pauses happen between batches, so they never hold up other contributors' claims.
     */
    private Future<Assignment> claimWaitingOutLocks(ClaimRequest r, int retry) {
        return batcher.submit(r)
                .compose(
                        got -> {
                            if (got != null || retry == LOCKED_RETRIES) {
                                return Future.succeededFuture(got);
                            }
                            return anyCandidate(r)
                                    .compose(
                                            available -> {
                                                if (!available) {
                                                    return Future.succeededFuture(null);
                                                }
                                                lockedRetries.incrementAndGet();
                                                return vertx.timer(FIRST_PAUSE_MS << retry)
                                                        .compose(
                                                                t ->
                                                                        claimWaitingOutLocks(
                                                                                r, retry + 1));
                                            });
                        });
    }

    /**
     * Claims for every request of a batch. Requests that came alone, and those of projects with
     * explicit assignment lists, take the one-statement claim; the others share one transaction per
     * project ({@link #claimTogether}). A request the shared claim could not serve from the items
     * it locked (its preferred pool's head was all taken, held or outside its groups) then takes
     * the one-statement claim, which searches the whole queue and falls back to the other pool; so
     * does every request of a shared claim that failed as a whole.
     */
    List<Future<Assignment>> claimBatch(List<ClaimRequest> batch) {
        List<Future<Assignment>> out = new ArrayList<>(batch.size());
        if (batch.size() == 1) {
            out.add(claimOne(batch.get(0)));
            return out;
        }
        Map<Long, List<Integer>> byProject = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            out.add(null);
            ClaimRequest r = batch.get(i);
            if (r.project().explicitAssignments()) {
                out.set(i, claimOne(r));
            } else {
                byProject.computeIfAbsent(r.project().id(), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> at : byProject.values()) {
            if (at.size() == 1) {
                out.set(at.get(0), claimOne(batch.get(at.get(0))));
                continue;
            }
            List<ClaimRequest> group = new ArrayList<>(at.size());
            for (int i : at) {
                group.add(batch.get(i));
            }
            Future<List<Assignment>> together =
                    claimTogether(group)
                            .recover(
                                    failure -> {
                                        // Its requests still get the one-statement claim, but a
                                        // shared claim that keeps failing (an SQL bug, or items
                                        // over target) must show up in the log.
                                        LOG.warn(
                                                "shared claim of {} requests for project {} failed;"
                                                        + " they fall back to single claims",
                                                group.size(),
                                                group.get(0).project().id(),
                                                failure);
                                        return Future.succeededFuture(
                                                Collections.nCopies(group.size(), null));
                                    });
            for (int k = 0; k < at.size(); k++) {
                int index = k;
                ClaimRequest r = group.get(k);
                out.set(
                        at.get(k),
                        together.compose(
                                got -> {
                                    Assignment a = got.get(index);
                                    return a != null ? Future.succeededFuture(a) : claimOne(r);
                                }));
            }
        }
        return out;
    }

    /**
     * The one-statement claim: the preferred pool, then the other one (both in one statement under
     * an explicit list).
     */
    private Future<Assignment> claimOne(ClaimRequest r) {
        if (r.project().explicitAssignments()) {
            return claim(r.caller(), r.project(), r.goldFirst());
        }
        return claim(r.caller(), r.project(), r.goldFirst())
                .compose(
                        first ->
                                first != null
                                        ? Future.succeededFuture(first)
                                        : claim(r.caller(), r.project(), !r.goldFirst()));
    }

    private Future<Boolean> anyCandidate(ClaimRequest r) {
        return sql.preparedQuery(
                        r.project().explicitAssignments()
                                ? ANY_EXPLICIT_CANDIDATE
                                : ANY_OPEN_CANDIDATE)
                .execute(
                        Tuple.of(
                                r.project().id(),
                                r.caller().accountId(),
                                r.caller().groups().toArray(new String[0])))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** One locked item of a shared claim, with the places it still has and who may not get it. */
    private static final class Head {
        final long id;
        final String group;
        final Set<Long> held;
        int free;

        Head(long id, String group, int free, Set<Long> held) {
            this.id = id;
            this.group = group;
            this.free = free;
            this.held = held;
        }
    }

    /**
     * Open-assignment claims of several requests in one project, in one transaction: lock the head
     * of each queue the requests prefer ({@link #LOCK_HEADS}), share the locked items' free places
     * out in arrival order (each request takes the first item of its preferred pool that has a
     * place, fits its groups and that it does not hold or had; so the items closest to resolution
     * fill first), then write every lease and count in one statement ({@link #WRITE_LEASES}).
     * Answers one assignment or null per request, in order; null means "not served here".
     */
    Future<List<Assignment>> claimTogether(List<ClaimRequest> requests) {
        Project project = requests.get(0).project();
        int goldFirst = 0;
        Set<String> groups = new HashSet<>();
        Set<Long> contributors = new HashSet<>();
        for (ClaimRequest r : requests) {
            goldFirst += r.goldFirst() ? 1 : 0;
            groups.addAll(r.caller().groups());
            contributors.add(r.caller().accountId());
        }
        int goldLimit = headLimit(goldFirst);
        int otherLimit = headLimit(requests.size() - goldFirst);
        return sql.withTransaction(
                conn ->
                        conn.preparedQuery(LOCK_HEADS)
                                .execute(
                                        Tuple.of(
                                                project.id(),
                                                groups.toArray(new String[0]),
                                                goldLimit,
                                                otherLimit,
                                                contributors.toArray(new Long[0])))
                                .compose(
                                        rows -> {
                                            Head[] plan = share(requests, rows);
                                            return write(conn, project, requests, plan);
                                        }));
    }

    /**
     * Rows to lock for k requests preferring one pool: a few more than k, since a request cannot
     * take an item it had or one outside its groups.
     */
    private static int headLimit(int k) {
        return k == 0 ? 0 : k + k / 4 + 4;
    }

    /** Which locked item each request gets (null: none of them), in arrival order. */
    private static Head[] share(List<ClaimRequest> requests, RowSet<Row> rows) {
        List<Head> gold = new ArrayList<>();
        List<Head> other = new ArrayList<>();
        for (Row row : rows) {
            Set<Long> held = new HashSet<>();
            for (Long c : row.getArrayOfLongs("held")) {
                held.add(c);
            }
            Head h =
                    new Head(
                            row.getLong("id"),
                            row.getString("group_name"),
                            row.getInteger("free"),
                            held);
            (row.getBoolean("is_gold") ? gold : other).add(h);
        }
        Head[] plan = new Head[requests.size()];
        for (int i = 0; i < plan.length; i++) {
            ClaimRequest r = requests.get(i);
            long who = r.caller().accountId();
            for (Head h : r.goldFirst() ? gold : other) {
                if (h.free > 0
                        && (h.group == null || r.caller().groups().contains(h.group))
                        && !h.held.contains(who)) {
                    h.free--;
                    h.held.add(who);
                    plan[i] = h;
                    break;
                }
            }
        }
        return plan;
    }

    private Future<List<Assignment>> write(
            SqlConnection conn, Project project, List<ClaimRequest> requests, Head[] plan) {
        List<UUID> leases = new ArrayList<>();
        List<Long> items = new ArrayList<>();
        List<Long> contributors = new ArrayList<>();
        UUID[] leaseOf = new UUID[plan.length];
        for (int i = 0; i < plan.length; i++) {
            if (plan[i] != null) {
                leaseOf[i] = UUID.randomUUID();
                leases.add(leaseOf[i]);
                items.add(plan[i].id);
                contributors.add(requests.get(i).caller().accountId());
            }
        }
        if (leases.isEmpty()) {
            return Future.succeededFuture(Collections.nCopies(plan.length, null));
        }
        return conn.preparedQuery(WRITE_LEASES)
                .execute(
                        Tuple.of(
                                leases.toArray(new UUID[0]),
                                items.toArray(new Long[0]),
                                contributors.toArray(new Long[0]),
                                project.id(),
                                project.leaseSeconds()))
                .map(
                        rows -> {
                            Map<UUID, Row> byLease = new HashMap<>();
                            for (Row row : rows) {
                                if (row.getValue("id") == null) {
                                    throw new IllegalStateException(
                                            "a shared claim would pass item "
                                                    + row.getLong("item_id")
                                                    + "'s target; rolled back");
                                }
                                byLease.put(row.getUUID("lease_id"), row);
                            }
                            // Fixed size, one slot per request; null where it got nothing.
                            List<Assignment> got = Arrays.asList(new Assignment[plan.length]);
                            int served = 0;
                            for (int i = 0; i < plan.length; i++) {
                                Row row = leaseOf[i] == null ? null : byLease.get(leaseOf[i]);
                                if (row != null) {
                                    got.set(i, assignment(row, project));
                                    served++;
                                }
                            }
                            batchedClaims.addAndGet(served);
                            return got;
                        });
    }

    private static Assignment assignment(Row row, Project project) {
        return new Assignment(
                row.getUUID("lease_id").toString(),
                Long.toString(row.getLong("id")),
                row.getString("external_id"),
                Long.toString(project.id()),
                Json.stored(row.getString("payload")),
                row.getOffsetDateTime("expires_at").toString());
    }

    private static Void checkGate(RowSet<Row> rows, Project project) {
        if (rows.size() == 0) {
            return null; // No reputation yet: a newcomer is on probation, not refused.
        }
        double lower = rows.iterator().next().getDouble("lower_bound");
        if (lower < project.reputationGate()) {
            throw ApiProblem.forbidden(
                            String.format(
                                    java.util.Locale.ROOT,
                                    "your reputation lower bound %.3f is below this project's gate %.3f",
                                    lower,
                                    project.reputationGate()))
                    .with("reason", "reputation-gate");
        }
        return null;
    }

    private Future<Assignment> claim(Caller caller, Project project, boolean gold) {
        String claim = (project.explicitAssignments() ? CLAIM_EXPLICIT : CLAIM_OPEN) + CLAIM_TAIL;
        UUID leaseId = UUID.randomUUID();
        return sql.preparedQuery(claim)
                .execute(
                        Tuple.of(
                                project.id(),
                                caller.accountId(),
                                gold,
                                caller.groups().toArray(new String[0]),
                                leaseId,
                                project.leaseSeconds()))
                .map(
                        rows -> {
                            if (rows.size() == 0) {
                                return null;
                            }
                            return assignment(rows.iterator().next(), project);
                        });
    }

    /** Extends an open lease by the project's lease time. */
    public Future<String> renew(Caller caller, UUID leaseId, Project project) {
        return sql.preparedQuery(
                        "UPDATE leases SET expires_at = now() + make_interval(secs => $3)"
                                + " WHERE id = $1 AND contributor_id = $2 AND state = 'open' AND expires_at > now()"
                                + " RETURNING expires_at")
                .execute(Tuple.of(leaseId, caller.accountId(), project.leaseSeconds()))
                .compose(
                        rows -> {
                            if (rows.size() == 1) {
                                OffsetDateTime at = rows.iterator().next().getOffsetDateTime(0);
                                return Future.succeededFuture(at.toString());
                            }
                            return Leases.explain(sql, caller, leaseId).map(x -> (String) null);
                        });
    }

    /**
     * Gives an open lease back. {@code skip} means the contributor does not want the item (it is
     * never offered to them again); release means they may get it later.
     */
    public Future<Void> giveBack(Caller caller, UUID leaseId, boolean skip) {
        return sql.preparedQuery(
                        "WITH l AS (UPDATE leases SET state = $3"
                                + "   WHERE id = $1 AND contributor_id = $2 AND state = 'open' AND expires_at > now()"
                                + "   RETURNING item_id)"
                                + " UPDATE items SET open_leases = open_leases - 1 FROM l WHERE items.id = l.item_id"
                                + " RETURNING items.id")
                .execute(Tuple.of(leaseId, caller.accountId(), skip ? "skipped" : "released"))
                .compose(
                        rows ->
                                rows.size() == 1
                                        ? Future.<Void>succeededFuture()
                                        : Leases.explain(sql, caller, leaseId).mapEmpty());
    }
}
