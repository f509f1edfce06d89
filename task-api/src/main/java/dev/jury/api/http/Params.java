package dev.jury.api.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Path parameters, checked: an id that is not a number is a 400, never a query fragment. */
public final class Params {

    private Params() {}

    /** A positive numeric id from the path. */
    public static long id(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        if (raw == null
                || raw.isEmpty()
                || raw.length() > 18
                || !raw.chars().allMatch(Character::isDigit)) {
            throw ApiProblem.badRequest(name + " must be a positive integer id");
        }
        long id = Long.parseLong(raw);
        if (id <= 0) {
            throw ApiProblem.badRequest(name + " must be a positive integer id");
        }
        return id;
    }

    /** A UUID from the path. */
    public static UUID uuid(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            if (raw == null || raw.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(name + " must be a UUID");
        }
    }
}
