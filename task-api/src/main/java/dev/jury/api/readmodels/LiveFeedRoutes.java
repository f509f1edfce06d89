package dev.jury.api.readmodels;

import static dev.jury.api.ApiVerticle.async;

import dev.jury.api.ApiVerticle;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.projects.ProjectService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/events/stream}: server-sent events for dashboards, fed by {@link LiveFeed}.
 *
 * <p>Moderators and admins see every item resolution, reputation update and metrics window, or one
 * project's with {@code ?projectId=}. A project's owner must name the project and sees its item
 * resolutions and metrics, not contributors' reputations (those are for moderators). A client that
 * cannot keep up (its write queue is full) is disconnected rather than buffered without bound; it
 * reconnects and reads the current state from the REST endpoints.
 */
final class LiveFeedRoutes implements ApiVerticle.ExtraRoutes {

    /** A comment line this often keeps proxies from closing an idle stream. */
    static final long HEARTBEAT_MILLIS = 15_000;

    private final ProjectService projects;

    LiveFeedRoutes(ProjectService projects) {
        this.projects = projects;
    }

    @Override
    public void mount(Vertx vertx, Router api) {
        api.get("/events/stream").handler(async(ctx -> stream(vertx, ctx)));
    }

    private Future<Void> stream(Vertx vertx, RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.REQUESTER, Role.MODERATOR);
        long projectId = Query.idParam(ctx, "projectId");
        boolean moderator = caller.is(Role.MODERATOR);
        if (!moderator && projectId == 0) {
            throw ApiProblem.badRequest("project owners must name their project: ?projectId=");
        }
        Future<?> allowed =
                moderator ? Future.succeededFuture() : projects.owned(caller, projectId);
        return allowed.map(
                ok -> {
                    open(vertx, ctx, projectId == 0 ? null : Long.toString(projectId), moderator);
                    return null;
                });
    }

    private static void open(Vertx vertx, RoutingContext ctx, String project, boolean moderator) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        // The first comment tells the client the subscription is live.
        response.write("retry: 3000\n: connected\n\n");
        MessageConsumer<String> feed =
                vertx.eventBus()
                        .localConsumer(
                                LiveFeed.ADDRESS,
                                message -> {
                                    String kind = message.headers().get(LiveFeed.KIND);
                                    if (project != null
                                            && !project.equals(
                                                    message.headers().get(LiveFeed.PROJECT))) {
                                        return;
                                    }
                                    if (!moderator && LiveFeed.REPUTATION_UPDATED.equals(kind)) {
                                        return;
                                    }
                                    if (response.closed()) {
                                        return;
                                    }
                                    if (response.writeQueueFull()) {
                                        ctx.request().connection().close();
                                        return;
                                    }
                                    response.write(message.body());
                                });
        long heartbeat =
                vertx.setPeriodic(
                        HEARTBEAT_MILLIS,
                        id -> {
                            if (!response.closed()) {
                                response.write(": ping\n\n");
                            }
                        });
        Runnable stop =
                () -> {
                    feed.unregister();
                    vertx.cancelTimer(heartbeat);
                };
        response.closeHandler(v -> stop.run());
        response.exceptionHandler(e -> stop.run());
    }
}
