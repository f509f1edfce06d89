package dev.jury.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka 4.2.0 broker (KRaft, broker and controller in one) running inside the
 * test JVM, listening only on 127.0.0.1 on free ports.
 *
 * <p>One broker runs per JVM ({@link #shared()}); tests isolate themselves by topic name. A JVM
 * shutdown hook stops the broker and deletes its log directory.
 */
public final class KafkaService {

    /** Host of both listeners; the broker binds nothing else. */
    public static final String HOST = "127.0.0.1";

    private static final long TIMEOUT_SECONDS = 30;

    private static volatile KafkaService shared;

    private final KafkaRaftServer server;
    private final Path logDir;
    private final String bootstrapServers;

    private KafkaService(KafkaRaftServer server, Path logDir, String bootstrapServers) {
        this.server = server;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** The JVM's one broker, started on first call (about 2 s) and stopped by a shutdown hook. */
    public static KafkaService shared() {
        KafkaService service = shared;
        if (service == null) {
            synchronized (KafkaService.class) {
                service = shared;
                if (service == null) {
                    service = start();
                    KafkaService started = service;
                    Runtime.getRuntime()
                            .addShutdownHook(new Thread(started::stop, "kafka-service-stop"));
                    shared = service;
                }
            }
        }
        return service;
    }

    private static KafkaService start() {
        Path logDir;
        try {
            logDir = Files.createTempDirectory("jury-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("no temp directory for the Kafka log", e);
        }
        try {
            int[] ports = FreePorts.find(2);
            Properties props = brokerProperties(logDir, ports[0], ports[1]);
            format(logDir, props);
            KafkaRaftServer server =
                    new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new KafkaService(server, logDir, HOST + ":" + ports[0]);
        } catch (RuntimeException e) {
            Directories.deleteTree(logDir);
            throw e;
        }
    }

    /**
     * Starts a broker of the caller's own, which, unlike {@link #shared()}, can be stopped and
     * started again: to test what happens while Kafka is down. It keeps its port and log directory
     * across restarts, so clients reconnect to the same address and find their topics.
     *
     * <p>The caller owns {@code logDir} (created if missing, never deleted here) and must close the
     * handle; no shutdown hook does it.
     *
     * @param logDir the broker's log directory, formatted on first use
     * @param port the PLAINTEXT port on 127.0.0.1, e.g. from {@link FreePorts#find()}
     * @return the running broker
     */
    public static PrivateBroker startPrivate(Path logDir, int port) {
        Objects.requireNonNull(logDir, "logDir");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        Properties props = brokerProperties(logDir, port, FreePorts.find());
        format(logDir, props);
        PrivateBroker broker = new PrivateBroker(props, HOST + ":" + port);
        broker.restart();
        return broker;
    }

    /**
     * A broker started by {@link #startPrivate}: stop it, start it again on the same port and log
     * directory, close it when done.
     */
    public static final class PrivateBroker implements AutoCloseable {
        private final Properties props;
        private final String bootstrapServers;
        private KafkaRaftServer server;

        private PrivateBroker(Properties props, String bootstrapServers) {
            this.props = props;
            this.bootstrapServers = bootstrapServers;
        }

        /** {@code 127.0.0.1:<port>}; the same before and after a restart. */
        public String bootstrapServers() {
            return bootstrapServers;
        }

        /** True between a (re)start and a stop. */
        public synchronized boolean running() {
            return server != null;
        }

        /** Stops the broker and waits until it has shut down; does nothing if it is stopped. */
        public synchronized void stop() {
            if (server != null) {
                KafkaRaftServer stopping = server;
                server = null;
                stopping.shutdown();
                stopping.awaitShutdown();
            }
        }

        /**
         * Starts the broker again on the same port and log directory (stopping it first if it
         * runs). Returns once the server has started; clients may need a moment to reconnect.
         */
        public synchronized void restart() {
            stop();
            KafkaRaftServer started =
                    new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            started.startup();
            server = started;
        }

        /** Same as {@link #stop()}; the log directory stays for the caller to delete. */
        @Override
        public void close() {
            stop();
        }
    }

    private static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://"
                        + HOST
                        + ":"
                        + port
                        + ",CONTROLLER://"
                        + HOST
                        + ":"
                        + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One node: internal topics cannot have more replicas than brokers, or they never appear
        // and group, transaction and share requests hang.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        // Consumers in tests should join at once, not after the 3 s production default.
        props.put("group.initial.rebalance.delay.ms", "0");
        // Flink's exactly-once KafkaSink asks for transaction timeouts of many minutes.
        props.put("transaction.max.timeout.ms", "900000");
        // Small segments and indexes keep the temp directory and memory-mapped files small.
        props.put("log.segment.bytes", String.valueOf(1024 * 1024));
        // Retention runs every second instead of every five minutes, so a record stamped with a
        // time older than retention (7 days) is deleted during the test that wrote it, as a
        // long-running broker would delete it eventually. The stream jobs once stamped their
        // output with the labels' event time and lost it this way in 1 run of 20.
        props.put("log.retention.check.interval.ms", "1000");
        props.put("log.index.size.max.bytes", String.valueOf(64 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        // The cleaner would otherwise allocate a 128 MB dedupe buffer in a 512 MB test JVM.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        return props;
    }

    /**
     * Writes meta.properties and the bootstrap checkpoint, as {@code kafka-storage format} does.
     */
    private static void format(Path logDir, Properties props) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            // Formatted before (a restart on a kept log dir): formatting again with a new cluster
            // id would make the broker refuse its own log.
            return;
        }
        Path propsFile = logDir.resolveSibling(logDir.getFileName() + ".properties");
        try {
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "jury test broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status;
            // execute(...) rather than main(...): main calls Exit.exit and would end the test JVM.
            try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                status =
                        StorageTool.execute(
                                new String[] {
                                    "format",
                                    "-t",
                                    Uuid.randomUuid().toString(),
                                    "-c",
                                    propsFile.toString(),
                                    "--ignore-formatted"
                                },
                                printStream);
            }
            if (status != 0) {
                throw new IllegalStateException(
                        "kafka storage format failed ("
                                + status
                                + "): "
                                + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not format the Kafka log directory", e);
        } finally {
            try {
                Files.deleteIfExists(propsFile);
            } catch (IOException ignored) {
                // A leftover properties file in the temp directory is harmless.
            }
        }
    }

    private void stop() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            // Shutdown hooks cannot report failure anywhere better than stderr.
            System.err.println("KafkaService: stopping the broker failed: " + e);
        } finally {
            Directories.deleteTree(logDir);
        }
    }

    /** {@code 127.0.0.1:<port>} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates a topic with {@code partitions} partitions and replication factor 1, waiting (at most
     * 30 s) until the broker has accepted it.
     *
     * @throws IllegalStateException if the topic exists already or the broker refuses it
     */
    public void createTopic(String name, int partitions) {
        Objects.requireNonNull(name, "name");
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                30_000))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        }
    }
}
