package dev.jury.api.openapi;

import dev.jury.api.ApiVerticle;
import dev.jury.api.signin.SignInRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI document, {@code GET /api/v1/openapi.json}, without a token: clients and
 * generators read it before they have one. The document is read from the classpath once.
 */
public final class OpenApiRoutes implements ApiVerticle.ExtraRoutes {

    /** Where the document lives on the classpath. */
    public static final String RESOURCE = "/api/openapi.json";

    private final Buffer document;

    public OpenApiRoutes() {
        this.document = load();
    }

    /** The document's bytes. */
    public static Buffer load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void mount(Vertx vertx, Router api) {
        api.get("/openapi.json")
                .order(SignInRoutes.PUBLIC_ORDER)
                .handler(
                        ctx ->
                                ctx.response()
                                        .putHeader("Content-Type", "application/json")
                                        .putHeader("Cache-Control", "public, max-age=300")
                                        .end(document));
    }
}
