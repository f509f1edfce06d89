package dev.jury.api.readmodels;

import static dev.jury.api.ApiVerticle.async;

import dev.jury.api.ApiVerticle;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.auth.TokenAuth;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import dev.jury.api.http.Params;
import dev.jury.api.projects.LabelSchema;
import dev.jury.api.projects.ProjectService;
import dev.jury.events.Events;
import dev.jury.events.LabelValue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moderation: the review queue, consensus overrides and bans, for moderators and admins only.
 *
 * <p>Every override and ban is written to {@code moderation_log} in the same transaction as the
 * change itself, so there is no change without its audit row and no audit row without its change.
 */
final class ModerationRoutes implements ApiVerticle.ExtraRoutes {

    /** Longest reason accepted for an override or a ban. */
    static final int MAX_REASON = 2_000;

    private final Pool pool;
    private final ProjectService projects;
    private final TokenAuth tokenAuth;

    ModerationRoutes(Pool pool, ProjectService projects, TokenAuth tokenAuth) {
        this.pool = pool;
        this.projects = projects;
        this.tokenAuth = tokenAuth;
    }

    /**
     * An override as posted.
     *
     * @param label the moderator's answer, in the project's label shape
     * @param reason why, for the audit trail
     */
    record OverrideRequest(LabelValue label, String reason) {}

    /**
     * A ban as posted.
     *
     * @param reason why, for the audit trail and the contributor
     */
    record Ban(String reason) {}

    @Override
    public void mount(Vertx vertx, Router api) {
        api.get("/projects/:projectId/review-queue").handler(async(this::reviewQueue));
        api.post("/projects/:projectId/items/:itemId/override").handler(async(this::override));
        api.post("/contributors/:contributorId/ban").handler(async(ctx -> ban(ctx, true)));
        api.delete("/contributors/:contributorId/ban").handler(async(ctx -> ban(ctx, false)));
    }

    private Future<Void> reviewQueue(RoutingContext ctx) {
        Caller.of(ctx).require(Role.MODERATOR);
        long projectId = Params.id(ctx, "projectId");
        double below = Query.probabilityParam(ctx, "confidenceBelow", 0.8);
        int limit = Query.intParam(ctx, "limit", 50, 1, 500);
        // Exhausted items first (no consensus at all), then the least confident resolutions.
        String sql =
                "SELECT "
                        + ReadModelRoutes.ITEM_COLUMNS
                        + " FROM items"
                        + " WHERE project_id = $1"
                        + "   AND (status = 'exhausted' OR (status = 'resolved' AND confidence < $2))"
                        + " ORDER BY (status = 'exhausted') DESC, confidence NULLS FIRST, id LIMIT $3";
        return projects.get(projectId)
                .compose(p -> pool.preparedQuery(sql).execute(Tuple.of(projectId, below, limit)))
                .compose(
                        rows -> {
                            List<Map<String, Object>> items = new ArrayList<>();
                            List<Long> ids = new ArrayList<>();
                            for (Row row : rows) {
                                items.add(ReadModelRoutes.itemView(row, projectId));
                                ids.add(row.getLong("id"));
                            }
                            if (ids.isEmpty()) {
                                return Future.succeededFuture(items);
                            }
                            return ReadModelRoutes.labelsOf(pool, ids)
                                    .map(
                                            labels -> {
                                                for (int i = 0; i < items.size(); i++) {
                                                    items.get(i)
                                                            .put(
                                                                    "labels",
                                                                    labels.getOrDefault(
                                                                            ids.get(i), List.of()));
                                                }
                                                return items;
                                            });
                        })
                .map(
                        items -> {
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("projectId", Long.toString(projectId));
                            out.put("confidenceBelow", below);
                            out.put("items", items);
                            Json.reply(ctx, 200, out);
                            return null;
                        });
    }

