package dev.jury.api;

import dev.jury.api.auth.Accounts;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import dev.jury.api.http.Params;
import dev.jury.api.http.ProblemHandler;
import dev.jury.api.http.StaticUi;
import dev.jury.api.http.UploadStream;
import dev.jury.api.items.ItemFormat;
import dev.jury.api.projects.ProjectRequest;
import dev.jury.api.work.LabelSubmission;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP routes of {@code /api/v1}. One instance runs per event loop; all share the services in
 * {@link ApiServices}. Handlers only parse, check and delegate; each failure becomes a problem body
 * through {@link ProblemHandler}.
 */
public final class ApiVerticle extends AbstractVerticle {

    private final ApiServices services;

    public ApiVerticle(ApiServices services) {
        this.services = services;
    }

    @Override
    public void start(Promise<Void> started) {
        ApiConfig config = services.config();
        Router router = router(vertx);
        HttpServerOptions options =
                new HttpServerOptions()
                        .setHost(config.httpHost())
                        .setPort(services.port())
                        .setCompressionSupported(true)
                        // No HTTP/2 upgrade over plain text: browsers only speak HTTP/2 over TLS
                        // (a proxy's job), and the h2c upgrade of clients such as the JDK's
                        // HttpClient intermittently broke a response mid-stream.
                        .setHttp2ClearTextEnabled(false)
                        .setMaxInitialLineLength(8192)
                        .setMaxHeaderSize(16384);
        vertx.createHttpServer(options)
                .requestHandler(router)
                .listen()
                .onSuccess(server -> started.complete())
                .onFailure(started::fail);
    }

    /**
     * Builds every route: {@code /health}, {@code /metrics} and the {@code /api/v1} sub-router with
     * the core and the extra routes. Tests walk it to check the OpenAPI document.
     */
    public Router router(io.vertx.core.Vertx vertx) {
        ApiConfig config = services.config();
        Router router = Router.router(vertx);
        ProblemHandler problems = new ProblemHandler();
        router.route().failureHandler(problems);

        router.get("/health").handler(this::health);
        services.metricsRoute(router);

        Router api = Router.router(vertx);
        api.route().failureHandler(problems);
        BodyHandler json = BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes());
        // Bodies are read before authentication: a request must be paused or read before any
        // asynchronous step, or its body is lost. Uploads stay paused for their streaming reader.
        api.route()
                .handler(
                        ctx -> {
                            if (isStreamingUpload(ctx)) {
                                ctx.put(UPLOAD, new UploadStream(ctx.request()));
                                ctx.next();
                            } else {
                                json.handle(ctx);
                            }
                        });
        api.route().handler(services.tokenAuth());

        api.get("/me").handler(ctx -> Json.reply(ctx, 200, Accounts.view(Caller.of(ctx))));
        api.post("/accounts")
                .handler(
                        async(
                                ctx ->
                                        services.accounts()
                                                .create(
                                                        Caller.of(ctx).require(Role.ADMIN),
                                                        Json.body(ctx, Accounts.NewAccount.class))
                                                .map(issued -> reply(ctx, 201, issued))));
        api.get("/accounts/:accountId")
                .handler(
                        async(
                                ctx ->
                                        services.accounts()
                                                .get(Caller.of(ctx), Params.id(ctx, "accountId"))
                                                .map(a -> reply(ctx, 200, a))));
        api.post("/accounts/:accountId/tokens")
                .handler(
                        async(
                                ctx ->
                                        services.accounts()
                                                .issueToken(
                                                        Caller.of(ctx), Params.id(ctx, "accountId"))
                                                .map(t -> reply(ctx, 201, Map.of("token", t)))));

        api.post("/projects")
                .handler(
                        async(
                                ctx ->
                                        services.projects()
                                                .create(
                                                        Caller.of(ctx).require(Role.REQUESTER),
                                                        Json.body(ctx, ProjectRequest.class))
                                                .map(p -> reply(ctx, 201, p))));
        api.get("/projects")
                .handler(
                        async(
                                ctx ->
                                        services.projects()
                                                .list(Caller.of(ctx))
                                                .map(
                                                        list ->
                                                                reply(
                                                                        ctx,
                                                                        200,
                                                                        Map.of(
                                                                                "projects",
                                                                                list)))));
        api.get("/projects/:projectId")
                .handler(
                        async(
                                ctx ->
                                        services.projects()
                                                .readable(
                                                        Caller.of(ctx), Params.id(ctx, "projectId"))
                                                .map(p -> reply(ctx, 200, p))));
        api.put("/projects/:projectId")
                .handler(
                        async(
                                ctx ->
                                        services.projects()
                                                .update(
                                                        Caller.of(ctx).require(Role.REQUESTER),
                                                        Params.id(ctx, "projectId"),
                                                        Json.body(ctx, ProjectRequest.class))
                                                .map(p -> reply(ctx, 200, p))));

        // Uploads stream: no BodyHandler, the importer reads the request itself.
        api.post("/projects/:projectId/items").handler(async(this::importItems));
        api.get("/imports/:importId").handler(async(this::importProgress));

        api.post("/projects/:projectId/next").handler(async(this::next));
        api.post("/projects/:projectId/labels").handler(json).handler(async(this::submit));
        api.post("/leases/:leaseId/renew").handler(async(this::renew));
        api.post("/leases/:leaseId/release").handler(async(ctx -> giveBack(ctx, false)));
        api.post("/leases/:leaseId/skip").handler(async(ctx -> giveBack(ctx, true)));

