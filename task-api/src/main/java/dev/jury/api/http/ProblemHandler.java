package dev.jury.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an {@code application/problem+json} response: {@link ApiProblem}s as
 * they are, Vert.x's own HTTP errors (unknown route, body too large) by status, and anything else
 * as a 500 that is logged but does not leak its message.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

    /** Base of every problem {@code type} URI. */
    public static final String TYPE_BASE = "https://jury.dev/problems/";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Override
    public void handle(RoutingContext ctx) {
        ApiProblem problem = toProblem(ctx);
        write(ctx.response(), problem, ctx.request().path());
    }

    /** Maps the failure (or failed status code) of a routing context to a problem. */
    static ApiProblem toProblem(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiProblem problem) {
            return problem;
        }
        int status = ctx.statusCode();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        }
        if (failure instanceof io.vertx.core.http.HttpClosedException) {
            return ApiProblem.badRequest("the connection closed before the request was read");
        }
        return switch (status) {
            case 400 -> ApiProblem.badRequest("the request could not be read");
            case 401 -> ApiProblem.unauthenticated("a bearer token is required");
            case 404 -> ApiProblem.of(404, "not-found", "Not found", "no such endpoint");
            case 405 ->
                    ApiProblem.of(
                            405,
                            "method-not-allowed",
                            "Method not allowed",
                            "this endpoint does not take that method");
            case 413 -> ApiProblem.of(413, "payload-too-large", "Request body too large", "");
            case 415 ->
                    ApiProblem.of(
                            415,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "this endpoint does not take that content type");
            default -> {
                if (status >= 400 && status < 500) {
                    yield ApiProblem.of(status, "client-error", "Client error", "");
                }
                LOG.error(
                        "unhandled failure on {} {}",
                        ctx.request().method(),
                        ctx.request().path(),
                        failure);
                yield ApiProblem.of(
                        500, "internal", "Internal error", "the server failed; it has been logged");
            }
        };
    }

    /** Writes a problem unless the response has already started. */
    public static void write(HttpServerResponse response, ApiProblem problem, String instance) {
        if (response.headWritten() || response.closed()) {
            if (!response.closed()) {
                response.reset();
            }
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        if (problem.detail() != null && !problem.detail().isEmpty()) {
            body.put("detail", problem.detail());
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(problem.extensions());
        if (problem.status() == 429 && problem.extensions().get("retryAfterSeconds") != null) {
            response.putHeader(
                    "Retry-After", String.valueOf(problem.extensions().get("retryAfterSeconds")));
        }
        try {
            response.setStatusCode(problem.status())
                    .putHeader("Content-Type", "application/problem+json")
                    .end(io.vertx.core.buffer.Buffer.buffer(JSON.writeValueAsBytes(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }
}
