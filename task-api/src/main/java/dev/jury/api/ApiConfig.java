package dev.jury.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the task API reads from its environment, parsed and checked once at start-up.
 *
 * <p>{@link #fromEnvironment(Map)} reads {@code JURY_*} variables; tests start from {@link
 * #defaults} and override components with {@link #toBuilder()} or the {@code with} methods.
 *
 * @param httpHost address the HTTP server binds; loopback unless an operator opens it
 * @param httpPort port, 0 for any free port
 * @param database where PostgreSQL is
 * @param kafkaBootstrap Kafka bootstrap servers, or null to keep events in the outbox until one is
 *     configured (nothing is lost; the relay simply does not run)
 * @param dataDir directory for this instance's local state (the Lucene index)
 * @param adminToken a token that acts as the built-in admin account, or null for none
 * @param eventLoops HTTP verticle instances, one per event loop
 * @param bodyLimitBytes largest JSON request body accepted
 * @param importLimitBytes largest item upload accepted
 * @param requestsPerSecond sustained requests per second allowed per token (burst twice that)
 * @param relayInterval how often the outbox relay looks for work when nothing woke it
 */
public record ApiConfig(
        String httpHost,
        int httpPort,
        Database database,
        String kafkaBootstrap,
        Path dataDir,
        String adminToken,
        int eventLoops,
        long bodyLimitBytes,
        long importLimitBytes,
        int requestsPerSecond,
        Duration relayInterval) {

    /** Loopback: nothing is exposed beyond this machine unless the operator says so. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public ApiConfig {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(relayInterval, "relayInterval");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort out of range: " + httpPort);
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be at least 1: " + eventLoops);
        }
        if (bodyLimitBytes < 1024 || importLimitBytes < bodyLimitBytes) {
            throw new IllegalArgumentException(
                    "need 1024 <= bodyLimitBytes <= importLimitBytes, got "
                            + bodyLimitBytes
                            + ", "
                            + importLimitBytes);
        }
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException(
                    "requestsPerSecond must be at least 1: " + requestsPerSecond);
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new IllegalArgumentException("adminToken must have at least 16 characters");
        }
    }

    /**
     * A configuration with the defaults for everything but the database and data directory.
     *
     * @param database the database
     * @param dataDir local state directory
     * @return the configuration
     */
    public static ApiConfig defaults(Database database, Path dataDir) {
        return new ApiConfig(
                DEFAULT_HOST,
                8080,
                database,
                null,
                dataDir,
                null,
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                1 << 20,
                4L << 30,
                500,
                Duration.ofMillis(100));
    }

    /** Copy with another HTTP port. */
    public ApiConfig withHttpPort(int port) {
        return toBuilder().httpPort(port).build();
    }

    /** Copy with Kafka bootstrap servers (null: no relay). */
    public ApiConfig withKafka(String bootstrap) {
        return toBuilder().kafkaBootstrap(bootstrap).build();
    }

    /** Copy with the built-in admin token. */
    public ApiConfig withAdminToken(String token) {
        return toBuilder().adminToken(token).build();
    }

    /** Copy with another per-token request rate. */
    public ApiConfig withRequestsPerSecond(int rate) {
        return toBuilder().requestsPerSecond(rate).build();
    }

    /** Copy with other request size limits. */
    public ApiConfig withBodyLimits(long bodyLimit, long importLimit) {
        return toBuilder().bodyLimitBytes(bodyLimit).importLimitBytes(importLimit).build();
    }

    /**
     * A builder that starts from this configuration, to override some components.
     *
     * @return a new builder, never null
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Overrides components of an existing configuration ({@link #toBuilder()}); {@link #build()}
     * validates the result as the record's constructor does. One setter per component, named after
     * it.
     */
    public static final class Builder {
        private String httpHost;
        private int httpPort;
        private Database database;
        private String kafkaBootstrap;
        private Path dataDir;
        private String adminToken;
        private int eventLoops;
        private long bodyLimitBytes;
        private long importLimitBytes;
        private int requestsPerSecond;
        private Duration relayInterval;

        private Builder(ApiConfig from) {
            httpHost = from.httpHost;
            httpPort = from.httpPort;
            database = from.database;
            kafkaBootstrap = from.kafkaBootstrap;
            dataDir = from.dataDir;
            adminToken = from.adminToken;
            eventLoops = from.eventLoops;
            bodyLimitBytes = from.bodyLimitBytes;
            importLimitBytes = from.importLimitBytes;
            requestsPerSecond = from.requestsPerSecond;
            relayInterval = from.relayInterval;
        }

        public Builder httpHost(String value) {
            httpHost = value;
            return this;
        }

        public Builder httpPort(int value) {
            httpPort = value;
            return this;
        }

        public Builder database(Database value) {
            database = value;
            return this;
        }

        public Builder kafkaBootstrap(String value) {
            kafkaBootstrap = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder adminToken(String value) {
            adminToken = value;
            return this;
        }

        public Builder eventLoops(int value) {
            eventLoops = value;
            return this;
        }

        public Builder bodyLimitBytes(long value) {
            bodyLimitBytes = value;
            return this;
        }

        public Builder importLimitBytes(long value) {
            importLimitBytes = value;
            return this;
        }

        public Builder requestsPerSecond(int value) {
            requestsPerSecond = value;
            return this;
        }

        public Builder relayInterval(Duration value) {
            relayInterval = value;
            return this;
        }

        /**
         * @return the configuration, never null
         * @throws IllegalArgumentException if a component is out of range
         */
        public ApiConfig build() {
            return new ApiConfig(
                    httpHost,
                    httpPort,
                    database,
                    kafkaBootstrap,
                    dataDir,
                    adminToken,
                    eventLoops,
                    bodyLimitBytes,
                    importLimitBytes,
                    requestsPerSecond,
                    relayInterval);
        }
    }

    /**
     * Reads the configuration from environment variables.
     *
     * <ul>
     *   <li>{@code JURY_DB_URL} (required): {@code postgresql://user:password@host:port/database}
     *   <li>{@code JURY_HTTP_HOST} (127.0.0.1), {@code JURY_HTTP_PORT} (8080)
     *   <li>{@code JURY_KAFKA_BOOTSTRAP} (none: events wait in the outbox)
     *   <li>{@code JURY_DATA_DIR} ({@code ./data/api})
     *   <li>{@code JURY_ADMIN_TOKEN} (none)
     *   <li>{@code JURY_EVENT_LOOPS} (processors), {@code JURY_RATE_LIMIT} (500 requests/s a token)
     * </ul>
     *
     * @param env the environment, usually {@link System#getenv()}
     * @return the configuration
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static ApiConfig fromEnvironment(Map<String, String> env) {
        String url = env.get("JURY_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "JURY_DB_URL is required, e.g. postgresql://jury:secret@127.0.0.1:5432/jury");
        }
        ApiConfig base =
                defaults(
                        Database.parse(url),
                        Path.of(env.getOrDefault("JURY_DATA_DIR", "data/api")).toAbsolutePath());
        return base.toBuilder()
                .httpHost(env.getOrDefault("JURY_HTTP_HOST", DEFAULT_HOST))
                .httpPort(intVar(env, "JURY_HTTP_PORT", base.httpPort()))
                .kafkaBootstrap(blankToNull(env.get("JURY_KAFKA_BOOTSTRAP")))
                .adminToken(blankToNull(env.get("JURY_ADMIN_TOKEN")))
                .eventLoops(intVar(env, "JURY_EVENT_LOOPS", base.eventLoops()))
                .requestsPerSecond(intVar(env, "JURY_RATE_LIMIT", base.requestsPerSecond()))
                .build();
    }

    private static int intVar(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * PostgreSQL coordinates.
     *
     * @param host host name or address
     * @param port port
     * @param name database name
     * @param user user
     * @param password password, may be empty under trust authentication
     */
    public record Database(String host, int port, String name, String user, String password) {

        public Database {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(user, "user");
            password = password == null ? "" : password;
        }

        /** The JDBC URL Flyway migrates through. */
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        /**
         * Parses {@code postgresql://user:password@host:port/database} (also {@code postgres://}
         * and {@code jdbc:postgresql://}).
         *
         * @param url the URL
         * @return the coordinates
         */
        public static Database parse(String url) {
            String plain = url.trim().replaceFirst("^jdbc:", "");
            URI uri = URI.create(plain);
            if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
                throw new IllegalArgumentException(
                        "database URL must start with postgresql://, got '" + url + "'");
            }
            String userInfo = uri.getUserInfo();
            String user = "postgres";
            String password = "";
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                password = colon < 0 ? "" : userInfo.substring(colon + 1);
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (uri.getHost() == null || path.isEmpty()) {
                throw new IllegalArgumentException(
                        "database URL needs a host and a database name: '" + url + "'");
            }
            return new Database(
                    uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, user, password);
        }
    }
}
