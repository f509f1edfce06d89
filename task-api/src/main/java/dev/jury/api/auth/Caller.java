package dev.jury.api.auth;

import dev.jury.api.http.ApiProblem;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The authenticated account behind a request.
 *
 * @param accountId account id
 * @param name display name
 * @param role role
 * @param banned whether a moderator banned the account (it may still read, not work)
 * @param wallet bound payout address, or null
 * @param groups contributor groups the account belongs to
 */
public record Caller(
        long accountId,
        String name,
        Role role,
        boolean banned,
        String wallet,
        List<String> groups) {

    static final String CONTEXT_KEY = "jury.caller";

    /** The caller of a request that passed {@link TokenAuth}. */
    public static Caller of(RoutingContext ctx) {
        Caller caller = ctx.get(CONTEXT_KEY);
        if (caller == null) {
            throw ApiProblem.unauthenticated("a bearer token is required");
        }
        return caller;
    }

    /** Whether the caller has one of the roles. Admins pass every check. */
    public boolean is(Role... roles) {
        if (role == Role.ADMIN) {
            return true;
        }
        for (Role r : roles) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses the request unless the caller has one of the roles.
     *
     * @throws ApiProblem 403 naming the roles allowed
     */
    public Caller require(Role... roles) {
        if (!is(roles)) {
            throw ApiProblem.forbidden(
                    "this needs the role "
                            + java.util.Arrays.stream(roles)
                                    .map(Role::dbName)
                                    .collect(java.util.stream.Collectors.joining(" or "))
                            + "; the token is a "
                            + role.dbName()
                            + "'s");
        }
        return this;
    }

    /** The account id as the string events carry. */
    public String idString() {
        return Long.toString(accountId);
    }
}
