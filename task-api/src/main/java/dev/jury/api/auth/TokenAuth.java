package dev.jury.api.auth;

import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.TtlCache;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Authenticates {@code Authorization: Bearer <token>} and applies the per-token rate limit.
 *
 * <p>Accounts are cached for {@link #CACHE_MILLIS} so the hot paths ({@code next}, {@code submit})
 * do not pay a database round trip each; a ban therefore takes effect within that time on other
 * instances and at once on the instance that applied it ({@link #invalidate}).
 */
public final class TokenAuth implements Handler<RoutingContext> {

    /** How long a looked-up account is trusted before it is read again. */
    public static final long CACHE_MILLIS = 5_000;

    private static final String LOOKUP =
            "SELECT a.id, a.name, a.role, a.banned, a.wallet,"
                    + " ARRAY(SELECT g.group_name FROM account_groups g WHERE g.account_id = a.id) AS groups"
                    + " FROM api_tokens t JOIN accounts a ON a.id = t.account_id"
                    + " WHERE t.token_hash = $1 AND t.revoked_at IS NULL";

    private final SqlClient sql;
    private final RateLimiter rateLimiter;
    private final TtlCache<String, Caller> cache = new TtlCache<>(CACHE_MILLIS);

    public TokenAuth(SqlClient sql, RateLimiter rateLimiter) {
        this.sql = sql;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.fail(ApiProblem.unauthenticated("send 'Authorization: Bearer <token>'"));
            return;
        }
        String token = header.substring(7).trim();
        if (token.isEmpty() || token.length() > 200) {
            ctx.fail(ApiProblem.unauthenticated("the bearer token is malformed"));
            return;
        }
        byte[] hash = Tokens.hash(token);
        String key = Base64.getEncoder().encodeToString(hash);
        long waitSeconds = rateLimiter.acquire(key);
        if (waitSeconds > 0) {
            ctx.fail(ApiProblem.rateLimited(waitSeconds));
            return;
        }
        lookup(key, hash)
                .onSuccess(
                        caller -> {
                            ctx.put(Caller.CONTEXT_KEY, caller);
                            ctx.next();
                        })
                .onFailure(ctx::fail);
    }

    private Future<Caller> lookup(String key, byte[] hash) {
        return cache.get(
                key,
                () ->
                        sql.preparedQuery(LOOKUP)
                                .execute(Tuple.of(Buffer.buffer(hash)))
                                .map(
                                        rows -> {
                                            if (rows.size() == 0) {
                                                throw ApiProblem.unauthenticated(
                                                        "the token is unknown or revoked");
                                            }
                                            return toCaller(rows.iterator().next());
                                        }));
    }

    /** Forgets cached accounts, e.g. after a ban, so this instance sees the change at once. */
    public void invalidate() {
        cache.invalidateAll();
    }

    static Caller toCaller(Row row) {
        String[] groups = row.getArrayOfStrings("groups");
        return new Caller(
                row.getLong("id"),
                row.getString("name"),
                Role.parse(row.getString("role")),
                row.getBoolean("banned"),
                row.getString("wallet"),
                groups == null ? List.of() : List.copyOf(new ArrayList<>(List.of(groups))));
    }
}
