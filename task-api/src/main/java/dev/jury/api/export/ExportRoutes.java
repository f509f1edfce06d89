package dev.jury.api.export;

import static dev.jury.api.ApiVerticle.async;

import dev.jury.api.ApiVerticle;
import dev.jury.api.auth.Caller;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Params;
import dev.jury.api.projects.Project;
import dev.jury.api.projects.ProjectService;
import dev.jury.api.results.ResultsAccess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /projects/{projectId}/export?format=jsonl|csv|labelstudio[&labels=true]}: every item
 * of a project with its result, streamed.
 *
 * <p>The items are read through a server-side cursor {@link #FETCH} rows at a time and written as
 * they arrive; when the client reads more slowly than the database delivers, the cursor is paused
 * until the response drains. Memory stays bounded by one fetch plus one {@link #FLUSH_BYTES} chunk
 * however large the project. The whole export reads one snapshot (one read-only transaction), so it
 * is consistent even while labels keep arriving.
 *
 * <p>A failure after the first bytes were sent cannot become a problem body any more: the
 * connection is reset, so a client never mistakes a cut-off file for a complete one.
 */
public final class ExportRoutes implements ApiVerticle.ExtraRoutes {

    /** Rows fetched from the cursor per round trip. */
    static final int FETCH = 1_000;

    /** Output gathered before it is written to the response. */
    static final int FLUSH_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ExportRoutes.class);

    /** Each contributor's label, in the order they arrived. */
    private static final String LABELS =
            "(SELECT json_agg(json_build_object('contributorId', l.contributor_id::text,"
                    + " 'value', l.value,"
                    + " 'createdAt', l.created_at) ORDER BY l.created_at, l.id)::text"
                    + " FROM labels l WHERE l.item_id = i.id)";

    private final Pool pool;
    private final ProjectService projects;

    public ExportRoutes(Pool pool, ProjectService projects) {
        this.pool = pool;
        this.projects = projects;
    }

    @Override
    public void mount(Vertx vertx, Router api) {
        api.get("/projects/:projectId/export").handler(async(this::export));
    }

    private Future<Void> export(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        long projectId = Params.id(ctx, "projectId");
        ExportFormat format = ExportFormat.parse(ctx.queryParams().get("format"));
        if (format == null) {
            throw ApiProblem.badRequest("format must be jsonl, csv or labelstudio");
        }
        boolean labels = flag(ctx, "labels");
        return ResultsAccess.check(projects, caller, projectId)
                .compose(
                        project ->
                                stream(
                                        ctx,
                                        project,
                                        format,
                                        new ExportFormat.Options(
                                                ResultsAccess.ownsData(caller, project), labels)));
    }

    private static boolean flag(RoutingContext ctx, String name) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank() || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw ApiProblem.badRequest(name + " must be true or false, got '" + raw + "'");
    }

    private static String sql(ExportFormat.Options options) {
        return "SELECT i.id, i.external_id, i.payload::text AS data, i.status, i.consensus_label,"
                + " i.confidence, i.labels_used"
                + (options.gold() ? ", i.gold_label::text AS gold" : "")
                + (options.labels() ? ", " + LABELS + " AS labels" : "")
                + " FROM items i WHERE i.project_id = $1 ORDER BY i.id";
    }

    private Future<Void> stream(
            RoutingContext ctx,
            Project project,
            ExportFormat format,
            ExportFormat.Options options) {
        return pool.getConnection()
                .compose(
                        conn ->
                                conn.begin()
                                        .compose(tx -> conn.prepare(sql(options)))
                                        .compose(
                                                statement -> {
                                                    Promise<Void> done = Promise.promise();
                                                    new Export(
                                                                    ctx,
                                                                    statement.createStream(
                                                                            FETCH,
                                                                            Tuple.of(project.id())),
                                                                    format,
                                                                    options,
                                                                    done)
                                                            .start(project.id());
                                                    return done.future();
                                                })
                                        // Read-only: closing the connection rolls the snapshot
                                        // back; nothing to commit.
                                        .onComplete(ar -> conn.close()));
    }

    /** One running export: cursor in, chunks out. Runs on the request's event loop. */
    private static final class Export {
        private final HttpServerResponse response;
        private final RowStream<Row> rows;
        private final ExportFormat format;
        private final ExportFormat.Options options;
        private final Promise<Void> done;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(FLUSH_BYTES * 2);
        private boolean first = true;
        private boolean finished;

        Export(
                RoutingContext ctx,
                RowStream<Row> rows,
                ExportFormat format,
                ExportFormat.Options options,
                Promise<Void> done) {
            this.response = ctx.response();
            this.rows = rows;
            this.format = format;
            this.options = options;
            this.done = done;
        }

        void start(long projectId) {
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader("Content-Type", format.contentType())
                    .putHeader(
                            "Content-Disposition",
                            "attachment; filename=\"project-"
                                    + projectId
                                    + "."
                                    + format.extension()
                                    + "\"");
            response.closeHandler(v -> fail(new IllegalStateException("client went away")));
            format.start(options, pending);
            rows.exceptionHandler(this::fail);
            rows.endHandler(v -> end());
            rows.handler(this::row);
        }

        private void row(Row row) {
            if (finished) {
                return;
            }
            try {
                format.item(
                        new ExportFormat.Item(
                                first,
                                row.getLong("id"),
                                row.getString("external_id"),
                                row.getString("data"),
                                row.getString("status"),
                                row.getString("consensus_label"),
                                row.getDouble("confidence"),
                                row.getInteger("labels_used"),
                                options.gold() ? row.getString("gold") : null,
                                options.labels() ? row.getString("labels") : null),
                        options,
                        pending);
            } catch (IOException | RuntimeException e) {
                fail(e);
                return;
            }
            first = false;
            if (pending.size() >= FLUSH_BYTES) {
                flush();
                if (response.writeQueueFull()) {
                    rows.pause();
                    response.drainHandler(
                            v -> {
                                if (!finished) {
                                    rows.resume();
                                }
                            });
                }
            }
        }

        private void flush() {
            if (pending.size() > 0) {
                response.write(Buffer.buffer(pending.toByteArray()));
                pending.reset();
            }
        }

        private void end() {
            if (finished) {
                return;
            }
            finished = true;
            format.end(options, pending);
            flush();
            response.end();
            rows.close();
            done.tryComplete();
        }

        private void fail(Throwable e) {
            if (finished) {
                return;
            }
            finished = true;
            rows.close();
            if (response.closed()) {
                // The client left; the connection is closed by the caller.
                done.tryComplete();
            } else if (!response.headWritten()) {
                done.tryFail(e);
            } else {
                LOG.warn("export broke off after it started: {}", e.toString());
                response.reset();
                done.tryComplete();
            }
        }
    }
}
