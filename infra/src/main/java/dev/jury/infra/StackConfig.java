package dev.jury.infra;

import dev.jury.api.ApiConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack keeps its data and which parts it starts itself, read once from {@code
 * JURY_*} environment variables.
 *
 * @param home the one directory holding all data ({@code JURY_HOME}, default {@code ./data})
 * @param httpPort the task API's port ({@code JURY_HTTP_PORT}, 8080)
 * @param postgresPort the embedded PostgreSQL's port ({@code JURY_PG_PORT}, 15432)
 * @param kafkaPort the embedded Kafka's port ({@code JURY_KAFKA_PORT}, 19092)
 * @param flinkRestPort the Flink MiniCluster's REST port ({@code JURY_FLINK_REST_PORT}, 8081)
 * @param externalDatabase an external PostgreSQL ({@code JURY_DB_URL}), or null to embed one
 * @param externalKafka external Kafka bootstrap servers ({@code JURY_KAFKA_BOOTSTRAP}), or null
 */
public record StackConfig(
        Path home,
        int httpPort,
        int postgresPort,
        int kafkaPort,
        int flinkRestPort,
        ApiConfig.Database externalDatabase,
        String externalKafka) {

    /** Reads the configuration; names the variable that is malformed. */
    public static StackConfig fromEnvironment(Map<String, String> env) {
        String dbUrl = env.get("JURY_DB_URL");
        String kafka = env.get("JURY_KAFKA_BOOTSTRAP");
        return new StackConfig(
                Path.of(env.getOrDefault("JURY_HOME", "data")).toAbsolutePath(),
                port(env, "JURY_HTTP_PORT", 8080),
                port(env, "JURY_PG_PORT", 15432),
                port(env, "JURY_KAFKA_PORT", 19092),
                port(env, "JURY_FLINK_REST_PORT", 8081),
                dbUrl == null || dbUrl.isBlank() ? null : ApiConfig.Database.parse(dbUrl),
                kafka == null || kafka.isBlank() ? null : kafka.trim());
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " must be a port number, got '" + value + "'");
        }
    }
}
