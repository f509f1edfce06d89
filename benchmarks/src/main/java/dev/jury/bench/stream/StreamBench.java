package dev.jury.bench.stream;

import dev.jury.bench.BenchArgs;
import dev.jury.datasets.CrowdDataset;
import dev.jury.datasets.SharedDatasets;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.Topics;
import dev.jury.stream.StreamJobs;
import dev.jury.stream.StreamJobsConfig;
import dev.jury.stream.kafka.EventSerializer;
import dev.jury.testsupport.Directories;
import dev.jury.testsupport.FlinkCheckpointStats;
import dev.jury.testsupport.FreePorts;
import dev.jury.testsupport.KafkaService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./jury bench stream}: labels through Kafka, the stream jobs and Kafka again, as production
 * runs them, with throughput, latency and checkpoint figures.
 *
 * <p>One JVM holds a real KRaft broker (test-support's {@link KafkaService}), the stream jobs
 * ({@link StreamJobs#kafka}: Kafka source, exactly-once transactional sinks, checkpoints on) on a
 * MiniCluster bound to 127.0.0.1, a producer submitting labels and a {@code read_committed}
 * consumer of {@code ItemResolved}. Each workload (a real crowd dataset, a synthetic crowd scaled
 * to a million labels) gets fresh topics and a fresh job; labels are sent once the job's first
 * checkpoint completed, so start-up is not measured.
 *
 * <p><b>Latency</b> of an {@code ItemResolved}: the time the consumer receives it minus its {@code
 * resolvedAt}, the submit time of the newest label it aggregates (the label that triggered it:
 * every accepted label emits one revision), decoded from the event (the record's own timestamp is
 * the time the sink produced it, see EventSerializer). Since the sink is transactional and the
 * consumer reads committed data only, an event becomes visible when the checkpoint after it
 * completes: latency is at least the wait for the next checkpoint.
 *
 * <p><b>Throughput</b>: labels submitted divided by the time from the first submit to the last
 * {@code ItemResolved} received. With {@code --rate 0} the producer sends as fast as Kafka takes
 * the labels (closed loop), which measures the job's capacity; latency then includes the backlog.
 * With {@code --rate R} labels are sent at R per second (open loop).
 */
public final class StreamBench {

    /**
     * Command-line options.
     *
     * @param dataset the real dataset's folder, or null to run the synthetic crowd only
     * @param syntheticLabels labels in the synthetic crowd, 0 to skip it
     * @param projects projects of the synthetic crowd
     * @param rate labels per second offered, 0 for as fast as possible
     * @param checkpointInterval the jobs' checkpoint interval
     * @param parallelism the jobs' parallelism (and the labels topic's partitions)
     * @param seed seed of the synthetic crowd
     * @param warmupLabels synthetic labels sent through each workload's job, and drained, before
     *     the measured ones, so the figures are the warm JVM's (0: none, the cold start is
     *     measured)
     */
    record Options(
            Path dataset,
            long syntheticLabels,
            int projects,
            int rate,
            Duration checkpointInterval,
            int parallelism,
            long seed,
            long warmupLabels) {

        static final String USAGE =
                "usage: ./jury bench stream [--dataset DIR|NAME|none] [--synthetic-labels N]\n"
                        + "                           [--projects P] [--rate R] [--checkpoint-ms C]\n"
                        + "                           [--parallelism K] [--seed S]"
                        + " [--warmup-labels W]\n"
                        + "defaults: dataset rel from the shared datasets folder, 1000000 synthetic\n"
                        + "          labels (0 skips) over 4 projects, rate 0 (as fast as\n"
                        + "          possible; R > 0 offers R labels/s), checkpoints every 200 ms,\n"
                        + "          parallelism 2, seed 7, no warm-up (W > 0 first sends W synthetic\n"
                        + "          labels of other projects through the same job, as fast as\n"
                        + "          possible, and measures once they are drained)";

        static Options parse(String[] args) {
            String dataset = "rel";
            long synthetic = 1_000_000;
            int projects = 4;
            int rate = 0;
            long checkpointMs = 200;
            int parallelism = 2;
            long seed = 7;
            long warmup = 0;
            for (BenchArgs.Option o : BenchArgs.options(args)) {
                switch (o.name()) {
                    case "--dataset" -> dataset = o.value();
                    case "--synthetic-labels" -> synthetic = o.integer(0);
                    case "--projects" -> projects = o.smallInteger(1);
                    case "--rate" -> rate = o.smallInteger(0);
                    case "--checkpoint-ms" -> checkpointMs = o.integer(10);
                    case "--parallelism" -> parallelism = o.smallInteger(1);
                    case "--seed" -> seed = o.integer(Long.MIN_VALUE);
                    case "--warmup-labels" -> warmup = o.integer(0);
                    default -> throw o.unknown();
                }
            }
            return new Options(
                    resolveDataset(dataset),
                    synthetic,
                    projects,
                    rate,
                    Duration.ofMillis(checkpointMs),
                    parallelism,
                    seed,
                    warmup);
        }

        private static Path resolveDataset(String value) {
            if (value.equals("none")) {
                return null;
            }
            Path dir = Path.of(value);
            if (Files.isRegularFile(dir.resolve("answers.csv"))) {
                return dir;
            }
            Optional<Path> shared = SharedDatasets.dataset(value);
            if (shared.isEmpty()) {
                throw new IllegalArgumentException(
                        "no dataset '"
                                + value
                                + "': neither a folder with answers.csv nor a shared dataset"
                                + " (set JURY_SHARED_DATASETS, or --dataset none)");
            }
            return shared.get();
        }
    }

    /**
     * One workload's figures.
     *
     * @param workload the feed's name
     * @param labels labels submitted
     * @param offeredRate labels/s offered, 0 for as fast as possible
     * @param seconds first submit to last {@code ItemResolved} received
     * @param resolvedEvents {@code ItemResolved} events received
     * @param latency submit to {@code ItemResolved} latency, milliseconds
     * @param checkpoints the job's checkpoint statistics at the end
     */
    record Result(
            String workload,
            long labels,
            int offeredRate,
            double seconds,
            long resolvedEvents,
            Histogram latency,
            FlinkCheckpointStats checkpoints,
            long cpuNanos) {

        double labelsPerSecond() {
            return labels / seconds;
        }

        /**
         * CPU time of the whole process (broker, job, producer and reader) per label, from the
         * first measured label sent to the last ItemResolved received (the span of labels/s):
         * steadier than labels/s on a shared machine, and on this one the ceiling is about {@code
         * processors / cpu per label}.
         */
        double cpuMicrosPerLabel() {
            return cpuNanos / 1_000.0 / labels;
        }
    }

    private StreamBench() {}

    public static void main(String[] args) throws Exception {
        // The broker and Flink log every checkpoint and transaction at info; the table matters.
        quietLogs();
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("jury bench stream: " + e.getMessage());
            }
            System.err.println(Options.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        boolean ok;
        try {
            run(options, KafkaService.shared(), System.out);
            ok = true;
        } catch (Exception e) {
            e.printStackTrace();
            ok = false;
        }
        // The broker stops in a shutdown hook; exit explicitly so it runs now.
        System.exit(ok ? 0 : 1);
    }

    static void quietLogs() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.flink", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.kafka", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Runs every workload the options ask for and prints the table.
     *
     * @param options what to run
     * @param kafka the broker
     * @param out where the progress and the table go
     * @return one result per workload
     */
    static List<Result> run(Options options, KafkaService kafka, PrintStream out) throws Exception {
        List<LabelFeed> feeds = new ArrayList<>();
        if (options.dataset() != null) {
            feeds.add(LabelFeed.of(CrowdDataset.load(options.dataset())));
        }
        if (options.syntheticLabels() > 0) {
            feeds.add(
                    LabelFeed.synthetic(
                            options.syntheticLabels(),
                            options.projects(),
                            options.parallelism(),
                            options.seed()));
        }
        List<Result> results = new ArrayList<>();
        for (LabelFeed feed : feeds) {
            out.printf(
                    Locale.ROOT,
                    "jury bench stream: %s, %,d labels in %d project(s)...%n",
                    feed.name(),
                    feed.size(),
                    feed.projects());
            results.add(runOne(feed, options, kafka));
        }
        print(results, options, out);
        return results;
    }

    static Result runOne(LabelFeed feed, Options options, KafkaService kafka) throws Exception {
        String base = "bench-stream-" + feed.name() + "-" + System.nanoTime();
        // Checkpoints go to files, as in the demo: without a directory Flink keeps them in the
        // JobManager's memory, which refuses a task's state past 5 MiB and so failed the job once
        // a run's state grew (400 k warm-up + 400 k measured labels).
        Path checkpoints = Files.createTempDirectory("jury-bench-ckpt");
        try {
            return runOne(feed, options, kafka, config(options, kafka, base, checkpoints));
        } finally {
            Directories.deleteTree(checkpoints);
        }
    }

    private static Result runOne(
            LabelFeed feed, Options options, KafkaService kafka, StreamJobsConfig config)
            throws Exception {
        kafka.createTopic(config.labelsTopic(), options.parallelism());
        kafka.createTopic(config.itemsResolvedTopic(), options.parallelism());
        kafka.createTopic(config.reputationTopic(), 1);
        kafka.createTopic(config.metricsTopic(), 1);

        JobClient job = StreamJobs.kafka(config).startLocal();
        String jobId = job.getJobID().toHexString();
        ResolvedReader reader = new ResolvedReader(config);
        Thread readerThread = new Thread(reader, "bench-stream-reader");
        try (Admin admin = admin(config)) {
            awaitFirstCheckpoint(job, config.restPort(), jobId);
            readerThread.start();
            if (options.warmupLabels() > 0) {
                // Other projects (so no item is shared with the measured feed), same job: the
                // JIT compiles the hot paths here, not during the measurement.
                LabelFeed warmup =
                        LabelFeed.synthetic(
                                "warmup",
                                options.warmupLabels(),
                                options.projects(),
                                options.parallelism(),
                                options.seed() - 1);
                long warm = produce(warmup, 0, config);
                awaitDrained(admin, config, job, reader, options.checkpointInterval(), warm);
                reader.reset();
            }
            long firstSubmit = System.currentTimeMillis();
            long cpuBefore = processCpuNanos();
            long sent = produce(feed, options.rate(), config);
            long lastReceived =
                    awaitDrained(admin, config, job, reader, options.checkpointInterval(), sent);
            long cpu = reader.lastReceivedCpu() - cpuBefore;
            FlinkCheckpointStats stats = FlinkCheckpointStats.fetch(config.restPort(), jobId);
            return new Result(
                    feed.name(),
                    sent,
                    options.rate(),
                    Math.max(1, lastReceived - firstSubmit) / 1000.0,
                    reader.received(),
                    reader.latency(),
                    stats,
                    cpu);
        } finally {
            reader.stop();
            readerThread.join(TimeUnit.SECONDS.toMillis(30));
            try {
                job.cancel().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // A job that failed has taken its MiniCluster down with it, and cancelling then
                // throws: say so without hiding the failure that ended the run.
                System.err.println("bench stream: the job could not be cancelled: " + e);
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The production job configuration, with this run's topics, ports and checkpointing. */
    private static StreamJobsConfig config(
            Options options, KafkaService kafka, String base, Path checkpoints) {
        int[] ports = FreePorts.find(2);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap", kafka.bootstrapServers());
        settings.put("topic.labels", base + ".labels");
        settings.put("topic.items-resolved", base + ".resolved");
        settings.put("topic.reputation", base + ".reputation");
        settings.put("topic.metrics", base + ".metrics");
        settings.put("kafka.group-id", base + "-group");
        settings.put("kafka.transactional-id-prefix", base);
        settings.put("checkpoint.interval", options.checkpointInterval().toString());
        settings.put("checkpoint.dir", checkpoints.toUri().toString());
        settings.put("parallelism", String.valueOf(options.parallelism()));
        // A failure fails the run instead of restarting into figures that mean nothing.
        settings.put("restart.max-attempts", "0");
        settings.put("local.rest-port", String.valueOf(ports[0]));
        settings.put("local.blob-port", String.valueOf(ports[1]));
        return StreamJobsConfig.parse(settings);
    }

    /** Checkpoints start once every task runs: the first completed one means the job is up. */
    private static void awaitFirstCheckpoint(JobClient job, int restPort, String jobId)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("the stream job ended before any input: " + status);
            }
            try {
                if (FlinkCheckpointStats.fetch(restPort, jobId).completed() > 0) {
                    return;
                }
            } catch (IOException notUpYet) {
                // The REST endpoint comes up with the job; ask again.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the stream job completed no checkpoint within 180 s");
    }

    /**
     * Sends every label of the feed, stamped with the send time as {@code submittedAt}.
     *
     * @return labels sent
     */
    private static long produce(LabelFeed feed, int rate, StreamJobsConfig config)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A few milliseconds of batching, as the API's outbox relay would send in bulk.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long n = 0;
        long start = System.nanoTime();
        EventSerializer<LabelSubmitted> serializer =
                new EventSerializer<>(Topics.LABELS_SUBMITTED_SPEC, config.labelsTopic());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (LabelFeed.Template t : feed) {
                if (rate > 0) {
                    long due = start + n * 1_000_000_000L / rate;
                    long ahead = due - System.nanoTime();
                    if (ahead > 0) {
                        LockSupport.parkNanos(ahead);
                    }
                }
                LabelSubmitted label =
                        LabelSubmitted.create(
                                t.projectId() + "-l" + n,
                                t.projectId(),
                                t.itemId(),
                                t.contributorId(),
                                LabelValue.ofChoice(t.choice()),
                                null,
                                null,
                                null,
                                System.currentTimeMillis(),
                                1000);
                producer.send(
                        serializer.serialize(label, null, null),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                n++;
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a label could not be sent", failure.get());
        }
        return n;
    }

    /**
     * Waits until the job has committed its input offsets up to the end of the labels topic (so a
     * checkpoint covers every label) and then until no {@code ItemResolved} arrived for a few
     * checkpoint intervals (the transactions of that checkpoint are committed).
     *
     * @return when the last {@code ItemResolved} was received, epoch milliseconds
     */
    private static long awaitDrained(
            Admin admin,
            StreamJobsConfig config,
            JobClient job,
            ResolvedReader reader,
            Duration checkpointInterval,
            long sent)
            throws Exception {
        // Generous: a loaded machine may run the job at a fraction of its idle speed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300 + sent / 1_000);
        List<TopicPartition> partitions = new ArrayList<>();
        for (var info :
                admin.describeTopics(List.of(config.labelsTopic()))
                        .allTopicNames()
                        .get()
                        .get(config.labelsTopic())
                        .partitions()) {
            partitions.add(new TopicPartition(config.labelsTopic(), info.partition()));
        }
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get();
        while (true) {
            checkDeadline(deadline, job, reader);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(config.groupId())
                            .partitionsToOffsetAndMetadata()
                            .get();
            boolean all = true;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                all &= c != null && c.offset() >= ends.get(tp).offset();
            }
            if (all) {
                break;
            }
            // Not faster: each round asks the broker for the group's offsets and Flink for the job
            // status, CPU taken from the job under test (the admin client's thread alone used
            // about 4 s in a 200 k-label run at 50 ms). The end time is the reader's last
            // receipt, not this loop's.
            Thread.sleep(250);
        }
        long inputCommitted = System.currentTimeMillis();
        long idle = Math.max(1_000, 3 * checkpointInterval.toMillis());
        while (System.currentTimeMillis() - Math.max(inputCommitted, reader.lastReceived())
                < idle) {
            checkDeadline(deadline, job, reader);
            Thread.sleep(250);
        }
        return reader.lastReceived();
    }

    private static void checkDeadline(long deadline, JobClient job, ResolvedReader reader)
            throws Exception {
        // A job that failed for good (restarts exhausted) drains nothing: say so at once instead
        // of waiting for the deadline.
        boolean ended;
        try {
            ended = job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState();
        } catch (IllegalStateException e) {
            // The local MiniCluster shuts down with its only job: it has ended.
            ended = true;
        }
        if (ended) {
            Throwable cause = null;
            try {
                job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                cause = e;
            }
            throw new IllegalStateException("the stream job stopped before draining", cause);
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                    "the job did not drain its input in time; "
                            + reader.received()
                            + " ItemResolved received");
        }
        if (reader.failure() != null) {
            throw new IllegalStateException("the ItemResolved reader failed", reader.failure());
        }
    }

    private static Admin admin(StreamJobsConfig config) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return Admin.create(p);
    }

    /**
     * Reads {@code ItemResolved} with {@code read_committed} and records each event's latency from
     * its {@code resolvedAt}.
     */
    static final class ResolvedReader implements Runnable {
        private final StreamJobsConfig config;
        private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(30), 3);
        private final AtomicLong received = new AtomicLong();
        private volatile long lastReceived;
        private volatile long lastReceivedCpu;
        private volatile boolean stopped;
        private volatile Exception failure;

        ResolvedReader(StreamJobsConfig config) {
            this.config = config;
        }

        @Override
        public void run() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(config.itemsResolvedTopic())
                        .forEach(
                                info ->
                                        partitions.add(
                                                new TopicPartition(
                                                        info.topic(), info.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!stopped) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    if (records.isEmpty()) {
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    synchronized (latency) {
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            long resolvedAt = ItemResolved.CODEC.decode(r.value()).resolvedAt();
                            latency.recordValue(Math.max(0, now - resolvedAt));
                            received.incrementAndGet();
                        }
                    }
                    lastReceived = now;
                    lastReceivedCpu = processCpuNanos();
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        void stop() {
            stopped = true;
        }

        /** Forgets what was received so far (the warm-up's events). */
        void reset() {
            synchronized (latency) {
                latency.reset();
                received.set(0);
            }
        }

        long received() {
            return received.get();
        }

        long lastReceived() {
            return lastReceived;
        }

        /** The process's CPU time when the last ItemResolved arrived, nanoseconds. */
        long lastReceivedCpu() {
            return lastReceivedCpu;
        }

        Exception failure() {
            return failure;
        }

        Histogram latency() {
            synchronized (latency) {
                return latency.copy();
            }
        }
    }

    static void print(List<Result> results, Options options, PrintStream out) {
        out.println();
        out.printf(
                Locale.ROOT,
                "%-10s %10s %9s %9s %9s %7s %7s %7s %12s %6s %14s %14s%n",
                "workload",
                "labels",
                "offered/s",
                "labels/s",
                "cpu us/l",
                "p50 ms",
                "p99 ms",
                "max ms",
                "ItemResolved",
                "ckpts",
                "ckpt p50/max",
                "state last/max");
        for (Result r : results) {
            FlinkCheckpointStats c = r.checkpoints();
            out.printf(
                    Locale.ROOT,
                    "%-10s %,10d %9s %,9.0f %9.1f %7d %7d %7d %,12d %6d %14s %14s%n",
                    r.workload(),
                    r.labels(),
                    r.offeredRate() == 0 ? "max" : String.format("%,d", r.offeredRate()),
                    r.labelsPerSecond(),
                    r.cpuMicrosPerLabel(),
                    r.latency().getValueAtPercentile(50),
                    r.latency().getValueAtPercentile(99),
                    r.latency().getMaxValue(),
                    r.resolvedEvents(),
                    c.completed(),
                    c.durationP50Millis() + "/" + c.durationMaxMillis() + " ms",
                    kib(c.latestStateBytes()) + "/" + kib(c.maxStateBytes()));
        }
        out.printf(
                Locale.ROOT,
                "%nparallelism %d, checkpoint interval %d ms, exactly-once sinks, read_committed"
                        + " reader; %s; %d processors%n",
                options.parallelism(),
                options.checkpointInterval().toMillis(),
                options.warmupLabels() > 0
                        ? String.format(
                                Locale.ROOT,
                                "measured after %,d warm-up labels",
                                options.warmupLabels())
                        : "cold JVM (no warm-up)",
                Runtime.getRuntime().availableProcessors());
        out.println("labels/s: labels / (last ItemResolved received - first label submitted).");
        out.println(
                "cpu us/l: CPU time of this whole process (broker, job, producer, reader) over"
                        + " the same span, per label; steadier than labels/s on a shared machine.");
        out.println(
                "latency: ItemResolved received by the read_committed consumer - its resolvedAt"
                        + " (submit time of the newest label it aggregates, i.e. the label that"
                        + " triggered it); one sample per ItemResolved, at least the wait for the"
                        + " next checkpoint.");
        out.println(
                "ckpt: end-to-end checkpoint duration; state: full checkpointed state size (KiB),"
                        + " from the MiniCluster's REST API /jobs/<id>/checkpoints.");
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%,d", (bytes + 1023) / 1024);
    }
}
