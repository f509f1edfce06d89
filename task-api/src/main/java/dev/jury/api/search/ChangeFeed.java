package dev.jury.api.search;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows {@code items.change_seq} so that no committed change is missed, although transactions
 * commit out of sequence order.
 *
 * <p>A sequence value is taken when a row is written but becomes visible when its transaction
 * commits, so "changed since the largest value seen" alone loses a change whose transaction took a
 * smaller value and committed later (a long upload next to quick label submissions does exactly
 * that). The feed therefore reads in two ways:
 *
 * <ul>
 *   <li>fast: every row above the largest value read so far, so a change shows within one poll; the
 *       values skipped between two rows read are remembered as <em>gaps</em> (rolled back, replaced
 *       by a newer change of the same row, or still uncommitted);
 *   <li>settled: at each poll the feed notes the sequence's last value and the next transaction id.
 *       Once every transaction older than that id has ended, no value up to that last value can
 *       appear any more; the gaps below it are read once more (catching late commits) and
 *       forgotten, and that value becomes the {@linkplain #settled() settled} watermark a restart
 *       resumes from.
 * </ul>
 *
 * A row may be handed over more than once; consumers must apply rows idempotently (the index
 * replaces a document by item id). Not thread-safe: one thread drives it.
 */
final class ChangeFeed {

    /**
     * The transaction that took a value may get its id only just after (an insert takes its value
     * while building the row and its transaction id when it stores it); a mark is trusted only when
     * it is also this old, which covers that window with a wide margin.
     */
    static final long SETTLE_AGE_NANOS = Duration.ofSeconds(1).toNanos();

    /** Rows read per statement. */
    static final int BATCH = 1_000;

    /** Gap ranges read again per statement. */
    private static final int GAPS_PER_QUERY = 500;

    private static final String COLUMNS =
            "SELECT i.id, i.project_id, i.external_id, i.text, i.status, i.consensus_label,"
                    + " i.confidence, i.change_seq,"
                    + " ARRAY(SELECT l.contributor_id FROM labels l WHERE l.item_id = i.id) AS contributors"
                    + " FROM items i";

    private static final String FAST =
            COLUMNS + " WHERE i.change_seq > $1 ORDER BY i.change_seq LIMIT " + BATCH;

    private static final String GAPS =
            COLUMNS
                    + " JOIN unnest($1::bigint[], $2::bigint[]) AS g(lo, hi)"
                    + " ON i.change_seq BETWEEN g.lo AND g.hi";

    private static final String MARK =
            "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM item_changes) AS seq,"
                    + " pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,"
                    + " pg_snapshot_xmax(pg_current_snapshot())::text AS xmax";

    /** One indexed item as read from PostgreSQL. */
    record ItemChange(
            long itemId,
            long projectId,
            String externalId,
            String text,
            String status,
            String consensusLabel,
            Double confidence,
            long changeSeq,
            List<Long> contributors) {}

    /** A watermark candidate: all values up to {@code seq} were taken by transactions < xid. */
    private record Mark(long seq, long xid, long takenAt) {}

    private final Pool pool;
    private final ArrayDeque<long[]> gaps = new ArrayDeque<>();
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private long fastCursor;
    private long settled;

    ChangeFeed(Pool pool, long settled) {
        this.pool = pool;
        this.settled = settled;
        this.fastCursor = settled;
    }

    /** Every change up to this value has been handed over; resume from here after a restart. */
    long settled() {
        return settled;
    }

    /** Starts again from nothing (a rebuild). */
    void reset() {
        gaps.clear();
        marks.clear();
        fastCursor = 0;
        settled = 0;
    }

    /**
     * Reads what changed since the last poll and hands each row to {@code sink}.
     *
     * @return rows handed over
     */
    long poll(Consumer<ItemChange> sink) throws Exception {
        Row mark = await(pool.query(MARK).execute()).iterator().next();
        long xmin = Long.parseLong(mark.getString("xmin"));
        long now = System.nanoTime();
        long handed = 0;
        // Taken before the fast read: the mark's xid bounds every transaction that holds a value
        // up to its seq, including those the fast read below cannot see yet.
        marks.add(new Mark(mark.getLong("seq"), Long.parseLong(mark.getString("xmax")), now));

        while (true) {
            RowSet<Row> rows = await(pool.preparedQuery(FAST).execute(Tuple.of(fastCursor)));
            for (Row row : rows) {
                ItemChange change = change(row);
                sink.accept(change);
                if (change.changeSeq() > fastCursor + 1) {
                    gaps.add(new long[] {fastCursor + 1, change.changeSeq() - 1});
                }
                fastCursor = change.changeSeq();
                handed++;
            }
            if (rows.size() < BATCH) {
                break;
            }
        }

        // Only forget marks and gaps once the gaps were read again: a failure retries them.
        long settleTo = settled;
        int settledMarks = 0;
        for (Mark m : marks) {
            if (m.xid() > xmin || now - m.takenAt() < SETTLE_AGE_NANOS) {
                break;
            }
            settleTo = Math.max(settleTo, m.seq());
            settledMarks++;
        }
        // Values above the fast cursor are read by the next fast read anyway.
        settleTo = Math.min(settleTo, fastCursor);
        if (settleTo > settled) {
            handed += rereadGaps(settleTo, sink);
            settled = settleTo;
        }
        for (int i = 0; i < settledMarks; i++) {
            marks.poll();
        }
        return handed;
    }

    /** Reads the gaps up to {@code upTo} once more, now that nothing below it can still commit. */
    private long rereadGaps(long upTo, Consumer<ItemChange> sink) throws Exception {
        long handed = 0;
        List<long[]> batch = new ArrayList<>();
        for (long[] gap : gaps) {
            if (gap[0] > upTo) {
                break;
            }
            batch.add(new long[] {gap[0], Math.min(gap[1], upTo)});
            if (batch.size() == GAPS_PER_QUERY) {
                handed += readGaps(batch, sink);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            handed += readGaps(batch, sink);
        }
        while (!gaps.isEmpty() && gaps.peek()[0] <= upTo) {
            long[] gap = gaps.poll();
            if (gap[1] > upTo) {
                gaps.addFirst(new long[] {upTo + 1, gap[1]});
                break;
            }
        }
        return handed;
    }

    private long readGaps(List<long[]> batch, Consumer<ItemChange> sink) throws Exception {
        Long[] lo = new Long[batch.size()];
        Long[] hi = new Long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            lo[i] = batch.get(i)[0];
            hi[i] = batch.get(i)[1];
        }
        RowSet<Row> rows =
                await(
                        pool.preparedQuery(GAPS)
                                .execute(Tuple.tuple().addArrayOfLong(lo).addArrayOfLong(hi)));
        for (Row row : rows) {
            sink.accept(change(row));
        }
        return rows.size();
    }

    private static ItemChange change(Row row) {
        Long[] contributors = row.getArrayOfLongs("contributors");
        return new ItemChange(
                row.getLong("id"),
                row.getLong("project_id"),
                row.getString("external_id"),
                row.getString("text"),
                row.getString("status"),
                row.getString("consensus_label"),
                row.getDouble("confidence"),
                row.getLong("change_seq"),
                contributors == null ? List.of() : List.of(contributors));
    }

    /** The feed runs on its own thread, never an event loop, so it may wait. */
    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
