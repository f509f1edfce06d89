package dev.jury.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * JSON in and out of handlers. Requests are read strictly: an unknown field, a wrong type or
 * trailing garbage is a 400 naming the field, because a typo in a request must not be silently
 * dropped.
 */
public final class Json {

    /** Strict reader and plain writer for API bodies. */
    public static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .build();

    private Json() {}

    /**
     * Reads the request body as {@code type}.
     *
     * @throws ApiProblem 400 if the body is missing, malformed or has unknown fields; 422 if a
     *     record constructor rejects a value
     */
    public static <T> T body(RoutingContext ctx, Class<T> type) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiProblem.badRequest("a JSON body is required");
        }
        return read(body.getBytes(), type);
    }

    /** Reads bytes as {@code type} with the same errors as {@link #body}. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badRequest("unknown field '" + e.getPropertyName() + "'");
        } catch (InvalidFormatException e) {
            throw ApiProblem.badRequest(
                    "field '" + path(e) + "' has the wrong type or format: " + e.getValue());
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw ApiProblem.invalid(iae.getMessage(), java.util.List.of(iae.getMessage()));
            }
            throw ApiProblem.badRequest(
                    field.isEmpty()
                            ? "the body is not the expected JSON object"
                            : "field '" + field + "' is missing or has the wrong type");
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw ApiProblem.invalid(iae.getMessage(), java.util.List.of(iae.getMessage()));
            }
            throw ApiProblem.badRequest("the body is not valid: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.badRequest("unreadable body");
        }
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /**
     * Reads JSON this service stored itself (a jsonb column read as text) for a response.
     *
     * @param stored the JSON text, or null
     * @return the tree, or null for null
     * @throws IllegalStateException if the stored text is not JSON: a fault of ours, not the
     *     client's
     */
    public static JsonNode stored(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return MAPPER.readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is invalid", e);
        }
    }

    /** Serialises a value. */
    public static Buffer encode(Object value) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }

    /** Ends the response with {@code status} and a JSON body. */
    public static void reply(RoutingContext ctx, int status, Object value) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(encode(value));
    }
}
