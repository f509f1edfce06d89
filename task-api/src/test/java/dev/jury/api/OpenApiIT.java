package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the mounted routes agree. Routes are discovered by walking the router
 * the API really serves (and its {@code /api/v1} sub-router), so a route added anywhere, by any
 * feature, must be documented, and a documented path must exist.
 */
class OpenApiIT {

    private static final Set<String> DOC_METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    static ApiHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    @DisplayName("the document is served without a token, as JSON")
    void servedPublicly() {
        var r = harness.get("/api/v1/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("openapi").asText()).startsWith("3.");
    }

    @Test
    @DisplayName("every mounted route is documented and every documented operation is mounted")
    void documentMatchesRoutes() throws Exception {
        Set<String> mounted = new TreeSet<>();
        List<String> uncheckable = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            Router router = new ApiVerticle(harness.api.services()).router(vertx);
            collect(router, "", mounted, uncheckable);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        Set<String> documented = new TreeSet<>();
        JsonNode paths = harness.get("/api/v1/openapi.json", null).json().get("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            for (Iterator<String> ops = paths.get(path).fieldNames(); ops.hasNext(); ) {
                String op = ops.next();
                if (DOC_METHODS.contains(op)) {
                    documented.add(op.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        Set<String> undocumented = new TreeSet<>(mounted);
        undocumented.removeAll(documented);
        Set<String> unmounted = new TreeSet<>(documented);
        unmounted.removeAll(mounted);
        assertThat(mounted).as("routes found").hasSizeGreaterThan(10);
        assertThat(uncheckable)
                .as("routes whose path cannot be compared with the document")
                .isEmpty();
        assertThat(undocumented)
                .as(
                        "mounted but missing from task-api/src/main/resources/api/openapi.json: %s;"
                                + " documented but not mounted: %s",
                        undocumented, unmounted)
                .isEmpty();
        assertThat(unmounted)
                .as("documented in openapi.json but no route serves them: %s", unmounted)
                .isEmpty();
    }

    /** Adds "METHOD /path/{param}" for each route with a path, recursing into sub-routers. */
    private static void collect(
            Router router, String prefix, Set<String> out, List<String> uncheckable) {
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            // Vert.x keeps the declared path of a route with :params (matching it by a regex it
            // derives); only a route declared by a regex has no path to compare.
            if (route.isRegexPath() && path == null) {
                uncheckable.add(prefix + " regex route " + route);
                continue;
            }
            if (route.getSubRouter() != null) {
                String mount = path == null ? "" : path.replaceAll("\\*$", "").replaceAll("/$", "");
                collect(route.getSubRouter(), prefix + mount, out, uncheckable);
                continue;
            }
            if (path == null) {
                continue; // Handlers for every request: body reading, auth, failure, 404.
            }
            String documentedPath = prefix + path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                out.add("ANY " + documentedPath);
            } else {
                methods.forEach(m -> out.add(m.name() + " " + documentedPath));
            }
        }
    }
}
