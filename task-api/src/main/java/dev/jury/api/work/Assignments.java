package dev.jury.api.work;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import dev.jury.api.projects.Project;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out items under leases.
 *
 * <p>The rules, each enforced by the database in one statement so that hundreds of contributors
 * asking at once cannot break them:
 *
 * <ul>
 *   <li>a contributor never gets an item they hold, labeled or skipped (one lease row per item and
 *       contributor; only an expired or released lease is reissued);
 *   <li>an item is handed out only while {@code labels + open leases < target}, its planned labels
 *       (the row is locked {@code FOR UPDATE SKIP LOCKED} while its open-lease count rises, so two
 *       claims never both take the last place);
 *   <li>gold items are mixed in at the project's share (a random draw per request picks which pool
 *       is tried first; the other is the fallback, so with a share of 0 gold items come last);
 *   <li>items with the most labels come first: they are the closest to resolution;
 *   <li>an explicit assignment list or a contributor group restricts who gets what;
 *   <li>a banned contributor, or one whose reputation lower bound is under the project's gate, is
 *       refused with the reason.
 * </ul>
 */
public final class Assignments {

    private static final String CLAIM_OPEN =
            "WITH pick AS ("
                    + "  SELECT i.id FROM items i"
                    + "  WHERE i.project_id = $1 AND i.status = 'open' AND i.is_gold = $3"
                    + "    AND i.labels_count + i.open_leases < i.target"
                    + "    AND (i.group_name IS NULL OR i.group_name = ANY($4))"
                    + "    AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.item_id = i.id AND l.contributor_id = $2"
                    + "                    AND l.state IN ('open', 'submitted', 'skipped'))"
                    + "  ORDER BY i.labels_count DESC, i.id"
                    + "  LIMIT 1 FOR UPDATE SKIP LOCKED"
                    + ")";

    private static final String CLAIM_EXPLICIT =
            "WITH pick AS ("
                    + "  SELECT i.id FROM item_assignments a JOIN items i ON i.id = a.item_id"
                    + "  WHERE a.contributor_id = $2 AND a.project_id = $1"
                    + "    AND i.status = 'open' AND i.is_gold = $3"
                    + "    AND i.labels_count + i.open_leases < i.target"
                    + "    AND (i.group_name IS NULL OR i.group_name = ANY($4))"
                    + "    AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.item_id = i.id AND l.contributor_id = $2"
                    + "                    AND l.state IN ('open', 'submitted', 'skipped'))"
                    + "  ORDER BY i.labels_count DESC, i.id"
                    + "  LIMIT 1 FOR UPDATE OF i SKIP LOCKED"
                    + ")";

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

    private static final String GATE =
            "SELECT lower_bound FROM contributor_reputation WHERE contributor_id = $1 AND project_id IN (0, $2)"
                    + " ORDER BY project_id DESC LIMIT 1";

    private final SqlClient sql;

    public Assignments(SqlClient sql) {
        this.sql = sql;
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
        return gate.compose(v -> claim(caller, project, goldFirst))
                .compose(
                        first ->
                                first != null
                                        ? Future.succeededFuture(first)
                                        : claim(caller, project, !goldFirst));
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
                            Row row = rows.iterator().next();
                            return new Assignment(
                                    row.getUUID("lease_id").toString(),
                                    Long.toString(row.getLong("id")),
                                    row.getString("external_id"),
                                    Long.toString(project.id()),
                                    Json.stored(row.getString("payload")),
                                    row.getOffsetDateTime("expires_at").toString());
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
