package dev.jury.stream;

import dev.jury.consensus.online.StoppingRule;
import dev.jury.events.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * Everything the stream jobs are configured with, parsed once in {@code main} and handed to
 * constructors. Each key is documented where it is defined ({@link #OPTIONS}); {@code --help}
 * prints them. Tests start from {@link #defaults(String)} and override with {@link #toBuilder()} or
 * the {@code with} methods.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param labelsTopic input topic of {@code LabelSubmitted}
 * @param itemsResolvedTopic output topic of {@code ItemResolved}
 * @param reputationTopic output topic of {@code ReputationUpdated}
 * @param metricsTopic output topic of {@code ProjectMetrics}
 * @param groupId Kafka consumer group of the source (offsets are committed on checkpoints, for
 *     monitoring only; Flink restores from its own checkpointed offsets)
 * @param transactionalIdPrefix prefix of the sinks' Kafka transactional ids; unique per deployment
 * @param transactionTimeout Kafka {@code transaction.timeout.ms} of the sinks
 * @param checkpointInterval how often state is checkpointed and output transactions committed
 * @param checkpointDir checkpoint storage URI, or null to keep checkpoints in JobManager memory
 * @param parallelism default operator parallelism
 * @param maxRestarts restarts after a failure before the job fails for good
 * @param stoppingRule when an item is resolved
 * @param skepticism doubt passed to the cautious confidence the stopping rule reads
 * @param resolvedRetention how long a resolved item is remembered, to recognise late labels
 * @param metricsWindow length of the tumbling event-time windows of project metrics
 * @param reputationEmitInterval how often, at most, a contributor's changed reputation is emitted
 * @param maxOutOfOrderness how late a label may arrive (event time) and still count in its window
 * @param sourceIdleness after how long without input a source partition stops holding back the
 *     watermark
 * @param boundedInput stop at the input's current end instead of running forever (tests, replays)
 * @param restPort REST port of the local MiniCluster
 * @param blobPort blob server port of the local MiniCluster
 */
public record StreamJobsConfig(
        String bootstrapServers,
        String labelsTopic,
        String itemsResolvedTopic,
        String reputationTopic,
        String metricsTopic,
        String groupId,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Duration checkpointInterval,
        String checkpointDir,
        int parallelism,
        int maxRestarts,
        StoppingRule stoppingRule,
        double skepticism,
        Duration resolvedRetention,
        Duration metricsWindow,
        Duration reputationEmitInterval,
        Duration maxOutOfOrderness,
        Duration sourceIdleness,
        boolean boundedInput,
        int restPort,
        int blobPort) {

    /** One configuration key: its name, default (null if required) and meaning. */
    public record Option(String key, String defaultValue, String doc) {}

    /** Every key, with its default and documentation. */
    public static final List<Option> OPTIONS =
            List.of(
                    new Option(
                            "kafka.bootstrap", null, "Kafka bootstrap servers, host:port[,...]."),
                    new Option("topic.labels", Topics.LABELS_SUBMITTED, "Input: LabelSubmitted."),
                    new Option(
                            "topic.items-resolved", Topics.ITEMS_RESOLVED, "Output: ItemResolved."),
                    new Option(
                            "topic.reputation",
                            Topics.REPUTATION_UPDATED,
                            "Output: ReputationUpdated."),
                    new Option("topic.metrics", Topics.PROJECT_METRICS, "Output: ProjectMetrics."),
                    new Option(
                            "kafka.group-id", "jury-stream-jobs", "Consumer group of the source."),
                    new Option(
                            "kafka.transactional-id-prefix",
                            "jury-stream",
                            "Prefix of the sinks' transactional ids; unique per deployment, or two"
                                    + " deployments fence each other's transactions."),
                    new Option(
                            "kafka.transaction-timeout",
                            "PT5M",
                            "transaction.timeout.ms of the sinks (ISO-8601 duration). Must stay"
                                    + " below the broker's transaction.max.timeout.ms (15 min by"
                                    + " default) and well above the checkpoint interval plus a"
                                    + " restart, or a transaction pending across a restart is"
                                    + " aborted by the broker and its output lost."),
                    new Option(
                            "checkpoint.interval",
                            "PT10S",
                            "Checkpoint interval; also the latency of committed output."),
                    new Option(
                            "checkpoint.dir",
                            "",
                            "Checkpoint storage URI (file:///...); empty keeps checkpoints in"
                                    + " memory, which survive task failures but not the process."),
                    new Option("parallelism", "1", "Default operator parallelism."),
                    new Option(
                            "restart.max-attempts",
                            "3",
                            "Restarts after failures before the job fails for good."),
                    new Option(
                            "consensus.min-labels",
                            String.valueOf(StoppingRule.defaults().minLabels()),
                            "Labels every item gets before it may resolve."),
                    new Option(
                            "consensus.max-labels",
                            String.valueOf(StoppingRule.defaults().maxLabels()),
                            "Labels after which an item is EXHAUSTED."),
                    new Option(
                            "consensus.confidence",
                            String.valueOf(StoppingRule.defaults().confidence()),
                            "Cautious confidence that resolves an item."),
                    new Option(
                            "consensus.skepticism",
                            String.valueOf(StoppingRule.DEFAULT_SKEPTICISM),
                            "Doubt of the cautious confidence (see StoppingRule)."),
                    new Option(
                            "consensus.resolved-retention",
                            "P7D",
                            "How long resolved items are remembered to recognise late labels."),
                    new Option("metrics.window", "PT1M", "Project metrics window length."),
                    new Option(
                            "reputation.emit-interval",
                            "PT0.2S",
                            "At most one ReputationUpdated per contributor and project per interval"
                                    + " (processing time); keep it at or below"
                                    + " checkpoint.interval."),
                    new Option(
                            "metrics.max-out-of-orderness",
                            "PT10S",
                            "Watermark delay: how late (event time) a label may arrive."),
                    new Option(
                            "source.idleness",
                            "PT30S",
                            "A partition silent this long no longer holds the watermark back."),
                    new Option(
                            "source.bounded",
                            "false",
                            "Stop at the input's end offsets at start-up (tests and replays). A"
                                    + " bounded job cannot be resumed from a checkpoint or"
                                    + " savepoint: the restored Kafka source never learns that"
                                    + " no more input will come (flink-connector-kafka"
                                    + " 5.0.0-2.2), so it would never finish."),
                    new Option("local.rest-port", "8081", "REST port of the local MiniCluster."),
                    new Option(
                            "local.blob-port",
                            "6124",
                            "Blob server port of the local MiniCluster."));

    /** Validates what the record alone can check. */
    public StreamJobsConfig {
        requireText(bootstrapServers, "kafka.bootstrap");
        requireText(labelsTopic, "topic.labels");
        requireText(itemsResolvedTopic, "topic.items-resolved");
        requireText(reputationTopic, "topic.reputation");
        requireText(metricsTopic, "topic.metrics");
        requireText(groupId, "kafka.group-id");
        requireText(transactionalIdPrefix, "kafka.transactional-id-prefix");
        requirePositive(transactionTimeout, "kafka.transaction-timeout");
        requirePositive(checkpointInterval, "checkpoint.interval");
        if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
            throw new IllegalArgumentException(
                    "kafka.transaction-timeout must exceed checkpoint.interval");
        }
        checkpointDir = checkpointDir == null || checkpointDir.isBlank() ? null : checkpointDir;
        if (parallelism < 1 || maxRestarts < 0) {
            throw new IllegalArgumentException("parallelism >= 1 and restart.max-attempts >= 0");
        }
        Objects.requireNonNull(stoppingRule, "stoppingRule");
        if (!(skepticism >= 0)) {
            throw new IllegalArgumentException("consensus.skepticism must be >= 0");
        }
        requirePositive(resolvedRetention, "consensus.resolved-retention");
        requirePositive(metricsWindow, "metrics.window");
        requirePositive(reputationEmitInterval, "reputation.emit-interval");
        Objects.requireNonNull(maxOutOfOrderness, "metrics.max-out-of-orderness");
        requirePositive(sourceIdleness, "source.idleness");
    }

    /**
     * The documented defaults, with the given Kafka.
     *
     * @param bootstrapServers Kafka bootstrap servers
     * @return the configuration, never null
     */
    public static StreamJobsConfig defaults(String bootstrapServers) {
        return parse(Map.of("kafka.bootstrap", bootstrapServers));
    }

    /**
     * Parses {@code key=value} settings; keys not given take their defaults.
     *
     * @param settings the settings, e.g. from a properties file or {@code --key=value} arguments
     * @return the configuration, never null
     * @throws IllegalArgumentException naming the key, for an unknown key, a missing required one
     *     or a value that does not parse
     */
    public static StreamJobsConfig parse(Map<String, String> settings) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            values.put(o.key(), o.defaultValue());
        }
        settings.forEach(
                (k, v) -> {
                    if (!values.containsKey(k)) {
                        throw new IllegalArgumentException("unknown setting '" + k + "'");
                    }
                    values.put(k, v);
                });
        return new StreamJobsConfig(
                get(values, "kafka.bootstrap", Function.identity()),
                get(values, "topic.labels", Function.identity()),
                get(values, "topic.items-resolved", Function.identity()),
                get(values, "topic.reputation", Function.identity()),
                get(values, "topic.metrics", Function.identity()),
                get(values, "kafka.group-id", Function.identity()),
                get(values, "kafka.transactional-id-prefix", Function.identity()),
                get(values, "kafka.transaction-timeout", Duration::parse),
                get(values, "checkpoint.interval", Duration::parse),
                get(values, "checkpoint.dir", Function.identity()),
                get(values, "parallelism", Integer::parseInt),
                get(values, "restart.max-attempts", Integer::parseInt),
                new StoppingRule(
                        get(values, "consensus.min-labels", Integer::parseInt),
                        get(values, "consensus.max-labels", Integer::parseInt),
                        get(values, "consensus.confidence", Double::parseDouble)),
                get(values, "consensus.skepticism", Double::parseDouble),
                get(values, "consensus.resolved-retention", Duration::parse),
                get(values, "metrics.window", Duration::parse),
                get(values, "reputation.emit-interval", Duration::parse),
                get(values, "metrics.max-out-of-orderness", Duration::parse),
                get(values, "source.idleness", Duration::parse),
                get(values, "source.bounded", Boolean::parseBoolean),
                get(values, "local.rest-port", Integer::parseInt),
                get(values, "local.blob-port", Integer::parseInt));
    }

    /**
     * Parses {@code --key=value} arguments.
     *
     * @param args command-line arguments
     * @return the configuration, never null
     */
    public static StreamJobsConfig fromArgs(String... args) {
        Properties p = new Properties();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
            }
            p.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Map<String, String> map = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return parse(map);
    }

    /** This configuration with other ports for the local MiniCluster. */
    public StreamJobsConfig withLocalPorts(int restPort, int blobPort) {
        return toBuilder().restPort(restPort).blobPort(blobPort).build();
    }

    /** This configuration with other topics and a transactional id prefix (test isolation). */
    public StreamJobsConfig withTopics(
            String labels, String itemsResolved, String reputation, String metrics, String prefix) {
        return toBuilder()
                .labelsTopic(labels)
                .itemsResolvedTopic(itemsResolved)
                .reputationTopic(reputation)
                .metricsTopic(metrics)
                .groupId(prefix + "-group")
                .transactionalIdPrefix(prefix)
                .build();
    }

    /** This configuration with other checkpointing, restarts and input boundedness. */
    public StreamJobsConfig withRuntime(
            Duration checkpointInterval, String checkpointDir, int maxRestarts, boolean bounded) {
        return toBuilder()
                .checkpointInterval(checkpointInterval)
                .checkpointDir(checkpointDir)
                .maxRestarts(maxRestarts)
                .boundedInput(bounded)
                .build();
    }

    /** This configuration with another stopping rule. */
    public StreamJobsConfig withStoppingRule(StoppingRule rule) {
        return toBuilder().stoppingRule(rule).build();
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
        private String bootstrapServers;
        private String labelsTopic;
        private String itemsResolvedTopic;
        private String reputationTopic;
        private String metricsTopic;
        private String groupId;
        private String transactionalIdPrefix;
        private Duration transactionTimeout;
        private Duration checkpointInterval;
        private String checkpointDir;
        private int parallelism;
        private int maxRestarts;
        private StoppingRule stoppingRule;
        private double skepticism;
        private Duration resolvedRetention;
        private Duration metricsWindow;
        private Duration reputationEmitInterval;
        private Duration maxOutOfOrderness;
        private Duration sourceIdleness;
        private boolean boundedInput;
        private int restPort;
        private int blobPort;

        private Builder(StreamJobsConfig from) {
            bootstrapServers = from.bootstrapServers;
            labelsTopic = from.labelsTopic;
            itemsResolvedTopic = from.itemsResolvedTopic;
            reputationTopic = from.reputationTopic;
            metricsTopic = from.metricsTopic;
            groupId = from.groupId;
            transactionalIdPrefix = from.transactionalIdPrefix;
            transactionTimeout = from.transactionTimeout;
            checkpointInterval = from.checkpointInterval;
            checkpointDir = from.checkpointDir;
            parallelism = from.parallelism;
            maxRestarts = from.maxRestarts;
            stoppingRule = from.stoppingRule;
            skepticism = from.skepticism;
            resolvedRetention = from.resolvedRetention;
            metricsWindow = from.metricsWindow;
            reputationEmitInterval = from.reputationEmitInterval;
            maxOutOfOrderness = from.maxOutOfOrderness;
            sourceIdleness = from.sourceIdleness;
            boundedInput = from.boundedInput;
            restPort = from.restPort;
            blobPort = from.blobPort;
        }

        public Builder bootstrapServers(String value) {
            bootstrapServers = value;
            return this;
        }

        public Builder labelsTopic(String value) {
            labelsTopic = value;
            return this;
        }

        public Builder itemsResolvedTopic(String value) {
            itemsResolvedTopic = value;
            return this;
        }

        public Builder reputationTopic(String value) {
            reputationTopic = value;
            return this;
        }

        public Builder metricsTopic(String value) {
            metricsTopic = value;
            return this;
        }

        public Builder groupId(String value) {
            groupId = value;
            return this;
        }

        public Builder transactionalIdPrefix(String value) {
            transactionalIdPrefix = value;
            return this;
        }

        public Builder transactionTimeout(Duration value) {
            transactionTimeout = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        public Builder checkpointDir(String value) {
            checkpointDir = value;
            return this;
        }

        public Builder parallelism(int value) {
            parallelism = value;
            return this;
        }

        public Builder maxRestarts(int value) {
            maxRestarts = value;
            return this;
        }

        public Builder stoppingRule(StoppingRule value) {
            stoppingRule = value;
            return this;
        }

        public Builder skepticism(double value) {
            skepticism = value;
            return this;
        }

        public Builder resolvedRetention(Duration value) {
            resolvedRetention = value;
            return this;
        }

        public Builder metricsWindow(Duration value) {
            metricsWindow = value;
            return this;
        }

        public Builder reputationEmitInterval(Duration value) {
            reputationEmitInterval = value;
            return this;
        }

        public Builder maxOutOfOrderness(Duration value) {
            maxOutOfOrderness = value;
            return this;
        }

        public Builder sourceIdleness(Duration value) {
            sourceIdleness = value;
            return this;
        }

        public Builder boundedInput(boolean value) {
            boundedInput = value;
            return this;
        }

        public Builder restPort(int value) {
            restPort = value;
            return this;
        }

        public Builder blobPort(int value) {
            blobPort = value;
            return this;
        }

        /**
         * @return the configuration, never null
         * @throws IllegalArgumentException if a component is out of range
         */
        public StreamJobsConfig build() {
            return new StreamJobsConfig(
                    bootstrapServers,
                    labelsTopic,
                    itemsResolvedTopic,
                    reputationTopic,
                    metricsTopic,
                    groupId,
                    transactionalIdPrefix,
                    transactionTimeout,
                    checkpointInterval,
                    checkpointDir,
                    parallelism,
                    maxRestarts,
                    stoppingRule,
                    skepticism,
                    resolvedRetention,
                    metricsWindow,
                    reputationEmitInterval,
                    maxOutOfOrderness,
                    sourceIdleness,
                    boundedInput,
                    restPort,
                    blobPort);
        }
    }

    private static <T> T get(Map<String, String> values, String key, Function<String, T> parse) {
        String raw = values.get(key);
        if (raw == null) {
            throw new IllegalArgumentException("setting '" + key + "' is required");
        }
        try {
            return parse.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "setting '" + key + "' has an invalid value '" + raw + "': " + e.getMessage(),
                    e);
        }
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' must not be blank");
        }
    }

    private static void requirePositive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("setting '" + key + "' must be positive");
        }
    }
}
