package dev.jury.api.http;

import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, written to the client as an RFC 9457 {@code application/problem+json}
 * body. Throw it (or fail a future with it) anywhere in a handler; {@link ProblemHandler} writes
 * it. Nothing was changed when one is thrown before a transaction commits.
 */
public final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final transient Map<String, Object> extensions;

    private ApiProblem(
            int status, String type, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.extensions = extensions;
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** A short, stable slug naming the kind of problem; the {@code type} URI ends with it. */
    public String type() {
        return type;
    }

    /** Human-readable summary of the kind of problem. */
    public String title() {
        return title;
    }

    /** What went wrong with this request, for a person to read. */
    public String detail() {
        return getMessage();
    }

    /** Extra members of the problem body (e.g. {@code errors}). */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** A problem with a status, slug, title and detail. */
    public static ApiProblem of(int status, String type, String title, String detail) {
        return new ApiProblem(status, type, title, detail, Map.of());
    }

    /** The same problem with an extra member in its body. */
    public ApiProblem with(String member, Object value) {
        var copy = new java.util.LinkedHashMap<>(extensions);
        copy.put(member, value);
        return new ApiProblem(status, type, title, detail(), Map.copyOf(copy));
    }

    /** 400: the body is not the JSON this endpoint takes. */
    public static ApiProblem badRequest(String detail) {
        return of(400, "bad-request", "Malformed request", detail);
    }

    /** 422: well-formed, but a value breaks a rule; {@code errors} lists each. */
    public static ApiProblem invalid(String detail, List<String> errors) {
        return of(422, "validation-failed", "Request failed validation", detail)
                .with("errors", List.copyOf(errors));
    }

    /** 401: no usable credentials. */
    public static ApiProblem unauthenticated(String detail) {
        return of(401, "unauthenticated", "Authentication required", detail);
    }

    /** 403: authenticated, but not allowed. */
    public static ApiProblem forbidden(String detail) {
        return of(403, "forbidden", "Not allowed", detail);
    }

    /** 404: the thing does not exist, or the caller may not know it exists. */
    public static ApiProblem notFound(String what) {
        return of(404, "not-found", "Not found", what + " does not exist");
    }

    /** 409: the request conflicts with the current state. */
    public static ApiProblem conflict(String type, String detail) {
        return of(409, type, "Conflict with the current state", detail);
    }

    /** 413: the body is too large. */
    public static ApiProblem tooLarge(long limit) {
        return of(
                413,
                "payload-too-large",
                "Request body too large",
                "the body exceeds the limit of " + limit + " bytes for this endpoint");
    }

    /** 429: the caller's token is over its rate. */
    public static ApiProblem rateLimited(long retryAfterSeconds) {
        return of(
                        429,
                        "rate-limited",
                        "Too many requests",
                        "this token is over its request rate; retry after "
                                + retryAfterSeconds
                                + " s")
                .with("retryAfterSeconds", retryAfterSeconds);
    }
}
