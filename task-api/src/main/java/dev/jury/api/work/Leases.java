package dev.jury.api.work;

import dev.jury.api.auth.Caller;
import dev.jury.api.http.ApiProblem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Why a lease could not be used, for the problem body. Runs only on the failure path. */
final class Leases {

    private Leases() {}

    /** Always fails, with 404, 403, 409 or 410 saying what is wrong with the lease. */
    static Future<Void> explain(SqlClient sql, Caller caller, UUID leaseId) {
        return sql.preparedQuery(
                        "SELECT contributor_id, state, expires_at, expires_at <= now() AS lapsed FROM leases WHERE id = $1")
                .execute(Tuple.of(leaseId))
                .compose(
                        rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(ApiProblem.notFound("lease " + leaseId));
                            }
                            Row row = rows.iterator().next();
                            if (row.getLong("contributor_id") != caller.accountId()) {
                                return Future.failedFuture(
                                        ApiProblem.forbidden(
                                                "lease "
                                                        + leaseId
                                                        + " belongs to another contributor"));
                            }
                            String state = row.getString("state");
                            OffsetDateTime expires = row.getOffsetDateTime("expires_at");
                            if ("open".equals(state) && row.getBoolean("lapsed")
                                    || "expired".equals(state)) {
                                return Future.failedFuture(
                                        ApiProblem.of(
                                                410,
                                                "lease-expired",
                                                "Lease expired",
                                                "lease "
                                                        + leaseId
                                                        + " expired at "
                                                        + expires
                                                        + "; ask for the next item"));
                            }
                            return Future.failedFuture(
                                    ApiProblem.conflict(
                                            "lease-closed",
                                            "lease " + leaseId + " is already " + state));
                        });
    }
}
