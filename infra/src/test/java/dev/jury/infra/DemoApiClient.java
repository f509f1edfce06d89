package dev.jury.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The task API of a running demo stack as its users see it, for the ITs that start one: leases the
 * seeded sample project's reviews and labels them correctly, reads JSON back.
 */
public final class DemoApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REVIEW = Pattern.compile("\\(review (\\d+)\\)");

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param base the API's base URL, {@code http://127.0.0.1:<port>}
     */
    public DemoApiClient(String base) {
        this.base = base;
    }

    /**
     * The seeded accounts' tokens and the sample project's id ({@code project}), as the demo keeps
     * them in its data directory (what {@code ./jury replay} reads too).
     */
    public static Properties seededTokens(Path home) throws IOException {
        Properties saved = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("demo-tokens.properties"))) {
            saved.load(in);
        }
        return saved;
    }

    /**
     * Leases the next item and answers it correctly (the seeded reviews alternate by number).
     *
     * @return false if the contributor has nothing left to label (204)
     */
    public boolean labelOne(String project, String token) throws Exception {
        HttpResponse<String> next =
                raw("POST", "/api/v1/projects/" + project + "/next", token, null);
        if (next.statusCode() == 204) {
            return false;
        }
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        Matcher m = REVIEW.matcher(next.body());
        assertThat(m.find()).as(next.body()).isTrue();
        String label = Integer.parseInt(m.group(1)) % 2 == 1 ? "positive" : "negative";
        String lease = JSON.readTree(next.body()).get("leaseId").asText();
        HttpResponse<String> submitted =
                raw(
                        "POST",
                        "/api/v1/projects/" + project + "/labels",
                        token,
                        "{\"leaseId\":\"" + lease + "\",\"label\":{\"choice\":\"" + label + "\"}}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        return true;
    }

    /** Sends a request that must succeed (2xx) and returns its JSON body. */
    public JsonNode send(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = raw(method, path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return JSON.readTree(r.body());
    }

    /** Sends a request and returns the response, whatever its status. */
    public HttpResponse<String> raw(String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
