package dev.jury.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the browser UI (the reviewer-ui module) at {@code /}: its built files from the classpath
 * folder {@value #CLASSPATH_FOLDER}, or from a directory when {@value #DIR_VARIABLE} names one
 * (handy while working on the UI). Mounted after the API routes and before the catch-all 404, so a
 * missing file still gets the API's problem body.
 */
public final class StaticUi {

    /** Where the reviewer-ui jar puts the built app. */
    public static final String CLASSPATH_FOLDER = "jury-ui";

    /** Environment variable: serve the UI from this directory instead of the classpath. */
    public static final String DIR_VARIABLE = "JURY_UI_DIR";

    /** Vite names assets after their content hash, so they never change under one name. */
    private static final long ASSET_MAX_AGE_SECONDS = 365L * 24 * 3600;

    /**
     * Same policy as the page's own meta tag; sent as a header too so it also covers responses the
     * meta tag cannot (framing).
     */
    private static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Path directory;

    /**
     * @param directory the UI's directory, or null to serve from the classpath
     */
    public StaticUi(Path directory) {
        this.directory = directory;
    }

    /** The UI directory named by {@value #DIR_VARIABLE}, or null for the classpath. */
    public static Path directoryFrom(Map<String, String> env) {
        String dir = env.get(DIR_VARIABLE);
        return dir == null || dir.isBlank() ? null : Path.of(dir.trim()).toAbsolutePath();
    }

    /**
     * Adds one path-less GET route to the root router (path-less, so the OpenAPI route check does
     * not take the UI's files for API routes).
     */
    public void mount(Router router) {
        StaticHandler assets = handler().setMaxAgeSeconds(ASSET_MAX_AGE_SECONDS);
        // index.html names the current asset hashes: it is always revalidated.
        StaticHandler pages = handler().setCachingEnabled(false);
        router.get()
                .handler(
                        ctx -> {
                            boolean asset = ctx.normalizedPath().startsWith("/assets/");
                            ctx.response()
                                    .putHeader("X-Content-Type-Options", "nosniff")
                                    .putHeader("Content-Security-Policy", CSP)
                                    .putHeader("Referrer-Policy", "no-referrer");
                            if (asset) {
                                assets.handle(ctx);
                            } else {
                                ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                                pages.handle(ctx);
                            }
                        });
    }

    private StaticHandler handler() {
        return directory == null
                ? StaticHandler.create(CLASSPATH_FOLDER)
                : StaticHandler.create(FileSystemAccess.ROOT, directory.toString());
    }
}
