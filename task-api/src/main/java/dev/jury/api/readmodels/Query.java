package dev.jury.api.readmodels;

import dev.jury.api.http.ApiProblem;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Query parameters and stored JSON of the read-model routes, checked: bad input is a 400. */
final class Query {

    private Query() {}

    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(
                    name
                            + " must be an integer from "
                            + min
                            + " to "
                            + max
                            + ", got '"
                            + raw
                            + "'");
        }
    }

    static double probabilityParam(RoutingContext ctx, String name, double fallback) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(raw.trim());
            if (!(value >= 0 && value <= 1)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name + " must be a number from 0 to 1, got '" + raw + "'");
        }
    }

    /** An optional positive id from the query string, or 0 when absent. */
    static long idParam(RoutingContext ctx, String name) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        if (raw.length() > 18 || !raw.chars().allMatch(Character::isDigit)) {
            throw ApiProblem.badRequest(name + " must be a positive integer id");
        }
        long id = Long.parseLong(raw);
        if (id <= 0) {
            throw ApiProblem.badRequest(name + " must be a positive integer id");
        }
        return id;
    }

    /** A time as epoch milliseconds or an ISO-8601 instant; 0 when absent. */
    static long timeParam(RoutingContext ctx, String name) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        String value = raw.trim();
        try {
            if (value.chars().allMatch(Character::isDigit) && value.length() <= 15) {
                return Long.parseLong(value);
            }
            return Instant.parse(value).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiProblem.badRequest(
                    name + " must be epoch milliseconds or an ISO-8601 instant, got '" + raw + "'");
        }
    }

    static String time(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
