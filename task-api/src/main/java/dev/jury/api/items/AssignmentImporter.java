package dev.jury.api.items;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.UploadStream;
import dev.jury.api.projects.Project;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Streams an explicit assignment list, contributor→item pairs, into {@code item_assignments}: the
 * body is parsed as it arrives and written in batches inside one transaction, the request paused
 * while a batch is written. Each batch is first checked: a pair naming an item the project does not
 * have, or an account that is not a contributor, fails the whole upload with a 422 naming its row,
 * and the transaction rolls back. A pair already stored is skipped, so a re-sent list adds nothing
 * twice.
 *
 * <p>CSV rows are {@code contributorId,itemId}, optionally under a header naming those two columns;
 * JSON lines are {@code {"contributorId": "12", "itemId": "a-1"}}. {@code itemId} is the
 * requester's external id (as uploaded with the items), {@code contributorId} the account id.
 */
public final class AssignmentImporter {

    /** Longest external item id, as for item uploads. */
    static final int MAX_ITEM_ID_LENGTH = 200;

    /** Pairs checked and written per round trip. */
    static final int BATCH = 2_000;

    private static final String FIRST_UNKNOWN =
            "SELECT u.n, i.id IS NULL AS no_item, a.id IS NULL AS no_contributor"
                    + " FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS u(cid, ext, n)"
                    + " LEFT JOIN items i ON i.project_id = $1 AND i.external_id = u.ext"
                    + " LEFT JOIN accounts a ON a.id = u.cid AND a.role = 'contributor'"
                    + " WHERE i.id IS NULL OR a.id IS NULL ORDER BY u.n LIMIT 1";

    private static final String INSERT =
            "INSERT INTO item_assignments (contributor_id, item_id, project_id, pending, item_open,"
                    + " labels_count, is_gold)"
                    + " SELECT u.cid, i.id, $1,"
                    // A pair the contributor already labeled or skipped is never offered again.
                    + "   NOT EXISTS (SELECT 1 FROM leases l WHERE l.item_id = i.id"
                    + "     AND l.contributor_id = u.cid AND l.state IN ('submitted', 'skipped')),"
                    + "   i.status = 'open', i.labels_count, i.is_gold"
                    + " FROM unnest($2::bigint[], $3::text[]) AS u(cid, ext)"
                    + " JOIN items i ON i.project_id = $1 AND i.external_id = u.ext"
                    + " ON CONFLICT DO NOTHING";

    /** The formats an assignment list may come in. */
    public enum Format {
        CSV,
        JSONL;

        /** From {@code ?format=} or a Content-Type; null if neither names a known format. */
        public static Format parse(String value) {
            if (value == null) {
                return null;
            }
            String v = value.toLowerCase(Locale.ROOT).trim();
            if (v.equals("csv") || v.startsWith("text/csv")) {
                return CSV;
            }
            if (v.equals("jsonl")
                    || v.startsWith("application/jsonl")
                    || v.startsWith("application/x-ndjson")) {
                return JSONL;
            }
            return null;
        }
    }

    /** What an upload stored. */
    public record Result(
            String projectId,
            String format,
            long pairsRead,
            long pairsInserted,
            long pairsSkipped) {}

    private record Pair(long row, long contributorId, String itemId) {}

    private final Pool pool;

    public AssignmentImporter(Pool pool) {
        this.pool = pool;
    }

    /**
     * Imports the body. The caller checked that the project is theirs.
     *
     * @return the result; fails with an {@link ApiProblem} (nothing stored) on bad input
     */
    public Future<Result> importPairs(
            Project project, Format format, UploadStream upload, long limitBytes) {
        ApiProblem declared = StreamedUpload.declaredLengthProblem(upload.request(), limitBytes);
        if (declared != null) {
            return Future.failedFuture(declared);
        }
        return pool.withTransaction(
                conn -> {
                    Run run = new Run(project, format, upload, limitBytes, conn);
                    return run.run().compose(v -> run.result());
                });
    }

    /** One upload in progress; callbacks all run on the request's event loop. */
    private static final class Run extends StreamedUpload<Pair> {
        private final Project project;
        private final Format format;
        private final SqlConnection conn;
        private final CsvRecords csv = new CsvRecords();
        private final RecordParser lines = RecordParser.newDelimited("\n");
        private int contributorColumn = 0;
        private int itemColumn = 1;
        private boolean firstCsvRecord = true;
        private long rows;
        private long inserted;

        Run(
                Project project,
                Format format,
                UploadStream upload,
                long limitBytes,
                SqlConnection conn) {
            super(upload, limitBytes, BATCH);
            this.project = project;
            this.format = format;
            this.conn = conn;
            lines.handler(this::onLine);
        }

        @Override
        protected void parse(Buffer chunk) {
            lines.handle(chunk);
        }

        @Override
        protected void endOfBody() {
            lines.handle(Buffer.buffer("\n"));
            if (csv.open()) {
                throw ApiProblem.badRequest("a quoted CSV field never closes");
            }
        }

