package dev.jury.stream;

import dev.jury.events.ItemResolved;
import dev.jury.events.JuryEvent;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ReputationUpdated;
import dev.jury.events.TopicSpec;
import dev.jury.events.Topics;
import dev.jury.stream.consensus.ConsensusFunction;
import dev.jury.stream.kafka.EventDeserializer;
import dev.jury.stream.kafka.EventSerializer;
import dev.jury.stream.kafka.EventTypeInfo;
import dev.jury.stream.metrics.MetricsAccumulatorSerializer;
import dev.jury.stream.metrics.MetricsInput;
import dev.jury.stream.metrics.ProjectMetricsAggregate;
import dev.jury.stream.metrics.ProjectMetricsWindow;
import dev.jury.stream.reputation.Evidence;
import dev.jury.stream.reputation.ReputationFunction;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Jury stream job: one Flink job graph with three outputs.
 *
 * <pre>
 *   labels ──► keyBy(project) ─► consensus ──────────────────────────► ItemResolved
 *      │                            │ final decisions' agreements
 *      ├─► gold answers ─────────► keyBy(contributor, project) ─► reputation ─► ReputationUpdated
 *      └─► labels + decisions ──► keyBy(project) ─► 1-min event-time windows ─► ProjectMetrics
 * </pre>
 *
 * <p>The source and the sinks are constructor arguments ({@link #kafka(StreamJobsConfig)} wires the
 * real ones), so tests can drive the graph. Operator uids are fixed: a job restored from a
 * checkpoint finds its state by them. Exactly once end to end: checkpointed source offsets and
 * state, and transactional Kafka sinks committed on checkpoint completion.
 */
public final class StreamJobs {
    private static final int SINK_LINGER_MS = 50;
    private static final int SINK_BATCH_BYTES = 256 * 1024;

    private final StreamJobsConfig config;
    private final Source<LabelSubmitted, ?, ?> labels;
    private final Sink<ItemResolved> resolvedSink;
    private final Sink<ReputationUpdated> reputationSink;
    private final Sink<ProjectMetrics> metricsSink;
    private MapFunction<LabelSubmitted, LabelSubmitted> labelTap;

    /**
     * @param config the configuration
     * @param labels source of labels
     * @param resolvedSink where consensus decisions go
     * @param reputationSink where reputation updates go
     * @param metricsSink where project metrics go
     */
    public StreamJobs(
            StreamJobsConfig config,
            Source<LabelSubmitted, ?, ?> labels,
            Sink<ItemResolved> resolvedSink,
            Sink<ReputationUpdated> reputationSink,
            Sink<ProjectMetrics> metricsSink) {
        this.config = Objects.requireNonNull(config, "config");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.resolvedSink = Objects.requireNonNull(resolvedSink, "resolvedSink");
        this.reputationSink = Objects.requireNonNull(reputationSink, "reputationSink");
        this.metricsSink = Objects.requireNonNull(metricsSink, "metricsSink");
    }

    /**
     * The job with Kafka source and exactly-once Kafka sinks, as configured.
     *
     * @param config the configuration
     * @return the job, not yet built
     */
    public static StreamJobs kafka(StreamJobsConfig config) {
        KafkaSourceBuilder<LabelSubmitted> source =
                KafkaSource.<LabelSubmitted>builder()
                        .setBootstrapServers(config.bootstrapServers())
                        .setTopics(config.labelsTopic())
                        .setGroupId(config.groupId())
                        // A new group starts from the beginning; a restored job ignores this and
                        // resumes at its checkpointed offsets.
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new EventDeserializer<>(Topics.LABELS_SUBMITTED_SPEC))
                        // The task API writes through a transactional outbox: never read aborts.
                        .setProperty("isolation.level", "read_committed");
        if (config.boundedInput()) {
            source.setBounded(OffsetsInitializer.latest());
        }
        return new StreamJobs(
                config,
                source.build(),
                sink(config, Topics.ITEMS_RESOLVED_SPEC, config.itemsResolvedTopic(), "items"),
                sink(config, Topics.REPUTATION_UPDATED_SPEC, config.reputationTopic(), "rep"),
                sink(config, Topics.PROJECT_METRICS_SPEC, config.metricsTopic(), "metrics"));
    }

    private static <T extends JuryEvent> KafkaSink<T> sink(
            StreamJobsConfig config, TopicSpec<T> spec, String topic, String suffix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new EventSerializer<>(spec, topic))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                // A few transactional ids per subtask, reused. The default names one after each
                // checkpoint, and the broker keeps every id it has seen for
                // transactional.id.expiration.ms (7 days): at 4 checkpoints a second that is a
                // million more ids a day per sink and subtask, in its memory and transaction log.
                // On start-up the pool lists the open transactions on the sink's topic to abort
                // leftovers, so with ACLs the job needs DESCRIBE on its transactional ids.
                .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
                // One prefix per sink: two sinks sharing ids would fence each other.
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + suffix)
                .setProperty(
                        "transaction.timeout.ms",
                        String.valueOf(config.transactionTimeout().toMillis()))
                // Output is visible only when the checkpoint commits, and the writer flushes at
                // every checkpoint, so waiting longer to fill bigger batches costs no latency;
                // fewer, larger produce requests cost the broker less CPU per event.
                .setProperty("linger.ms", String.valueOf(SINK_LINGER_MS))
                .setProperty("batch.size", String.valueOf(SINK_BATCH_BYTES))
                .build();
    }

    /**
     * Adds a pass-through step right after the source. Tests use it to fail the job mid-stream.
     *
     * @param tap the step; must return its input
     * @return this
     */
    public StreamJobs withLabelTap(MapFunction<LabelSubmitted, LabelSubmitted> tap) {
        this.labelTap = tap;
        return this;
    }

    /**
     * Adds the job graph to an environment.
     *
     * @param env the environment; checkpointing and restarts are its configuration's business
     */
    public void build(StreamExecutionEnvironment env) {
        TypeInformation<LabelSubmitted> labelType = new EventTypeInfo<>(LabelSubmitted.class);
        TypeInformation<ItemResolved> resolvedType = new EventTypeInfo<>(ItemResolved.class);
        WatermarkStrategy<LabelSubmitted> watermarks =
                WatermarkStrategy.<LabelSubmitted>forBoundedOutOfOrderness(
                                config.maxOutOfOrderness())
                        .withTimestampAssigner((label, previous) -> label.submittedAt())
                        .withIdleness(config.sourceIdleness());
        DataStream<LabelSubmitted> input =
                env.fromSource(labels, watermarks, "labels", labelType).uid("labels-source");
        if (labelTap != null) {
            input = input.map(labelTap, labelType).uid("label-tap");
        }

        SingleOutputStreamOperator<ItemResolved> resolved =
                input.keyBy(LabelSubmitted::projectId, Types.STRING)
                        .process(
                                new ConsensusFunction(
                                        config.stoppingRule(),
                                        config.skepticism(),
                                        config.resolvedRetention()),
                                resolvedType)
                        .uid("consensus")
                        .name("consensus");
        resolved.sinkTo(resolvedSink).uid("items-resolved-sink").name("items-resolved-sink");

        TypeInformation<Evidence> evidenceType = TypeInformation.of(Evidence.class);
        DataStream<Evidence> gold =
                input.flatMap(
                                (LabelSubmitted l,
                                        org.apache.flink.util.Collector<Evidence> out) -> {
                                    Evidence e = Evidence.fromLabel(l);
                                    if (e != null) {
                                        out.collect(e);
                                    }
                                },
                                evidenceType)
                        .uid("gold-evidence");
        DataStream<Evidence> agreement =
                resolved.flatMap(
                                (ItemResolved r, org.apache.flink.util.Collector<Evidence> out) ->
                                        Evidence.fromResolution(r).forEach(out::collect),
                                evidenceType)
                        .uid("consensus-evidence");
        gold.union(agreement)
                .keyBy(Evidence::key, Types.STRING)
                .process(
                        new ReputationFunction(config.reputationEmitInterval()),
                        new EventTypeInfo<>(ReputationUpdated.class))
                .uid("reputation")
                .name("reputation")
                .sinkTo(reputationSink)
                .uid("reputation-sink")
                .name("reputation-sink");

        TypeInformation<MetricsInput> metricsType = TypeInformation.of(MetricsInput.class);
        input.map(MetricsInput::of, metricsType)
                .uid("metrics-labels")
                .union(resolved.map(MetricsInput::of, metricsType).uid("metrics-decisions"))
                .keyBy(m -> m.projectId, Types.STRING)
                .window(TumblingEventTimeWindows.of(config.metricsWindow()))
                .aggregate(
                        new ProjectMetricsAggregate(),
                        new ProjectMetricsWindow(),
                        MetricsAccumulatorSerializer.TYPE,
                        MetricsAccumulatorSerializer.TYPE,
                        new EventTypeInfo<>(ProjectMetrics.class))
                .uid("project-metrics")
                .name("project-metrics")
                .sinkTo(metricsSink)
                .uid("project-metrics-sink")
                .name("project-metrics-sink");
    }

    /**
     * Builds the job on a local MiniCluster and starts it.
     *
     * @return the running job's client
     * @throws Exception if the job cannot be submitted
     */
    public JobClient startLocal() throws Exception {
        return startLocal(null);
    }

    /**
     * Builds the job on a local MiniCluster and starts it from a savepoint (or retained
     * checkpoint), e.g. one taken by {@code JobClient.stopWithSavepoint}.
     *
     * @param restoreFrom the savepoint's path, or null to start fresh
     * @return the running job's client
     * @throws Exception if the job cannot be submitted
     */
    public JobClient startLocal(String restoreFrom) throws Exception {
        StreamExecutionEnvironment env = LocalRunner.environment(config, restoreFrom);
        build(env);
        return env.executeAsync("jury-stream-jobs");
    }

    /**
     * Runs the jobs on a local MiniCluster bound to 127.0.0.1 until they end.
     *
     * @param args {@code --key=value} settings, see {@link StreamJobsConfig#OPTIONS}; {@code
     *     --help} lists them
     * @throws Exception if the job fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--help")) {
            for (StreamJobsConfig.Option o : StreamJobsConfig.OPTIONS) {
                System.out.printf(
                        "--%s=<%s>%n    %s%n",
                        o.key(), o.defaultValue() == null ? "required" : o.defaultValue(), o.doc());
            }
            return;
        }
        StreamJobsConfig config;
        try {
            config = StreamJobsConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (--help lists the settings)");
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = LocalRunner.environment(config);
        kafka(config).build(env);
        env.execute("jury-stream-jobs");
    }
}