        services.extraRoutes().forEach(extra -> extra.mount(vertx, api));

        router.route("/api/v1/*").subRouter(api);
        new StaticUi(StaticUi.directoryFrom(System.getenv())).mount(router);
        router.route().handler(ctx -> ctx.fail(404));
        return router;
    }

    private void health(RoutingContext ctx) {
        services.health()
                .onSuccess(status -> Json.reply(ctx, status.ok() ? 200 : 503, status))
                .onFailure(ctx::fail);
    }

    private Future<Void> importItems(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.REQUESTER);
        long projectId = Params.id(ctx, "projectId");
        String formatName = ctx.queryParams().get("format");
        ItemFormat format =
                ItemFormat.parse(
                        formatName != null ? formatName : ctx.request().getHeader("Content-Type"));
        if (format == null) {
            throw ApiProblem.of(
                    415,
                    "unsupported-media-type",
                    "Unsupported upload format",
                    "send ?format=jsonl, csv or labelstudio (or a matching Content-Type)");
        }
        UUID importId = importIdHeader(ctx);
        UploadStream upload = ctx.get(UPLOAD);
        return services.projects()
                .owned(caller, projectId)
                .compose(
                        project ->
                                services.importer()
                                        .importItems(
                                                project,
                                                format,
                                                upload,
                                                services.config().importLimitBytes(),
                                                importId))
                .map(
                        result -> {
                            services.onItemsChanged();
                            return reply(ctx, 201, result);
                        })
                .onFailure(e -> ctx.response().putHeader("Connection", "close"));
    }

    /**
     * The optional {@code Import-Id} header: a UUID the client picks so it can poll {@code GET
     * /imports/{id}} while its upload is still streaming (the response only comes at the end).
     */
    private static UUID importIdHeader(RoutingContext ctx) {
        String header = ctx.request().getHeader("Import-Id");
        if (header == null) {
            return null;
        }
        try {
            return UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Import-Id must be a UUID");
        }
    }

    private Future<Void> importProgress(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.REQUESTER);
        return services.importProgress(caller, Params.uuid(ctx, "importId"))
                .map(progress -> reply(ctx, 200, progress));
    }

    private Future<Void> next(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.CONTRIBUTOR);
        long projectId = Params.id(ctx, "projectId");
        return services.projects()
                .get(projectId)
                .compose(project -> services.assignments().next(caller, project))
                .map(
                        assignment -> {
                            if (assignment == null) {
                                ctx.response().setStatusCode(204).end();
                                return null;
                            }
                            return reply(ctx, 200, assignment);
                        });
    }

    private Future<Void> submit(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.CONTRIBUTOR);
        long projectId = Params.id(ctx, "projectId");
        LabelSubmission.Request request = Json.body(ctx, LabelSubmission.Request.class);
        String key = ctx.request().getHeader("Idempotency-Key");
        return services.projects()
                .get(projectId)
                .compose(project -> services.labels().submit(caller, project, request, key))
                .map(
                        outcome -> {
                            if (outcome.replayed()) {
                                ctx.response().putHeader("Idempotent-Replayed", "true");
                            }
                            return reply(ctx, outcome.replayed() ? 200 : 201, outcome.receipt());
                        });
    }

    private Future<Void> renew(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.CONTRIBUTOR);
        var leaseId = Params.uuid(ctx, "leaseId");
        return services.leaseProject(caller, leaseId)
                .compose(project -> services.assignments().renew(caller, leaseId, project))
                .map(
                        expires ->
                                reply(
                                        ctx,
                                        200,
                                        Map.of(
                                                "leaseId",
                                                leaseId.toString(),
                                                "expiresAt",
                                                expires)));
    }

    private Future<Void> giveBack(RoutingContext ctx, boolean skip) {
        Caller caller = Caller.of(ctx).require(Role.CONTRIBUTOR);
        var leaseId = Params.uuid(ctx, "leaseId");
        return services.assignments()
                .giveBack(caller, leaseId, skip)
                .map(
                        v -> {
                            ctx.response().setStatusCode(204).end();
                            return null;
                        });
    }

    /**
     * Uploads that are read as a stream rather than buffered: {@code POST .../items|assignments}.
     */
    static final java.util.regex.Pattern STREAMING_UPLOADS =
            java.util.regex.Pattern.compile("/api/v1/projects/[^/]+/(items|assignments)/?");

    /** Context key of the {@link UploadStream} of a streaming upload. */
    public static final String UPLOAD = "jury.upload";

    private static boolean isStreamingUpload(RoutingContext ctx) {
        return ctx.request().method() == io.vertx.core.http.HttpMethod.POST
                && STREAMING_UPLOADS.matcher(ctx.request().path()).matches();
    }

    private static Void reply(RoutingContext ctx, int status, Object body) {
        Json.reply(ctx, status, body);
        return null;
    }

    /** A handler whose synchronous throws and failed futures both go to the failure handler. */
    public static Handler<RoutingContext> async(
            java.util.function.Function<RoutingContext, Future<?>> handler) {
        return ctx -> {
            try {
                handler.apply(ctx).onFailure(ctx::fail);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        };
    }

    /** Routes a feature adds under {@code /api/v1} (search, export, read models, sign-in). */
    public interface ExtraRoutes {
        /** Adds routes under {@code /api/v1}. */
        void mount(io.vertx.core.Vertx vertx, Router api);
    }
}
