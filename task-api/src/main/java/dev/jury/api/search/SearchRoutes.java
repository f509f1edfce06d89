package dev.jury.api.search;

import static dev.jury.api.ApiVerticle.async;

import dev.jury.api.ApiVerticle;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import dev.jury.api.http.Params;
import dev.jury.api.projects.ProjectService;
import dev.jury.api.results.ResultsAccess;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /projects/{projectId}/search} for a project's requester, moderators and admins, and
 * {@code POST /search/rebuild} for admins.
 */
public final class SearchRoutes implements ApiVerticle.ExtraRoutes {

    /** Largest page. */
    public static final int MAX_LIMIT = 200;

    /** Page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;

    /** Longest query accepted; longer ones are more likely an accident than a search. */
    public static final int MAX_QUERY_CHARS = 1_000;

    private static final Set<String> STATUSES =
            Set.of("open", "resolved", "exhausted", "overridden");

    private final SearchIndex index;
    private final ProjectService projects;

    public SearchRoutes(SearchIndex index, ProjectService projects) {
        this.index = index;
        this.projects = projects;
    }

    @Override
    public void mount(Vertx vertx, Router api) {
        api.get("/projects/:projectId/search").handler(async(this::search));
        api.post("/search/rebuild").handler(async(this::rebuild));
    }

    private Future<Void> search(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        long projectId = Params.id(ctx, "projectId");
        SearchIndex.Request request = request(projectId, ctx.queryParams());
        return ResultsAccess.check(projects, caller, projectId)
                .compose(project -> ctx.vertx().executeBlocking(() -> index.search(request), false))
                .map(
                        result -> {
                            Json.reply(ctx, 200, result);
                            return null;
                        });
    }

    private Future<Void> rebuild(RoutingContext ctx) {
        Caller.of(ctx).require(Role.ADMIN);
        return Future.fromCompletionStage(index.rebuild(), ctx.vertx().getOrCreateContext())
                .map(
                        indexed -> {
                            Json.reply(ctx, 200, Map.of("indexed", indexed));
                            return null;
                        });
    }

    /** Reads and checks the query parameters; every malformed one is a 400 naming it. */
    static SearchIndex.Request request(long projectId, MultiMap params) {
        String q = params.get("q");
        if (q != null && q.length() > MAX_QUERY_CHARS) {
            throw ApiProblem.badRequest("q is longer than " + MAX_QUERY_CHARS + " characters");
        }
        String status = blankToNull(params.get("status"));
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.badRequest(
                    "status must be one of open, resolved, exhausted, overridden; got '"
                            + status
                            + "'");
        }
        String label = blankToNull(params.get("label"));
        Double below = null;
        String rawBelow = blankToNull(params.get("confidenceBelow"));
        if (rawBelow != null) {
            try {
                below = Double.parseDouble(rawBelow);
            } catch (NumberFormatException e) {
                below = Double.NaN;
            }
            if (below.isNaN() || below.isInfinite()) {
                throw ApiProblem.badRequest(
                        "confidenceBelow must be a number, got '" + rawBelow + "'");
            }
        }
        Long contributor = null;
        String rawContributor = blankToNull(params.get("contributor"));
        if (rawContributor != null) {
            contributor = positiveLong("contributor", rawContributor);
        }
        int limit = intParam(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = intParam(params, "offset", 0, 0, SearchIndex.MAX_WINDOW - limit);
        return new SearchIndex.Request(
                projectId, q, status, label, below, contributor, limit, offset);
    }

    private static long positiveLong(String name, String raw) {
        try {
            long value = Long.parseLong(raw);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest(name + " must be a positive integer id, got '" + raw + "'");
    }

    private static int intParam(MultiMap params, String name, int fallback, int min, int max) {
        String raw = blankToNull(params.get(name));
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest(
                name + " must be an integer in " + min + ".." + max + ", got '" + raw + "'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