    private Future<Void> override(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.MODERATOR);
        long projectId = Params.id(ctx, "projectId");
        long itemId = Params.id(ctx, "itemId");
        OverrideRequest request = Json.body(ctx, OverrideRequest.class);
        if (request.label() == null) {
            throw ApiProblem.invalid("label is required", List.of("label is required"));
        }
        String reason = reason(request.reason());
        return projects.get(projectId)
                .compose(
                        project ->
                                pool.withTransaction(
                                        conn ->
                                                conn.preparedQuery(
                                                                "SELECT status, consensus_label, char_length(text) AS text_length"
                                                                        + " FROM items WHERE id = $1 AND project_id = $2 FOR UPDATE")
                                                        .execute(Tuple.of(itemId, projectId))
                                                        .compose(
                                                                rows -> {
                                                                    if (rows.size() == 0) {
                                                                        throw ApiProblem.notFound(
                                                                                "item "
                                                                                        + itemId
                                                                                        + " of project "
                                                                                        + projectId);
                                                                    }
                                                                    Row before =
                                                                            rows.iterator().next();
                                                                    LabelSchema schema =
                                                                            project.labelSchema();
                                                                    List<String> errors =
                                                                            schema.violations(
                                                                                    request.label(),
                                                                                    before
                                                                                            .getInteger(
                                                                                                    "text_length"));
                                                                    if (!errors.isEmpty()) {
                                                                        throw ApiProblem.invalid(
                                                                                "the label does not fit the project's schema",
                                                                                errors);
                                                                    }
                                                                    return apply(
                                                                            conn,
                                                                            caller,
                                                                            projectId,
                                                                            itemId,
                                                                            request.label(),
                                                                            reason,
                                                                            before);
                                                                })))
                .compose(
                        v ->
                                pool.preparedQuery(ReadModelRoutes.ITEM)
                                        .execute(Tuple.of(itemId, projectId)))
                .map(
                        rows -> {
                            Json.reply(
                                    ctx,
                                    200,
                                    ReadModelRoutes.itemView(rows.iterator().next(), projectId));
                            return null;
                        });
    }

    private static Future<Void> apply(
            io.vertx.sqlclient.SqlConnection conn,
            Caller caller,
            long projectId,
            long itemId,
            LabelValue label,
            String reason,
            Row before) {
        String labelJson =
                new String(Events.codec(LabelValue.class).encode(label), StandardCharsets.UTF_8);
        // A single choice stays a plain class name in consensus_label, as the consensus job
        // writes it, so exports and search read one format for single-choice projects.
        String consensus = label.choice() != null ? label.choice() : labelJson;
        JsonObject details =
                new JsonObject()
                        .put("statusBefore", before.getString("status"))
                        .put("consensusBefore", before.getString("consensus_label"))
                        .put("label", new JsonObject(labelJson));
        return conn.preparedQuery(
                        "UPDATE items SET status = 'overridden', consensus_label = $3,"
                                + " override_label = $4::jsonb, overridden_by = $5, resolved_at = now()"
                                + " WHERE id = $1 AND project_id = $2")
                .execute(
                        Tuple.of(
                                itemId,
                                projectId,
                                consensus,
                                new JsonObject(labelJson),
                                caller.accountId()))
                .compose(
                        v ->
                                conn.preparedQuery(
                                                "INSERT INTO moderation_log (moderator_id, action, project_id,"
                                                        + " item_id, details, reason) VALUES ($1, 'override', $2, $3, $4::jsonb, $5)")
                                        .execute(
                                                Tuple.of(
                                                        caller.accountId(),
                                                        projectId,
                                                        itemId,
                                                        details,
                                                        reason)))
                .mapEmpty();
    }

    private Future<Void> ban(RoutingContext ctx, boolean banned) {
        Caller caller = Caller.of(ctx).require(Role.MODERATOR);
        long contributorId = Params.id(ctx, "contributorId");
        String reason;
        if (banned) {
            reason = reason(Json.body(ctx, Ban.class).reason());
        } else {
            // Unbanning may carry a reason too; the audit row says "unban" without one.
            boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
            reason = hasBody ? reason(Json.body(ctx, Ban.class).reason()) : "unban";
        }
        return pool.withTransaction(
                        conn ->
                                conn.preparedQuery(
                                                "UPDATE accounts SET banned = $2, ban_reason = $3"
                                                        + " WHERE id = $1 AND role = 'contributor' RETURNING id")
                                        .execute(
                                                Tuple.of(
                                                        contributorId,
                                                        banned,
                                                        banned ? reason : null))
                                        .compose(
                                                rows -> {
                                                    if (rows.size() == 0) {
                                                        return explainNotContributor(
                                                                conn, contributorId);
                                                    }
                                                    return conn.preparedQuery(
                                                                    "INSERT INTO moderation_log (moderator_id, action,"
                                                                            + " account_id, reason) VALUES ($1, $2, $3, $4)")
                                                            .execute(
                                                                    Tuple.of(
                                                                            caller.accountId(),
                                                                            banned
                                                                                    ? "ban"
                                                                                    : "unban",
                                                                            contributorId,
                                                                            reason))
                                                            .<Void>mapEmpty();
                                                }))
                .map(
                        v -> {
                            // This instance sees the change at once; others within TokenAuth's
                            // cache time.
                            tokenAuth.invalidate();
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("contributorId", Long.toString(contributorId));
                            out.put("banned", banned);
                            if (banned) {
                                out.put("reason", reason);
                            }
                            Json.reply(ctx, 200, out);
                            return null;
                        });
    }

    private static Future<Void> explainNotContributor(
            io.vertx.sqlclient.SqlConnection conn, long accountId) {
        return conn.preparedQuery("SELECT role FROM accounts WHERE id = $1")
                .execute(Tuple.of(accountId))
                .map(
                        rows -> {
                            if (rows.size() == 0) {
                                throw ApiProblem.notFound("contributor " + accountId);
                            }
                            String role = rows.iterator().next().getString("role");
                            throw ApiProblem.invalid(
                                    "only contributors can be banned; account "
                                            + accountId
                                            + " is a "
                                            + role,
                                    List.of("account " + accountId + " is a " + role));
                        });
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiProblem.invalid(
                    "a reason is required for the audit trail", List.of("reason is required"));
        }
        if (reason.length() > MAX_REASON) {
            throw ApiProblem.invalid(
                    "reason is too long",
                    List.of("reason must have at most " + MAX_REASON + " characters"));
        }
        return reason.trim();
    }
}