        Future<Result> result() {
            if (rows == 0) {
                return Future.failedFuture(ApiProblem.badRequest("the upload holds no pairs"));
            }
            return Future.succeededFuture(
                    new Result(
                            Long.toString(project.id()),
                            format.name().toLowerCase(Locale.ROOT),
                            rows,
                            inserted,
                            rows - inserted));
        }

        private void onLine(Buffer buffer) {
            if (failed()) {
                return;
            }
            String line = lineText(buffer);
            if (format == Format.JSONL) {
                if (!line.isBlank()) {
                    rows++;
                    add(fromJson(line));
                }
                return;
            }
            List<String> fields = csv.accept(line);
            if (fields == null || (fields.size() == 1 && fields.get(0).isBlank())) {
                return;
            }
            if (firstCsvRecord) {
                firstCsvRecord = false;
                if (header(fields)) {
                    return;
                }
            }
            rows++;
            add(fromCsv(fields));
        }

        /** Takes a header row if the record is one; a list without a header is positional. */
        private boolean header(List<String> fields) {
            List<String> names = fields.stream().map(String::trim).toList();
            if (!names.contains("contributorId") && !names.contains("itemId")) {
                return false;
            }
            if (!names.contains("contributorId") || !names.contains("itemId")) {
                throw new IllegalArgumentException(
                        "the CSV header needs 'contributorId' and 'itemId' columns");
            }
            contributorColumn = names.indexOf("contributorId");
            itemColumn = names.indexOf("itemId");
            return true;
        }

        private Pair fromCsv(List<String> fields) {
            if (fields.size() <= Math.max(contributorColumn, itemColumn)) {
                throw new IllegalArgumentException("expected contributorId,itemId");
            }
            return pair(fields.get(contributorColumn).trim(), fields.get(itemColumn));
        }

        private Pair fromJson(String line) {
            JsonNode node = ItemFormat.parseJson(line);
            if (!node.isObject()) {
                throw new IllegalArgumentException("each line must be a JSON object");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("contributorId") && !name.equals("itemId")) {
                    throw new IllegalArgumentException("unknown field '" + name + "'");
                }
            }
            JsonNode contributor = node.get("contributorId");
            JsonNode item = node.get("itemId");
            if (contributor == null
                    || !(contributor.isTextual() || contributor.isIntegralNumber())
                    || item == null
                    || !(item.isTextual() || item.isIntegralNumber())) {
                throw new IllegalArgumentException(
                        "'contributorId' and 'itemId' are required strings or integers");
            }
            return pair(contributor.asText(), item.asText());
        }

        private Pair pair(String contributor, String item) {
            if (!contributor.matches("[1-9][0-9]{0,17}")) {
                throw new IllegalArgumentException(
                        "contributorId must be an account id, got '" + shorten(contributor) + "'");
            }
            if (item.isBlank() || item.length() > MAX_ITEM_ID_LENGTH) {
                throw new IllegalArgumentException(
                        "itemId must have 1 to " + MAX_ITEM_ID_LENGTH + " characters");
            }
            return new Pair(rows, Long.parseLong(contributor), item);
        }

        @Override
        protected Future<Integer> write(List<Pair> batch) {
            int n = batch.size();
            Long[] contributors = new Long[n];
            String[] items = new String[n];
            Long[] rowNumbers = new Long[n];
            for (int i = 0; i < n; i++) {
                Pair p = batch.get(i);
                contributors[i] = p.contributorId();
                items[i] = p.itemId();
                rowNumbers[i] = p.row();
            }
            return conn.preparedQuery(FIRST_UNKNOWN)
                    .execute(Tuple.of(project.id(), contributors, items, rowNumbers))
                    .compose(
                            unknown -> {
                                if (unknown.size() > 0) {
                                    var row = unknown.iterator().next();
                                    int at = indexOf(rowNumbers, row.getLong("n"));
                                    String what =
                                            row.getBoolean("no_item")
                                                    ? "item '"
                                                            + shorten(items[at])
                                                            + "' is not in project "
                                                            + project.id()
                                                    : "account "
                                                            + contributors[at]
                                                            + " is not a contributor";
                                    return Future.failedFuture(rowProblem(row.getLong("n"), what));
                                }
                                return conn.preparedQuery(INSERT)
                                        .execute(Tuple.of(project.id(), contributors, items));
                            })
                    .map(
                            rs -> {
                                inserted += rs.rowCount();
                                return rs.rowCount();
                            });
        }

        @Override
        protected ApiProblem recordProblem(IllegalArgumentException e) {
            return rowProblem(rows, e.getMessage());
        }

        private static int indexOf(Long[] rowNumbers, long row) {
            for (int i = 0; i < rowNumbers.length; i++) {
                if (rowNumbers[i] == row) {
                    return i;
                }
            }
            throw new IllegalStateException("row " + row + " is not in the batch");
        }

        private static ApiProblem rowProblem(long row, String message) {
            String where = "row " + row + ": " + message;
            return ApiProblem.invalid(
                            "the assignment list has a bad row; nothing was stored", List.of(where))
                    .with("row", row);
        }

        private static String shorten(String s) {
            return s.length() <= 80 ? s : s.substring(0, 80) + "...";
        }
    }
}
