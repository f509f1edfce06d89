package dev.jury.api.readmodels;

import static dev.jury.api.ApiVerticle.async;

import dev.jury.api.ApiVerticle;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import dev.jury.api.http.Params;
import dev.jury.api.projects.Project;
import dev.jury.api.projects.ProjectService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The read side of {@code /api/v1}: an item's consensus, a project's progress and metrics,
 * reputation, and a contributor's own labels and on-chain contributions.
 *
 * <p>Who sees what: a project's items, progress and metrics are for its owner, moderators and
 * admins; individual labels of an item only for moderators and admins (they settle disputes with
 * them). Reputation is for moderators, admins and the contributor themself. A contributor sees only
 * their own labels, never gold answers or anyone else's labels.
 *
 * <p>The item view carries the item's data, its text and its gold answer: only the project's owner
 * (who uploaded them), moderators and admins ever reach it, so no contributor sees a gold answer
 * through it.
 */
final class ReadModelRoutes implements ApiVerticle.ExtraRoutes {

    /** What {@link #itemView} reads. */
    static final String ITEM_COLUMNS =
            "id, external_id, status, consensus_label, override_label::text AS override_label,"
                    + " confidence, posterior::text AS posterior, labels_used, labels_count, target,"
                    + " revision, resolved_at, overridden_by, is_gold, payload::text AS payload, text,"
                    + " gold_label::text AS gold_label";

    static final String ITEM =
            "SELECT " + ITEM_COLUMNS + " FROM items WHERE id = $1 AND project_id = $2";

    private static final String ITEM_LABELS =
            "SELECT id, item_id, contributor_id, value::text AS value, created_at FROM labels"
                    + " WHERE item_id = ANY($1) ORDER BY created_at, id";

    private static final String PROGRESS =
            "SELECT count(*) AS total,"
                    + " count(*) FILTER (WHERE status = 'open') AS open,"
                    + " count(*) FILTER (WHERE status = 'resolved') AS resolved,"
                    + " count(*) FILTER (WHERE status = 'exhausted') AS exhausted,"
                    + " count(*) FILTER (WHERE status = 'overridden') AS overridden,"
                    + " count(*) FILTER (WHERE is_gold) AS gold,"
                    + " coalesce(sum(labels_count), 0) AS labels_submitted,"
                    + " coalesce(sum(target), 0) AS labels_planned,"
                    + " coalesce(sum(labels_used), 0) AS labels_used"
                    + " FROM items WHERE project_id = $1";

    private static final String METRICS_COLUMNS =
            "window_start, window_end, krippendorff_alpha, fleiss_kappa, labels_submitted,"
                    + " labels_per_minute, items_resolved, resolution_rate, mean_labels_per_item,"
                    + " active_contributors";

    private static final String REPUTATION_COLUMNS =
            "contributor_id, project_id, score, lower_bound, gold_answered, gold_correct,"
                    + " consensus_answered, consensus_agreed, confusion::text AS confusion, updated_at";

    private final Pool pool;
    private final ProjectService projects;

    ReadModelRoutes(Pool pool, ProjectService projects) {
        this.pool = pool;
        this.projects = projects;
    }

    @Override
    public void mount(Vertx vertx, Router api) {
        api.get("/projects/:projectId/items/:itemId").handler(async(this::item));
        api.get("/projects/:projectId/progress").handler(async(this::progress));
        api.get("/projects/:projectId/metrics").handler(async(this::metrics));
        api.get("/contributors/:contributorId/reputation").handler(async(this::reputation));
        api.get("/reputation").handler(async(this::leaderboard));
        api.get("/me/labels").handler(async(this::myLabels));
        api.get("/me/contributions").handler(async(this::myContributions));
    }

