package dev.jury.api.items;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.UploadStream;
import dev.jury.api.projects.Project;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.core.parsetools.JsonEventType;
import io.vertx.core.parsetools.JsonParser;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
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
        ApiProblem declared = StreamedUpload.declaredLengthProblem(upload.request(), limitBytes);
        if (declared != null) {
            return Future.failedFuture(declared);
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
    private final class Run extends StreamedUpload<ItemRow> {
        private final Project project;
        private final ItemFormat format;
        private final UUID importId;
        private final SqlConnection conn;
        private final Transaction tx;
        private final CsvRecords csv = new CsvRecords();
        private List<String> csvHeader;
        private long records;
        private long inserted;
        private long batches;
        private RecordParser lines;
        private JsonParser json;
        private int depth;

        Run(
                Project project,
                ItemFormat format,
                UploadStream request,
                long limitBytes,
                UUID importId,
                SqlConnection conn,
                Transaction tx) {
            super(request, limitBytes, BATCH);
            this.project = project;
            this.format = format;
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
            return run().compose(v -> result())
                    .compose(
                            result -> tx.commit().map(result),
                            failure -> tx.rollback().transform(r -> Future.failedFuture(failure)));
        }

        @Override
        protected void parse(Buffer chunk) {
            if (json != null) {
                json.handle(chunk);
            } else {
                lines.handle(chunk);
            }
        }

        @Override
        protected void endOfBody() {
            if (json != null) {
                try {
                    json.end();
                } catch (RuntimeException e) {
                    throw ApiProblem.badRequest("the JSON array is not closed");
                }
                return;
            }
            lines.handle(Buffer.buffer("\n"));
            if (csv.open()) {
                throw ApiProblem.badRequest("a quoted CSV field never closes");
            }
        }

        private Future<Result> result() {
            if (records == 0) {
                return Future.failedFuture(ApiProblem.badRequest("the upload holds no items"));
            }
            return Future.succeededFuture(
                    new Result(
                            importId.toString(),
                            format.name().toLowerCase(),
                            records,
                            inserted,
                            records - inserted));
        }

        private void onJsonEvent(io.vertx.core.parsetools.JsonEvent event) {
            if (failed()) {
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
                // The JSON parser reports a handler's exception as malformed JSON: fail here.
                fail(recordProblem(e));
            }
        }

        private void onLine(Buffer buffer) {
            if (failed()) {
                return;
            }
            String line = lineText(buffer);
            if (format == ItemFormat.JSONL) {
                if (line.isBlank()) {
                    return;
                }
                records++;
                add(ItemFormat.fromJsonLine(line, project.labelSchema()));
                return;
            }
            List<String> fields = csv.accept(line);
            if (fields == null) {
                return;
            }
            if (csvHeader == null) {
                csvHeader = fields.stream().map(String::trim).toList();
                if (!csvHeader.contains("id")) {
                    throw new IllegalArgumentException("the CSV header needs an 'id' column");
                }
                return;
            }
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                return;
            }
            records++;
            add(ItemFormat.fromCsv(csvHeader, fields, project.labelSchema()));
        }

        @Override
        protected ApiProblem recordProblem(IllegalArgumentException e) {
            String where = format == ItemFormat.CSV ? "data row " : "record ";
            String message = where + records + ": " + e.getMessage();
            return ApiProblem.invalid(
                    "the upload has a bad record; nothing was imported", List.of(message));
        }

        @Override
        protected Future<Integer> write(List<ItemRow> rows) {
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
            return conn.preparedQuery(INSERT)
                    .execute(
                            Tuple.of(
                                    project.id(),
                                    project.overlap().minLabels(),
                                    ext,
                                    payload,
                                    text,
                                    gold,
                                    group))
                    .map(rs -> rs.rowCount());
        }

        @Override
        protected void batchWritten(int rowsInserted) {
            inserted += rowsInserted;
            if (++batches % 25 == 0) {
                pool.preparedQuery(
                                "UPDATE imports SET rows_read = $2, rows_inserted = $3 WHERE id = $1")
                        .execute(Tuple.of(importId, records, inserted));
            }
        }
    }
}
