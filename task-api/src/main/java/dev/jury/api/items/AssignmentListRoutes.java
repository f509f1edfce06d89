package dev.jury.api.items;

import dev.jury.api.ApiServices;
import dev.jury.api.ApiVerticle;
import dev.jury.api.auth.Accounts.AccountView;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import dev.jury.api.http.Params;
import dev.jury.api.http.UploadStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Who may get which item, under {@code /api/v1}:
 *
 * <ul>
 *   <li>{@code POST /projects/{projectId}/assignments?format=csv|jsonl}: the project's owner
 *       uploads an explicit assignment list (see {@link AssignmentImporter}); a project whose
 *       {@code assignmentMode} is {@code explicit} hands each contributor only their listed items.
 *   <li>{@code PUT /accounts/{accountId}/groups}: replaces a contributor's groups, which decide who
 *       gets group-restricted items. Admins and requesters may set them (requesters restrict their
 *       items to groups, so they must be able to fill them); only contributors' groups can be set.
 *       Groups are global, not per requester: one requester's change is seen by every project.
 * </ul>
 */
public final class AssignmentListRoutes implements ApiVerticle.ExtraRoutes {

    /** Most groups one account may be in. */
    public static final int MAX_GROUPS = 50;

    private final ApiServices services;
    private final AssignmentImporter importer;

    public AssignmentListRoutes(ApiServices services) {
        this.services = services;
        this.importer = new AssignmentImporter(services.pool());
    }

    /**
     * Body of {@code PUT /accounts/{accountId}/groups}.
     *
     * @param groups the complete new list, possibly empty; distinct names of 1 to 100 characters
     */
    public record Groups(List<String> groups) {
        public Groups {
            if (groups == null) {
                throw new IllegalArgumentException("groups is required (send [] for none)");
            }
            if (groups.size() > MAX_GROUPS) {
                throw new IllegalArgumentException(
                        "an account may be in at most " + MAX_GROUPS + " groups");
            }
            var seen = new HashSet<String>();
            for (String g : groups) {
                if (g == null || g.isBlank() || g.length() > 100) {
                    throw new IllegalArgumentException(
                            "groups must be names of 1 to 100 characters");
                }
                if (!seen.add(g)) {
                    throw new IllegalArgumentException("groups lists '" + g + "' twice");
                }
            }
            groups = List.copyOf(groups);
        }
    }

    @Override
    public void mount(Vertx vertx, Router api) {
        api.post("/projects/:projectId/assignments").handler(ApiVerticle.async(this::upload));
        api.put("/accounts/:accountId/groups").handler(ApiVerticle.async(this::setGroups));
    }

    private Future<Void> upload(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.REQUESTER);
        long projectId = Params.id(ctx, "projectId");
        String formatName = ctx.queryParams().get("format");
        AssignmentImporter.Format format =
                AssignmentImporter.Format.parse(
                        formatName != null ? formatName : ctx.request().getHeader("Content-Type"));
        if (format == null) {
            throw ApiProblem.of(
                    415,
                    "unsupported-media-type",
                    "Unsupported upload format",
                    "send ?format=csv or jsonl (or a matching Content-Type)");
        }
        UploadStream upload = ctx.get(ApiVerticle.UPLOAD);
        return services.projects()
                .owned(caller, projectId)
                .compose(
                        project ->
                                importer.importPairs(
                                        project,
                                        format,
                                        upload,
                                        services.config().importLimitBytes()))
                .map(
                        result -> {
                            Json.reply(ctx, 201, result);
                            return (Void) null;
                        })
                // A refused upload may leave body bytes unread: do not reuse the connection.
                .onFailure(e -> ctx.response().putHeader("Connection", "close"));
    }

    private Future<Void> setGroups(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.REQUESTER);
        long accountId = Params.id(ctx, "accountId");
        Groups body = Json.body(ctx, Groups.class);
        return services.pool()
                .withTransaction(
                        conn ->
                                conn.preparedQuery(
                                                "SELECT role FROM accounts WHERE id = $1 FOR UPDATE")
                                        .execute(Tuple.of(accountId))
                                        .compose(
                                                rows -> {
                                                    if (rows.size() == 0) {
                                                        return Future.failedFuture(
                                                                ApiProblem.notFound(
                                                                        "account " + accountId));
                                                    }
                                                    if (!"contributor"
                                                            .equals(
                                                                    rows.iterator()
                                                                            .next()
                                                                            .getString("role"))) {
                                                        return Future.failedFuture(
                                                                ApiProblem.invalid(
                                                                        "only contributors are in groups",
                                                                        List.of(
                                                                                "account "
                                                                                        + accountId
                                                                                        + " is not a contributor")));
                                                    }
                                                    return conn.preparedQuery(
                                                                    "DELETE FROM account_groups WHERE account_id = $1")
                                                            .execute(Tuple.of(accountId));
                                                })
                                        .compose(
                                                v ->
                                                        conn.preparedQuery(
                                                                        "INSERT INTO account_groups (account_id, group_name)"
                                                                                + " SELECT $1, unnest($2::text[])")
                                                                .execute(
                                                                        Tuple.of(
                                                                                accountId,
                                                                                (Object)
                                                                                        body.groups()
                                                                                                .toArray(
                                                                                                        new String
                                                                                                                [0]))))
                                        .compose(
                                                v ->
                                                        conn.preparedQuery(
                                                                        "SELECT a.id, a.name, a.role, a.wallet, a.banned,"
                                                                                + " ARRAY(SELECT g.group_name FROM account_groups g"
                                                                                + "       WHERE g.account_id = a.id ORDER BY g.group_name) AS groups"
                                                                                + " FROM accounts a WHERE a.id = $1")
                                                                .execute(Tuple.of(accountId))))
                .map(
                        rows -> {
                            // This instance serves the new groups at once; others within the
                            // token cache's lifetime.
                            services.tokenAuth().invalidate();
                            Json.reply(ctx, 200, view(rows.iterator().next()));
                            return null;
                        });
    }

    private static AccountView view(Row row) {
        String[] groups = row.getArrayOfStrings("groups");
        return new AccountView(
                Long.toString(row.getLong("id")),
                row.getString("name"),
                row.getString("role"),
                row.getString("wallet"),
                row.getBoolean("banned"),
                groups == null ? List.of() : new ArrayList<>(List.of(groups)));
    }
}