    /** The project, if the caller owns it or moderates; 403 for contributors and other owners. */
    static Future<Project> ownerOrModerator(
            ProjectService projects, Caller caller, long projectId) {
        caller.require(Role.REQUESTER, Role.MODERATOR);
        return projects.get(projectId)
                .map(
                        project -> {
                            if (!caller.is(Role.MODERATOR)
                                    && project.ownerId() != caller.accountId()) {
                                throw ApiProblem.forbidden(
                                        "project " + projectId + " belongs to another requester");
                            }
                            return project;
                        });
    }

    private Future<Void> item(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        long projectId = Params.id(ctx, "projectId");
        long itemId = Params.id(ctx, "itemId");
        return ownerOrModerator(projects, caller, projectId)
                .compose(p -> pool.preparedQuery(ITEM).execute(Tuple.of(itemId, projectId)))
                .compose(
                        rows -> {
                            if (rows.size() == 0) {
                                throw ApiProblem.notFound(
                                        "item " + itemId + " of project " + projectId);
                            }
                            Map<String, Object> item = itemView(rows.iterator().next(), projectId);
                            if (!caller.is(Role.MODERATOR)) {
                                return Future.succeededFuture(item);
                            }
                            return labelsOf(pool, List.of(itemId))
                                    .map(
                                            labels -> {
                                                item.put(
                                                        "labels",
                                                        labels.getOrDefault(itemId, List.of()));
                                                return item;
                                            });
                        })
                .map(item -> reply(ctx, item));
    }

    static Map<String, Object> itemView(Row row, long projectId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("itemId", Long.toString(row.getLong("id")));
        out.put("projectId", Long.toString(projectId));
        out.put("externalId", row.getString("external_id"));
        out.put("status", row.getString("status"));
        out.put("gold", row.getBoolean("is_gold"));
        // What the contributors were shown, so a moderator judges the same text they labeled.
        out.put("text", row.getString("text"));
        out.put("data", Json.stored(row.getString("payload")));
        out.put("goldLabel", Json.stored(row.getString("gold_label")));
        out.put("consensusLabel", row.getString("consensus_label"));
        out.put("overrideLabel", Json.stored(row.getString("override_label")));
        out.put("confidence", row.getDouble("confidence"));
        out.put("posterior", Json.stored(row.getString("posterior")));
        out.put("labelsUsed", row.getInteger("labels_used"));
        out.put("labelsSubmitted", row.getInteger("labels_count"));
        out.put("target", row.getInteger("target"));
        out.put("revision", row.getInteger("revision"));
        out.put("resolvedAt", Query.time(row.getOffsetDateTime("resolved_at")));
        Long overriddenBy = row.getLong("overridden_by");
        out.put("overriddenBy", overriddenBy == null ? null : overriddenBy.toString());
        return out;
    }

    /** Every label of the items, by item id: who gave it, what, when. */
    static Future<Map<Long, List<Map<String, Object>>>> labelsOf(Pool pool, List<Long> itemIds) {
        return pool.preparedQuery(ITEM_LABELS)
                .execute(Tuple.tuple().addArrayOfLong(itemIds.toArray(new Long[0])))
                .map(
                        rows -> {
                            Map<Long, List<Map<String, Object>>> out = new LinkedHashMap<>();
                            for (Row row : rows) {
                                Map<String, Object> label = new LinkedHashMap<>();
                                label.put("labelId", row.getUUID("id").toString());
                                label.put(
                                        "contributorId",
                                        Long.toString(row.getLong("contributor_id")));
                                label.put("value", Json.stored(row.getString("value")));
                                label.put(
                                        "createdAt",
                                        Query.time(row.getOffsetDateTime("created_at")));
                                out.computeIfAbsent(row.getLong("item_id"), k -> new ArrayList<>())
                                        .add(label);
                            }
                            return out;
                        });
    }

