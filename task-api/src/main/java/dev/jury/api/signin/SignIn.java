package dev.jury.api.signin;

import dev.jury.api.auth.Accounts.AccountView;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.auth.Tokens;
import dev.jury.api.http.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The database side of sign-in with Ethereum: nonces, and the account a verified wallet signs in to
 * or binds. Every step after the message verified runs in one transaction that also deletes the
 * nonce, so a message is accepted at most once and a refused one changes nothing.
 */
public final class SignIn {

    /** How long an issued nonce may wait for its signed message. */
    public static final Duration NONCE_LIFETIME = Duration.ofMinutes(10);

    private static final String ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int NONCE_LENGTH = 20; // ~119 bits
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String CONSUME_NONCE =
            "DELETE FROM siwe_nonces WHERE nonce = $1 RETURNING expires_at > now() AS live";

    // An upsert returns the wallet's account whether it existed or not, and two concurrent first
    // sign-ins with one wallet cannot create two accounts (accounts.wallet is unique).
    private static final String FIND_OR_CREATE =
            "INSERT INTO accounts (name, role, wallet) VALUES ($1, 'contributor', $2)"
                    + " ON CONFLICT (wallet) DO UPDATE SET wallet = excluded.wallet"
                    + " RETURNING id, role";

    private static final String VIEW =
            "SELECT a.id, a.name, a.role, a.banned, a.wallet,"
                    + " ARRAY(SELECT g.group_name FROM account_groups g WHERE g.account_id = a.id"
                    + "       ORDER BY g.group_name) AS groups"
                    + " FROM accounts a WHERE a.id = $1";

    private final Pool pool;

    public SignIn(Pool pool) {
        this.pool = pool;
    }

    /**
     * A fresh nonce.
     *
     * @param nonce letters and digits to put in the message's {@code Nonce:} line
     * @param expiresAt when the API stops accepting it, ISO-8601
     */
    public record Nonce(String nonce, String expiresAt) {}

    /** A signed-in account and a new API token for it (shown once). */
    public record Session(String token, AccountView account) {}

