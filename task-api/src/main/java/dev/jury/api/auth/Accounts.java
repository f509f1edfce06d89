package dev.jury.api.auth;

import dev.jury.api.http.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** Accounts and their tokens. */
public final class Accounts {

    private final Pool pool;

    public Accounts(Pool pool) {
        this.pool = pool;
    }

    /**
     * Body of an account creation.
     *
     * @param name display name, 1 to 200 characters
     * @param role requester, contributor, moderator or admin
     * @param groups contributor groups (optional)
     */
    public record NewAccount(String name, String role, List<String> groups) {
        public NewAccount {
            if (name == null || name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("name must have 1 to 200 characters");
            }
            Role.parse(role);
            groups = groups == null ? List.of() : List.copyOf(groups);
            for (String g : groups) {
                if (g == null || g.isBlank() || g.length() > 100) {
                    throw new IllegalArgumentException(
                            "groups must be names of 1 to 100 characters");
                }
            }
        }
    }

    /**
     * An account as the API shows it.
     *
     * @param id id
     * @param name name
     * @param role role
     * @param wallet bound payout address or null
     * @param banned whether banned
     * @param groups contributor groups
     */
    public record AccountView(
            String id,
            String name,
            String role,
            String wallet,
            boolean banned,
            List<String> groups) {
        static AccountView of(Caller c) {
            return new AccountView(
                    c.idString(), c.name(), c.role().dbName(), c.wallet(), c.banned(), c.groups());
        }
    }

    /** An account and the token that was issued for it (shown once). */
    public record Issued(AccountView account, String token) {}

    /** Creates an account with a first token. Admins only. */
    public Future<Issued> create(Caller caller, NewAccount request) {
        caller.require(Role.ADMIN);
        Role role = Role.parse(request.role());
        String token = Tokens.issue();
        return pool.withTransaction(
                conn ->
                        conn.preparedQuery(
                                        "INSERT INTO accounts (name, role) VALUES ($1, $2) RETURNING id")
                                .execute(Tuple.of(request.name(), role.dbName()))
                                .compose(
                                        rows -> {
                                            long id = rows.iterator().next().getLong("id");
                                            return conn.preparedQuery(
                                                            "INSERT INTO account_groups (account_id, group_name)"
                                                                    + " SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING")
                                                    .execute(
                                                            Tuple.of(
                                                                    id,
                                                                    (Object)
                                                                            request.groups()
                                                                                    .toArray(
                                                                                            new String
                                                                                                    [0])))
                                                    .compose(
                                                            v ->
                                                                    conn.preparedQuery(
                                                                                    "INSERT INTO api_tokens (token_hash, account_id) VALUES ($1, $2)")
                                                                            .execute(
                                                                                    Tuple.of(
                                                                                            Buffer
                                                                                                    .buffer(
                                                                                                            Tokens
                                                                                                                    .hash(
                                                                                                                            token)),
                                                                                            id)))
                                                    .map(
                                                            v ->
                                                                    new Issued(
                                                                            new AccountView(
                                                                                    Long.toString(
                                                                                            id),
                                                                                    request.name(),
                                                                                    role.dbName(),
                                                                                    null,
                                                                                    false,
                                                                                    request
                                                                                            .groups()),
                                                                            token));
                                        }));
    }

    /** Issues another token for an account: admins for anyone, others for themselves. */
    public Future<String> issueToken(Caller caller, long accountId) {
        if (caller.role() != Role.ADMIN && caller.accountId() != accountId) {
            throw ApiProblem.forbidden("only an admin issues tokens for other accounts");
        }
        String token = Tokens.issue();
        return pool.preparedQuery(
                        "INSERT INTO api_tokens (token_hash, account_id) SELECT $1, id FROM accounts WHERE id = $2")
                .execute(Tuple.of(Buffer.buffer(Tokens.hash(token)), accountId))
                .map(
                        rows -> {
                            if (rows.rowCount() == 0) {
                                throw ApiProblem.notFound("account " + accountId);
                            }
                            return token;
                        });
    }

    /** One account, for moderators and admins (and the account itself). */
    public Future<AccountView> get(Caller caller, long accountId) {
        if (!caller.is(Role.MODERATOR) && caller.accountId() != accountId) {
            throw ApiProblem.forbidden("contributors and requesters see only their own account");
        }
        return pool.preparedQuery(
                        "SELECT a.id, a.name, a.role, a.banned, a.wallet,"
                                + " ARRAY(SELECT g.group_name FROM account_groups g WHERE g.account_id = a.id) AS groups"
                                + " FROM accounts a WHERE a.id = $1")
                .execute(Tuple.of(accountId))
                .map(
                        rows -> {
                            if (rows.size() == 0) {
                                throw ApiProblem.notFound("account " + accountId);
                            }
                            Row row = rows.iterator().next();
                            return AccountView.of(TokenAuth.toCaller(row));
                        });
    }

    /** The caller as an account view. */
    public static AccountView view(Caller caller) {
        return AccountView.of(caller);
    }
}