    private Future<Void> progress(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        long projectId = Params.id(ctx, "projectId");
        return ownerOrModerator(projects, caller, projectId)
                .compose(
                        project ->
                                pool.preparedQuery(PROGRESS)
                                        .execute(Tuple.of(projectId))
                                        .compose(
                                                counts ->
                                                        pool.preparedQuery(
                                                                        "SELECT "
                                                                                + METRICS_COLUMNS
                                                                                + " FROM project_metrics WHERE project_id = $1"
                                                                                + " ORDER BY window_end DESC LIMIT 1")
                                                                .execute(Tuple.of(projectId))
                                                                .map(
                                                                        latest ->
                                                                                progressView(
                                                                                        project,
                                                                                        counts.iterator()
                                                                                                .next(),
                                                                                        latest))))
                .map(view -> reply(ctx, view));
    }

    private static Map<String, Object> progressView(
            Project project, Row counts, RowSet<Row> latest) {
        Map<String, Object> items = new LinkedHashMap<>();
        items.put("total", counts.getLong("total"));
        items.put("open", counts.getLong("open"));
        items.put("resolved", counts.getLong("resolved"));
        items.put("exhausted", counts.getLong("exhausted"));
        items.put("overridden", counts.getLong("overridden"));
        items.put("gold", counts.getLong("gold"));
        long submitted = counts.getLong("labels_submitted");
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("submitted", submitted);
        labels.put("planned", counts.getLong("labels_planned"));
        labels.put("used", counts.getLong("labels_used"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("projectId", Long.toString(project.id()));
        out.put("items", items);
        out.put("labels", labels);
        out.put("latestMetrics", latest.size() == 0 ? null : metricsView(latest.iterator().next()));
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("rewardPerLabel", project.rewardPerLabel().toString());
        // Token amounts exceed a double's precision: strings of the smallest unit.
        cost.put(
                "soFar",
                project.rewardPerLabel().multiply(BigInteger.valueOf(submitted)).toString());
        out.put("cost", cost);
        return out;
    }

    private static Map<String, Object> metricsView(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windowStart", row.getLong("window_start"));
        out.put("windowEnd", row.getLong("window_end"));
        out.put("krippendorffAlpha", row.getDouble("krippendorff_alpha"));
        out.put("fleissKappa", row.getDouble("fleiss_kappa"));
        out.put("labelsSubmitted", row.getLong("labels_submitted"));
        out.put("labelsPerMinute", row.getDouble("labels_per_minute"));
        out.put("itemsResolved", row.getLong("items_resolved"));
        out.put("resolutionRate", row.getDouble("resolution_rate"));
        out.put("meanLabelsPerItem", row.getDouble("mean_labels_per_item"));
        out.put("activeContributors", row.getInteger("active_contributors"));
        return out;
    }

    private Future<Void> metrics(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        long projectId = Params.id(ctx, "projectId");
        long since = Query.timeParam(ctx, "since");
        int limit = Query.intParam(ctx, "limit", 1000, 1, 10_000);
        return ownerOrModerator(projects, caller, projectId)
                .compose(
                        p ->
                                pool.preparedQuery(
                                                "SELECT "
                                                        + METRICS_COLUMNS
                                                        + " FROM project_metrics WHERE project_id = $1 AND window_end > $2"
                                                        + " ORDER BY window_end LIMIT $3")
                                        .execute(Tuple.of(projectId, since, limit)))
                .map(
                        rows -> {
                            List<Map<String, Object>> windows = new ArrayList<>();
                            rows.forEach(row -> windows.add(metricsView(row)));
                            return reply(
                                    ctx,
                                    Map.of(
                                            "projectId",
                                            Long.toString(projectId),
                                            "windows",
                                            windows));
                        });
    }

    private Future<Void> reputation(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        long contributorId = Params.id(ctx, "contributorId");
        if (!caller.is(Role.MODERATOR) && caller.accountId() != contributorId) {
            throw ApiProblem.forbidden("reputation is for moderators and the contributor themself");
        }
        return pool.preparedQuery("SELECT role FROM accounts WHERE id = $1")
                .execute(Tuple.of(contributorId))
                .compose(
                        account -> {
                            if (account.size() == 0) {
                                throw ApiProblem.notFound("contributor " + contributorId);
                            }
                            return pool.preparedQuery(
                                            "SELECT "
                                                    + REPUTATION_COLUMNS
                                                    + " FROM contributor_reputation WHERE contributor_id = $1"
                                                    + " ORDER BY project_id")
                                    .execute(Tuple.of(contributorId));
                        })
                .map(
                        rows -> {
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("contributorId", Long.toString(contributorId));
                            Object global = null;
                            Double globalBound = null;
                            List<Map<String, Object>> perProject = new ArrayList<>();
                            for (Row row : rows) {
                                Map<String, Object> view = reputationView(row);
                                if (row.getLong("project_id") == 0) {
                                    global = view;
                                    globalBound = row.getDouble("lower_bound");
                                } else {
                                    perProject.add(view);
                                }
                            }
                            out.put("global", global);
                            out.put("projects", perProject);
                            // The contributor's level: from the global reputation, Newcomer
                            // before the reputation job scored them.
                            out.put("level", ReputationLevel.of(globalBound).view());
                            return reply(ctx, out);
                        });
    }

    private static Map<String, Object> reputationView(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contributorId", Long.toString(row.getLong("contributor_id")));
        long project = row.getLong("project_id");
        out.put("projectId", project == 0 ? null : Long.toString(project));
        out.put("score", row.getDouble("score"));
        out.put("lowerBound", row.getDouble("lower_bound"));
        out.put("goldAnswered", row.getLong("gold_answered"));
        out.put("goldCorrect", row.getLong("gold_correct"));
        out.put("consensusAnswered", row.getLong("consensus_answered"));
        out.put("consensusAgreed", row.getLong("consensus_agreed"));
        out.put("confusion", Json.stored(row.getString("confusion")));
        out.put("updatedAt", row.getLong("updated_at"));
        out.put("level", ReputationLevel.of(row.getDouble("lower_bound")).view());
        return out;
    }

    private Future<Void> leaderboard(RoutingContext ctx) {
        Caller.of(ctx).require(Role.MODERATOR);
        long projectId = Query.idParam(ctx, "projectId");
        int limit = Query.intParam(ctx, "limit", 50, 1, 1000);
        // Ranked by the lower bound, so a newcomer with three lucky answers does not top the list.
        return pool.preparedQuery(
                        "SELECT "
                                + REPUTATION_COLUMNS
                                + " FROM contributor_reputation WHERE project_id = $1"
                                + " ORDER BY lower_bound DESC, score DESC, contributor_id LIMIT $2")
                .execute(Tuple.of(projectId, limit))
                .map(
                        rows -> {
                            List<Map<String, Object>> ranked = new ArrayList<>();
                            rows.forEach(row -> ranked.add(reputationView(row)));
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("projectId", projectId == 0 ? null : Long.toString(projectId));
                            out.put("contributors", ranked);
                            return reply(ctx, out);
                        });
    }

    private Future<Void> myLabels(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        int limit = Query.intParam(ctx, "limit", 50, 1, 500);
        Cursor after = Cursor.parse(ctx.queryParams().get("cursor"));
        // Only the caller's own label and the item's public fields: no gold answer, no consensus
        // (it would reveal other contributors' answers), no one else's labels.
        String sql =
                "SELECT l.id, l.project_id, l.item_id, i.external_id, l.value::text AS value,"
                        + " l.created_at FROM labels l JOIN items i ON i.id = l.item_id"
                        + " WHERE l.contributor_id = $1"
                        + (after == null ? "" : " AND (l.created_at, l.id) < ($3, $4)")
                        + " ORDER BY l.created_at DESC, l.id DESC LIMIT $2";
        Tuple params = Tuple.of(caller.accountId(), limit + 1);
        if (after != null) {
            params.addOffsetDateTime(after.createdAt()).addUUID(after.id());
        }
        return pool.preparedQuery(sql)
                .execute(params)
                .map(
                        rows -> {
                            List<Map<String, Object>> labels = new ArrayList<>();
                            String next = null;
                            for (Row row : rows) {
                                if (labels.size() == limit) {
                                    Map<String, Object> last = labels.get(limit - 1);
                                    next =
                                            Cursor.encode(
                                                    (String) last.get("createdAt"),
                                                    (String) last.get("labelId"));
                                    break;
                                }
                                Map<String, Object> label = new LinkedHashMap<>();
                                label.put("labelId", row.getUUID("id").toString());
                                label.put("projectId", Long.toString(row.getLong("project_id")));
                                label.put("itemId", Long.toString(row.getLong("item_id")));
                                label.put("externalId", row.getString("external_id"));
                                label.put("value", Json.stored(row.getString("value")));
                                label.put("createdAt", exact(row.getOffsetDateTime("created_at")));
                                labels.add(label);
                            }
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("labels", labels);
                            out.put("nextCursor", next);
                            return reply(ctx, out);
                        });
    }

    /** Microsecond timestamps survive the round trip through a cursor unchanged. */
    private static String exact(OffsetDateTime t) {
        return t.toInstant().toString();
    }

    /** Where the next page of {@code /me/labels} starts: after this (created_at, id). */
    record Cursor(OffsetDateTime createdAt, UUID id) {

        static String encode(String createdAt, String id) {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String raw) {
            if (raw == null || raw.isBlank()) {
                return null;
            }
            try {
                String plain =
                        new String(
                                Base64.getUrlDecoder().decode(raw.trim()), StandardCharsets.UTF_8);
                int bar = plain.indexOf('|');
                return new Cursor(
                        OffsetDateTime.ofInstant(
                                java.time.Instant.parse(plain.substring(0, bar)),
                                java.time.ZoneOffset.UTC),
                        UUID.fromString(plain.substring(bar + 1)));
            } catch (RuntimeException e) {
                throw ApiProblem.badRequest("cursor is not one this API handed out");
            }
        }
    }

    private Future<Void> myContributions(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        int limit = Query.intParam(ctx, "limit", 100, 1, 1000);
        return pool.preparedQuery(
                        "SELECT label_id, epoch, item_id, project_id, wallet, weight, leaf_hash,"
                                + " merkle_root, proof::text AS proof, contract_address, chain_id, tx_hash,"
                                + " block_number, status, recorded_at FROM contributions"
                                + " WHERE contributor_id = $1 ORDER BY epoch DESC, label_id LIMIT $2")
                .execute(Tuple.of(caller.idString(), limit))
                .map(
                        rows -> {
                            List<Map<String, Object>> list = new ArrayList<>();
                            for (Row row : rows) {
                                Map<String, Object> c = new LinkedHashMap<>();
                                c.put("labelId", row.getString("label_id"));
                                c.put("epoch", row.getLong("epoch"));
                                c.put("itemId", row.getString("item_id"));
                                c.put("projectId", row.getString("project_id"));
                                c.put("wallet", row.getString("wallet"));
                                c.put("weight", row.getLong("weight"));
                                c.put("leafHash", row.getString("leaf_hash"));
                                c.put("merkleRoot", row.getString("merkle_root"));
                                c.put("proof", Json.stored(row.getString("proof")));
                                c.put("contractAddress", row.getString("contract_address"));
                                c.put("chainId", row.getLong("chain_id"));
                                c.put("txHash", row.getString("tx_hash"));
                                c.put("blockNumber", row.getLong("block_number"));
                                c.put("status", row.getString("status"));
                                c.put(
                                        "recordedAt",
                                        Query.time(row.getOffsetDateTime("recorded_at")));
                                list.add(c);
                            }
                            return reply(ctx, Map.of("contributions", list));
                        });
    }

    private static Void reply(RoutingContext ctx, Object body) {
        Json.reply(ctx, 200, body);
        return null;
    }
}