    /** Issues a single-use nonce; expired ones are purged on the way. */
    public Future<Nonce> issueNonce() {
        StringBuilder nonce = new StringBuilder(NONCE_LENGTH);
        for (int i = 0; i < NONCE_LENGTH; i++) {
            nonce.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return pool.query("DELETE FROM siwe_nonces WHERE expires_at < now()")
                .execute()
                .compose(
                        v ->
                                pool.preparedQuery(
                                                "INSERT INTO siwe_nonces (nonce, expires_at)"
                                                        + " VALUES ($1, now() + make_interval(secs => $2))"
                                                        + " RETURNING expires_at")
                                        .execute(
                                                Tuple.of(
                                                        nonce.toString(),
                                                        (double) NONCE_LIFETIME.toSeconds())))
                .map(
                        rows -> {
                            OffsetDateTime at = rows.iterator().next().getOffsetDateTime(0);
                            return new Nonce(nonce.toString(), at.toString());
                        });
    }

    /**
     * Signs a verified message in: consumes its nonce, finds or creates the contributor account
     * bound to its wallet, and issues a token.
     *
     * @throws SiweException rejected if the nonce is unknown, used or expired
     * @throws ApiProblem 403 if the wallet belongs to an account that is not a contributor
     */
    public Future<Session> signIn(SiweMessage message) {
        String wallet = message.walletLowerCase();
        String token = Tokens.issue();
        return pool.withTransaction(
                        conn ->
                                consume(conn, message.nonce())
                                        .compose(
                                                v ->
                                                        conn.preparedQuery(FIND_OR_CREATE)
                                                                .execute(
                                                                        Tuple.of(
                                                                                shortName(wallet),
                                                                                wallet)))
                                        .compose(
                                                rows -> {
                                                    Row row = rows.iterator().next();
                                                    long id = row.getLong("id");
                                                    if (Role.parse(row.getString("role"))
                                                            != Role.CONTRIBUTOR) {
                                                        // A wallet is not a second password for a
                                                        // requester, moderator or admin.
                                                        return Future.failedFuture(
                                                                ApiProblem.forbidden(
                                                                        "this wallet is bound to an account"
                                                                                + " that does not sign in"
                                                                                + " with a wallet"));
                                                    }
                                                    return conn.preparedQuery(
                                                                    "INSERT INTO api_tokens (token_hash, account_id) VALUES ($1, $2)")
                                                            .execute(
                                                                    Tuple.of(
                                                                            Buffer.buffer(
                                                                                    Tokens.hash(
                                                                                            token)),
                                                                            id))
                                                            .compose(r -> view(conn, id));
                                                }))
                .map(account -> new Session(token, account));
    }

    /**
     * Binds or changes the caller's payout address to the verified message's wallet.
     *
     * @throws SiweException rejected if the nonce is unknown, used or expired
     * @throws ApiProblem 409 if another account holds the wallet
     */
    public Future<AccountView> bindWallet(Caller caller, SiweMessage message) {
        String wallet = message.walletLowerCase();
        return pool.withTransaction(
                        conn ->
                                consume(conn, message.nonce())
                                        .compose(
                                                v ->
                                                        conn.preparedQuery(
                                                                        "SELECT 1 FROM accounts WHERE wallet = $1 AND id <> $2")
                                                                .execute(
                                                                        Tuple.of(
                                                                                wallet,
                                                                                caller
                                                                                        .accountId())))
                                        .compose(
                                                taken -> {
                                                    if (taken.size() > 0) {
                                                        return Future.failedFuture(
                                                                walletTaken(wallet));
                                                    }
                                                    return conn.preparedQuery(
                                                                    "UPDATE accounts SET wallet = $1, version = version + 1"
                                                                            + " WHERE id = $2")
                                                            .execute(
                                                                    Tuple.of(
                                                                            wallet,
                                                                            caller.accountId()));
                                                })
                                        .compose(v -> view(conn, caller.accountId())))
                .recover(
                        failure -> {
                            // Two accounts binding one wallet at once: the unique index decides.
                            if (failure instanceof PgException pg
                                    && "23505".equals(pg.getSqlState())) {
                                return Future.failedFuture(walletTaken(wallet));
                            }
                            return Future.failedFuture(failure);
                        });
    }

    private static ApiProblem walletTaken(String wallet) {
        return ApiProblem.conflict(
                "wallet-taken", "the wallet " + wallet + " is bound to another account");
    }

    private static Future<Void> consume(SqlConnection conn, String nonce) {
        return conn.preparedQuery(CONSUME_NONCE)
                .execute(Tuple.of(nonce))
                .compose(
                        rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(
                                        SiweException.rejected(
                                                "the nonce is unknown or was already used; ask for"
                                                        + " a new one"));
                            }
                            if (!rows.iterator().next().getBoolean("live")) {
                                return Future.failedFuture(
                                        SiweException.rejected(
                                                "the nonce expired; ask for a new one"));
                            }
                            return Future.succeededFuture();
                        });
    }

    private static Future<AccountView> view(SqlConnection conn, long id) {
        return conn.preparedQuery(VIEW)
                .execute(Tuple.of(id))
                .map(
                        rows -> {
                            Row row = rows.iterator().next();
                            String[] groups = row.getArrayOfStrings("groups");
                            return new AccountView(
                                    Long.toString(row.getLong("id")),
                                    row.getString("name"),
                                    row.getString("role"),
                                    row.getString("wallet"),
                                    row.getBoolean("banned"),
                                    groups == null ? List.of() : new ArrayList<>(List.of(groups)));
                        });
    }

    /** A display name for a wallet-created account: {@code 0x1234…abcd}. */
    static String shortName(String wallet) {
        return wallet.substring(0, 6) + "…" + wallet.substring(wallet.length() - 4);
    }
}
