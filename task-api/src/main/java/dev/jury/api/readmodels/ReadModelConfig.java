package dev.jury.api.readmodels;

import java.util.Map;
import java.util.Objects;

/**
 * How the API consumes the stream jobs' and rewards' topics into its read-model tables.
 *
 * @param groupId the Kafka consumer group of the table consumer. Every API instance of one
 *     deployment uses the same group, so each event is applied by exactly one of them (the tables
 *     are shared in PostgreSQL); default {@value #DEFAULT_GROUP}
 * @param startFromLatest where a group without committed offsets starts: false (the default) reads
 *     each topic from its beginning, so a new deployment builds its tables from the whole history;
 *     true skips what was published before, which tests use to stay isolated on a shared broker
 */
public record ReadModelConfig(String groupId, boolean startFromLatest) {

    /** The table consumer's group unless {@code JURY_READ_MODEL_GROUP} says otherwise. */
    public static final String DEFAULT_GROUP = "jury-task-api";

    public ReadModelConfig {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("the read-model consumer group must not be blank");
        }
    }

    /** The group {@value #DEFAULT_GROUP}, reading history from the beginning. */
    public static ReadModelConfig defaults() {
        return new ReadModelConfig(DEFAULT_GROUP, false);
    }

    /**
     * Reads {@code JURY_READ_MODEL_GROUP} (default {@value #DEFAULT_GROUP}).
     *
     * @param env the environment, usually {@link System#getenv()}
     * @return the configuration
     */
    public static ReadModelConfig fromEnvironment(Map<String, String> env) {
        String group = env.get("JURY_READ_MODEL_GROUP");
        return new ReadModelConfig(
                group == null || group.isBlank() ? DEFAULT_GROUP : group.trim(), false);
    }
}
