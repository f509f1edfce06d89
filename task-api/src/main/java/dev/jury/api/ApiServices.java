package dev.jury.api;

import dev.jury.api.auth.Accounts;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.auth.TokenAuth;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.items.ItemImporter;
import dev.jury.api.outbox.OutboxRelay;
import dev.jury.api.projects.Project;
import dev.jury.api.projects.ProjectService;
import dev.jury.api.work.Assignments;
import dev.jury.api.work.LabelSubmission;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The services one API process shares across its event loops, wired once by {@link TaskApi}.
 *
 * @param config the configuration
 * @param port the port the server listens on
 * @param pool the raw reactive pool (hot paths, read models)
 * @param tokenAuth authentication and rate limits
 * @param accounts accounts and tokens
 * @param projects projects (Hibernate Reactive)
 * @param importer item uploads
 * @param assignments {@code next}, renew, release, skip
 * @param labels label submission
 * @param relay the outbox relay, or null when no Kafka is configured
 * @param metricsRegistry the Micrometer registry name, or null for none
 * @param extraRoutes features mounted under {@code /api/v1}
 * @param itemListeners called after items were added or changed on this instance
 */
public record ApiServices(
        ApiConfig config,
        int port,
        Pool pool,
        TokenAuth tokenAuth,
        Accounts accounts,
        ProjectService projects,
        ItemImporter importer,
        Assignments assignments,
        LabelSubmission labels,
        OutboxRelay relay,
        String metricsRegistry,
        List<ApiVerticle.ExtraRoutes> extraRoutes,
        CopyOnWriteArrayList<Runnable> itemListeners) {

    /** What {@code /health} reports. */
    public record Health(boolean ok, String database, String outbox, long outboxPublished) {}

    Future<Health> health() {
        return pool.query("SELECT 1")
                .execute()
                .map(
                        r ->
                                new Health(
                                        relay == null || relay.healthy(),
                                        "up",
                                        relay == null
                                                ? "no kafka configured"
                                                : relay.healthy()
                                                        ? "up"
                                                        : "kafka unreachable, events wait",
                                        relay == null ? 0 : relay.published()))
                .recover(
                        e ->
                                Future.succeededFuture(
                                        new Health(
                                                false, "down: " + e.getMessage(), "unknown", 0)));
    }

    void metricsRoute(Router router) {
        if (metricsRegistry != null) {
            router.get("/metrics").handler(PrometheusScrapingHandler.create(metricsRegistry));
        }
    }

    void onItemsChanged() {
        itemListeners.forEach(Runnable::run);
    }

    /** Progress of an upload, for its requester. */
    Future<Map<String, Object>> importProgress(Caller caller, UUID importId) {
        return pool.preparedQuery(
                        "SELECT i.project_id, i.format, i.status, i.rows_read, i.rows_inserted, i.rows_skipped,"
                                + " i.error, i.started_at, i.finished_at, p.owner_id"
                                + " FROM imports i JOIN projects p ON p.id = i.project_id WHERE i.id = $1")
                .execute(Tuple.of(importId))
                .map(
                        rows -> {
                            if (rows.size() == 0) {
                                throw ApiProblem.notFound("import " + importId);
                            }
                            Row row = rows.iterator().next();
                            if (caller.role() != Role.ADMIN
                                    && row.getLong("owner_id") != caller.accountId()) {
                                throw ApiProblem.forbidden(
                                        "this upload belongs to another requester");
                            }
                            Map<String, Object> out = new java.util.LinkedHashMap<>();
                            out.put("importId", importId.toString());
                            out.put("projectId", Long.toString(row.getLong("project_id")));
                            out.put("format", row.getString("format"));
                            out.put("status", row.getString("status"));
                            out.put("itemsRead", row.getLong("rows_read"));
                            out.put("itemsInserted", row.getLong("rows_inserted"));
                            out.put("itemsSkipped", row.getLong("rows_skipped"));
                            if (row.getString("error") != null) {
                                out.put("error", row.getString("error"));
                            }
                            out.put("startedAt", row.getOffsetDateTime("started_at").toString());
                            if (row.getOffsetDateTime("finished_at") != null) {
                                out.put(
                                        "finishedAt",
                                        row.getOffsetDateTime("finished_at").toString());
                            }
                            return out;
                        });
    }

    /** The project of a lease the caller holds (404 or 403 otherwise). */
    Future<Project> leaseProject(Caller caller, UUID leaseId) {
        return pool.preparedQuery("SELECT project_id, contributor_id FROM leases WHERE id = $1")
                .execute(Tuple.of(leaseId))
                .compose(
                        rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(ApiProblem.notFound("lease " + leaseId));
                            }
                            Row row = rows.iterator().next();
                            if (row.getLong("contributor_id") != caller.accountId()) {
                                return Future.failedFuture(
                                        ApiProblem.forbidden(
                                                "lease "
                                                        + leaseId
                                                        + " belongs to another contributor"));
                            }
                            return projects.get(row.getLong("project_id"));
                        });
    }

    static List<ApiVerticle.ExtraRoutes> noExtras() {
        return new ArrayList<>();
    }
}
