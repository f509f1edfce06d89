package dev.jury.api.work;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Expires lapsed leases and gives their places back to the items. A submit checks the expiry time
 * itself, so the sweep only decides how soon an abandoned place is handed to someone else. Safe to
 * run on every API instance at once: each lease row is expired by exactly one statement.
 */
public final class LeaseSweeper {

    private static final String SWEEP =
            "WITH lapsed AS ("
                    + "  SELECT id FROM leases WHERE state = 'open' AND expires_at <= now()"
                    + "  ORDER BY expires_at LIMIT 5000 FOR UPDATE SKIP LOCKED"
                    + "), expired AS ("
                    + "  UPDATE leases SET state = 'expired' FROM lapsed WHERE leases.id = lapsed.id"
                    + "  RETURNING leases.item_id"
                    + "), counts AS (SELECT item_id, count(*) AS n FROM expired GROUP BY item_id)"
                    + " UPDATE items SET open_leases = open_leases - counts.n FROM counts"
                    + " WHERE items.id = counts.item_id";

    private final Pool pool;

    public LeaseSweeper(Pool pool) {
        this.pool = pool;
    }

    /** Expires up to 5,000 lapsed leases; returns how many items got places back. */
    public Future<Integer> sweep() {
        return pool.query(SWEEP).execute().map(rows -> rows.rowCount());
    }
}
