package dev.jury.api.items;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.UploadStream;
import dev.jury.api.projects.Project;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.core.parsetools.JsonEventType;
import io.vertx.core.parsetools.JsonParser;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Streams an item upload into PostgreSQL: the body is parsed as it arrives and written in batches
 * of {@link #BATCH} inside one transaction, with the request paused while a batch is written, so a
 * million items pass through without being held in memory. A malformed record fails the whole
 * upload (422 naming the record) and rolls everything back. An item whose id the project already
 * has is skipped, so a re-sent upload adds nothing twice. Progress is written to {@code imports} as
 * it runs.
 */
public final class ItemImporter {

    /** Items written per statement. */
    static final int BATCH = 2_000;

    private static final String INSERT =
            "INSERT INTO items (project_id, external_id, payload, text, gold_label, group_name, target)"
                    + " SELECT $1, u.ext, u.payload::jsonb, u.txt, u.gold::jsonb, u.grp, $2"
                    + " FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])"
                    + " AS u(ext, payload, txt, gold, grp)"
                    + " ON CONFLICT (project_id, external_id) DO NOTHING";

    private final Pool pool;

    public ItemImporter(Pool pool) {
        this.pool = pool;
    }

    /** What an upload did. */
    public record Result(
            String importId,
            String format,
            long itemsRead,
            long itemsInserted,
            long itemsSkipped) {}

    /**
     * Imports the request body. The caller checked the project's owner.
     *
     * @param project the project
     * @param format the body's format
     * @param upload the request body, not yet read
     * @param limitBytes largest body accepted
     * @param chosenId the id the client chose so it can poll the upload's progress while it runs,
     *     or null to have one made up
     * @return the result; fails with an {@link ApiProblem} (nothing stored) on bad input, and with
     *     409 when {@code chosenId} names an existing upload
     */
    public Future<Result> importItems(
            Project project,
            ItemFormat format,
            UploadStream upload,
            long limitBytes,
            UUID chosenId) {
        HttpServerRequest request = upload.request();
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared) > limitBytes) {
                    return Future.failedFuture(ApiProblem.tooLarge(limitBytes));
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(ApiProblem.badRequest("bad Content-Length"));
            }
        }
        UUID importId = chosenId != null ? chosenId : UUID.randomUUID();
        return pool.preparedQuery(
                        "INSERT INTO imports (id, project_id, format, status) VALUES ($1, $2, $3, 'running')")
                .execute(Tuple.of(importId, project.id(), format.name().toLowerCase()))
                .recover(
                        failure ->
                                // A reused id must not touch the upload that owns it.
                                Future.failedFuture(
                                        failure instanceof PgException pg
                                                        && "23505".equals(pg.getSqlState())
                                                ? new ImportIdTaken(
                                                        ApiProblem.conflict(
                                                                "import-id-taken",
                                                                "Import-Id "
                                                                        + importId
                                                                        + " names another upload"))
                                                : failure))
                .compose(
                        v ->
                                pool.getConnection()
                                        .compose(
                                                conn ->
                                                        conn.begin()
                                                                .compose(
                                                                        tx ->
                                                                                new Run(
                                                                                                project,
                                                                                                format,
                                                                                                upload,
                                                                                                limitBytes,
                                                                                                importId,
                                                                                                conn,
                                                                                                tx)
                                                                                        .start())
                                                                .onComplete(r -> conn.close())))
                .compose(
                        result ->
                                pool.preparedQuery(
                                                "UPDATE imports SET status = 'done', rows_read = $2, rows_inserted = $3,"
                                                        + " rows_skipped = $4, finished_at = now() WHERE id = $1")
                                        .execute(
                                                Tuple.of(
                                                        importId,
                                                        result.itemsRead(),
                                                        result.itemsInserted(),
                                                        result.itemsSkipped()))
                                        .map(result))
                .recover(
                        failure ->
                                failure instanceof ImportIdTaken taken
                                        ? Future.<Result>failedFuture(taken.problem)
                                        : pool.preparedQuery(
                                                        "UPDATE imports SET status = 'failed', error = $2, finished_at = now()"
                                                                + " WHERE id = $1")
                                                .execute(
                                                        Tuple.of(
                                                                importId,
                                                                String.valueOf(
                                                                        failure.getMessage())))
                                                .transform(
                                                        ignored ->
                                                                Future.<Result>failedFuture(
                                                                        failure)));
    }

    /**
     * Carries the 409 for a reused Import-Id past the recovery that marks an upload failed: that
     * row belongs to another upload.
     */
    private static final class ImportIdTaken extends RuntimeException {
        final ApiProblem problem;

        ImportIdTaken(ApiProblem problem) {
            super(problem.getMessage(), null, false, false);
            this.problem = problem;
        }
    }

    /** One upload in progress. Callbacks all run on the request's event loop. */
    private final class Run {
        private final Project project;
        private final ItemFormat format;
        private final UploadStream request;
        private final long limitBytes;
        private final UUID importId;
        private final SqlConnection conn;
        private final Transaction tx;
        private final Promise<Result> done = Promise.promise();
        private final List<ItemRow> batch = new ArrayList<>(BATCH);
        private final CsvRecords csv = new CsvRecords();
        private List<String> csvHeader;
        private long bytes;
        private long records;
        private long inserted;
        private long batches;
        private boolean writing;
        private boolean ended;
        private boolean failed;
        private RecordParser lines;
        private JsonParser json;

        Run(
                Project project,
                ItemFormat format,
                UploadStream request,
                long limitBytes,
                UUID importId,
                SqlConnection conn,
                Transaction tx) {
            this.project = project;
            this.format = format;
            this.request = request;
            this.limitBytes = limitBytes;
            this.importId = importId;
            this.conn = conn;
            this.tx = tx;
        }

        Future<Result> start() {
            if (format == ItemFormat.LABELSTUDIO) {
                json = JsonParser.newParser().objectValueMode();
                json.handler(this::onJsonEvent);
                json.exceptionHandler(
                        e -> fail(ApiProblem.badRequest("malformed JSON: " + e.getMessage())));
            } else {
                lines = RecordParser.newDelimited("\n");
                lines.handler(this::onLine);
            }
            request.read(
                    this::onChunk,
                    v -> onEnd(),
                    e -> fail(ApiProblem.badRequest("upload interrupted")));
            return done.future()
                    .compose(
                            result -> tx.commit().map(result),
                            failure -> tx.rollback().transform(r -> Future.failedFuture(failure)));
        }

        private void onChunk(Buffer chunk) {
            if (failed) {
                return;
            }
            bytes += chunk.length();
            if (bytes > limitBytes) {
                fail(ApiProblem.tooLarge(limitBytes));
                return;
            }
            try {
                if (json != null) {
                    json.handle(chunk);
                } else {
                    lines.handle(chunk);
                }
            } catch (ApiProblem p) {
                fail(p);
            }
        }

        private int depth;

        private void onJsonEvent(io.vertx.core.parsetools.JsonEvent event) {
            if (failed) {
                return;
            }
            if (event.type() == JsonEventType.START_ARRAY && depth == 0) {
                depth = 1;
                return;
            }
            if (depth == 0) {
                fail(ApiProblem.badRequest("a Label Studio upload is a JSON array of tasks"));
                return;
            }
            if (event.type() == JsonEventType.END_ARRAY) {
                depth = 0;
                return;
            }
            records++;
            try {
                JsonNode node = DatabindCodec.mapper().valueToTree(event.value());
                add(ItemFormat.fromLabelStudio(node, project.labelSchema()));
            } catch (IllegalArgumentException e) {
                fail(recordProblem(e));
            }
        }

        private void onLine(Buffer buffer) {
            if (failed) {
                return;
            }
            String line = buffer.toString(StandardCharsets.UTF_8);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            try {
                if (format == ItemFormat.JSONL) {
                    if (line.isBlank()) {
                        return;
                    }
                    records++;
                    add(ItemFormat.fromJsonLine(line, project.labelSchema()));
                } else {
                    List<String> fields = csv.accept(line);
                    if (fields == null) {
                        return;
                    }
                    if (csvHeader == null) {
                        csvHeader = fields.stream().map(String::trim).toList();
                        if (!csvHeader.contains("id")) {
                            throw new IllegalArgumentException(
                                    "the CSV header needs an 'id' column");
                        }
                        return;
                    }
                    if (fields.size() == 1 && fields.get(0).isEmpty()) {
                        return;
                    }
                    records++;
                    add(ItemFormat.fromCsv(csvHeader, fields, project.labelSchema()));
                }
            } catch (IllegalArgumentException e) {
                fail(recordProblem(e));
            }
        }

        private ApiProblem recordProblem(IllegalArgumentException e) {
            String where = format == ItemFormat.CSV ? "data row " : "record ";
            String message = where + records + ": " + e.getMessage();
            return ApiProblem.invalid(
                    "the upload has a bad record; nothing was imported", List.of(message));
        }

        private void add(ItemRow row) {
            batch.add(row);
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        private void flush() {
            if (batch.isEmpty() || failed) {
                if (ended && !writing) {
                    finish();
                }
                return;
            }
            List<ItemRow> rows = new ArrayList<>(batch);
            batch.clear();
            writing = true;
            request.pause();
            String[] ext = new String[rows.size()];
            String[] payload = new String[rows.size()];
            String[] text = new String[rows.size()];
            String[] gold = new String[rows.size()];
            String[] group = new String[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                ItemRow r = rows.get(i);
                ext[i] = r.externalId();
                payload[i] = r.payloadJson();
                text[i] = r.text();
                gold[i] = r.goldLabelJson();
                group[i] = r.group();
            }
            conn.preparedQuery(INSERT)
                    .execute(
                            Tuple.of(
                                    project.id(),
                                    project.overlap().minLabels(),
                                    ext,
                                    payload,
                                    text,
                                    gold,
                                    group))
                    .onSuccess(
                            rs -> {
                                inserted += rs.rowCount();
                                writing = false;
                                if (++batches % 25 == 0) {
                                    reportProgress();
                                }
                                if (ended) {
                                    flush();
                                } else {
                                    request.resume();
                                }
                            })
                    .onFailure(
                            e -> {
                                writing = false;
                                fail(e);
                            });
        }

        private void reportProgress() {
            pool.preparedQuery(
                            "UPDATE imports SET rows_read = $2, rows_inserted = $3 WHERE id = $1")
                    .execute(Tuple.of(importId, records, inserted));
        }

        private void onEnd() {
            if (failed) {
                return;
            }
            ended = true;
            if (format == ItemFormat.LABELSTUDIO) {
                try {
                    json.end();
                } catch (RuntimeException e) {
                    fail(ApiProblem.badRequest("the JSON array is not closed"));
                    return;
                }
            } else {
                try {
                    lines.handle(Buffer.buffer("\n"));
                } catch (IllegalArgumentException e) {
                    fail(recordProblem(e));
                    return;
                }
                if (csv.open()) {
                    fail(ApiProblem.badRequest("a quoted CSV field never closes"));
                    return;
                }
            }
            if (!writing) {
                flush();
            }
        }

        private void finish() {
            if (failed || done.future().isComplete()) {
                return;
            }
            if (records == 0) {
                fail(ApiProblem.badRequest("the upload holds no items"));
                return;
            }
            done.complete(
                    new Result(
                            importId.toString(),
                            format.name().toLowerCase(),
                            records,
                            inserted,
                            records - inserted));
        }

        private void fail(Throwable failure) {
            if (failed) {
                return;
            }
            failed = true;
            request.pause();
            done.tryFail(failure);
        }
    }
}
