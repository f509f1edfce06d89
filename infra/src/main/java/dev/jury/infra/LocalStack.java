package dev.jury.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jury.api.ApiConfig;
import dev.jury.api.TaskApi;
import dev.jury.api.auth.Tokens;
import dev.jury.events.Topics;
import dev.jury.rewards.KafkaRewardsRunner;
import dev.jury.rewards.RewardsConfig;
import dev.jury.stream.LocalRunner;
import dev.jury.stream.StreamJobs;
import dev.jury.stream.StreamJobsConfig;
import dev.jury.testsupport.AnvilService;
import dev.jury.testsupport.KafkaService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The one-command local stack behind {@code ./jury demo}: PostgreSQL, a Kafka broker, the stream
 * jobs on a Flink MiniCluster and the task API, all on 127.0.0.1, with a sample project seeded and
 * tokens printed for the three roles. Every part can be swapped for an external one by an
 * environment variable ({@link StackConfig}). Data lives under one directory and survives a
 * restart; Ctrl-C stops everything this process started, in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    /**
     * The jobs' checkpoint interval in the demo: a quarter second, so a label's result reaches the
     * API within about that (the jobs' own default, 10 s, suits large production state).
     */
    static final Duration DEMO_CHECKPOINT_INTERVAL = Duration.ofMillis(250);

    private final StackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private boolean closed;
    private final long startNanos = System.nanoTime();
    private volatile TaskApi api;
    // Written by the start threads, read after they are joined (Future.get orders the accesses).
    private volatile Optional<Path> jobsResumedFrom = Optional.empty();
    private volatile ChainParts chain;
    private volatile Map<String, String> tokens;

    private LocalStack(StackConfig config) {
        this.config = config;
    }

    /**
     * Starts every part.
     *
     * @param config where things go
     * @return the running stack; close it to stop
     * @throws Exception if a part does not start (what started is stopped again)
     */
    public static LocalStack start(StackConfig config) throws Exception {
        LocalStack stack = new LocalStack(config);
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(config.home());
        // Each part starts on its own thread as soon as what it needs is up: PostgreSQL, Kafka and
        // the chain at once; the stream jobs once Kafka is; the API once PostgreSQL and Kafka are;
        // the rewards service once all three are. Started one after another they took the sum of
        // their times (about 21 s on an idle machine); now the longest chain of dependencies.
        ExecutorService parts =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "jury-demo-start");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            Future<ChainParts> chainStart =
                    parts.submit(
                            () -> {
                                ChainParts started = startChain();
                                done("chain");
                                return started;
                            });
            Future<ApiConfig.Database> databaseStart = parts.submit(this::startDatabase);
            Future<String> kafkaStart = parts.submit(this::startKafka);
            Future<?> jobsStart = parts.submit(() -> startJobs(collect(kafkaStart)));
            Future<KafkaRewardsRunner.Running> rewardsStart =
                    parts.submit(
                            () ->
                                    startRewards(
                                            collect(chainStart),
                                            collect(databaseStart),
                                            collect(kafkaStart)));
            Future<?> apiStart =
                    parts.submit(() -> startApi(collect(databaseStart), collect(kafkaStart)));
            // Every part is waited for (each tracks itself as it starts) before a failure is
            // reported, so none is still starting while the stack stops. A part whose
            // prerequisite failed fails with the same exception, reported once.
            Exception failure = null;
            for (Future<?> part :
                    List.of(
                            chainStart,
                            databaseStart,
                            kafkaStart,
                            jobsStart,
                            rewardsStart,
                            apiStart)) {
                try {
                    collect(part);
                } catch (Exception e) {
                    failure = firstOf(failure, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            chain = collect(chainStart);
        } finally {
            parts.shutdown();
        }
    }

    private static Exception firstOf(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        if (first != next) {
            first.addSuppressed(next);
        }
        return first;
    }

    /**
     * Waits for a background part; its failure is rethrown unless another is already on the way.
     */
    private static <T> T collect(Future<T> part) throws Exception {
        if (part == null) {
            return null;
        }
        try {
            return part.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * The chain's parts.
     *
     * @param node the local anvil to stop, or a no-op for an external chain
     * @param rpcUrl its JSON-RPC endpoint
     * @param chainId its chain id
     * @param key the recorder's key (never printed)
     * @param registry the registry's address
     * @param deployedNow whether this start deployed the registry
     */
    private record ChainParts(
            AutoCloseable node,
            String rpcUrl,
            long chainId,
            String key,
            String registry,
            boolean deployedNow) {}

    private ChainParts startChain() throws Exception {
        StackConfig.Chain external = config.externalChain();
        AutoCloseable node = () -> {};
        String rpcUrl;
        long chainId;
        String key;
        if (external == null) {
            Path state = config.home().resolve("chain").resolve("anvil-state.json");
            step("chain (anvil on 127.0.0.1:" + config.chainPort() + ", state in " + state + ")");
            AnvilService anvil = AnvilService.startForStack(config.chainPort(), state);
            track(anvil);
            node = anvil;
            rpcUrl = anvil.rpcUrl();
            chainId = AnvilService.CHAIN_ID;
            key = AnvilService.DEPLOYER_KEY;
        } else {
            step("chain at " + external.rpcUrl() + " (JURY_CHAIN_RPC)");
            rpcUrl = external.rpcUrl();
            chainId = external.chainId();
            key = external.key();
        }
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long nodeChainId = web3j.ethChainId().send().getChainId().longValueExact();
            if (nodeChainId != chainId) {
                throw new IllegalStateException(
                        "the chain at "
                                + rpcUrl
                                + " has chain id "
                                + nodeChainId
                                + ", not "
                                + chainId
                                + " (JURY_CHAIN_ID)");
            }
            Credentials recorder = Credentials.create(key);
            if (external != null && external.contract() != null) {
                if (!RegistryDeployment.hasCode(web3j, external.contract())) {
                    throw new IllegalStateException(
                            "no contract at " + external.contract() + " (JURY_CHAIN_CONTRACT)");
                }
                return new ChainParts(
                        node, rpcUrl, chainId, key, external.contract().toLowerCase(), false);
            }
            RegistryDeployment.Result registry =
                    RegistryDeployment.findOrDeploy(
                            web3j,
                            recorder,
                            chainId,
                            config.home().resolve("chain").resolve("registry.properties"));
            return new ChainParts(
                    node, rpcUrl, chainId, key, registry.address(), registry.deployedNow());
        } catch (Exception e) {
            node.close();
            throw e;
        } finally {
            web3j.shutdown();
        }
    }

    private KafkaRewardsRunner.Running startRewards(
            ChainParts parts, ApiConfig.Database database, String kafka) throws Exception {
        step("rewards service (epochs on chain " + parts.chainId() + ")");
        KafkaRewardsRunner.Running rewards =
                KafkaRewardsRunner.start(
                        rewardsConfig(
                                config.rewards(),
                                database,
                                kafka,
                                parts.rpcUrl(),
                                parts.chainId(),
                                parts.key(),
                                parts.registry()));
        // Tracked after PostgreSQL, Kafka and the chain it uses: stops before them.
        track(rewards);
        done("rewards service");
        return rewards;
    }

    /**
     * The rewards service's configuration in a stack: the stack's overrides, then where PostgreSQL,
     * Kafka and the chain are. Shared by the demo and the cluster's rewards process.
     */
    static RewardsConfig rewardsConfig(
            Map<String, String> overrides,
            ApiConfig.Database database,
            String kafka,
            String rpcUrl,
            long chainId,
            String key,
            String registry) {
        Properties p = new Properties();
        p.putAll(overrides);
        p.setProperty(RewardsConfig.KAFKA_BOOTSTRAP, kafka);
        p.setProperty(RewardsConfig.JDBC_URL, database.jdbcUrl());
        p.setProperty(RewardsConfig.JDBC_USER, database.user());
        p.setProperty(RewardsConfig.JDBC_PASSWORD, database.password());
        p.setProperty(RewardsConfig.RPC_URL, rpcUrl);
        p.setProperty(RewardsConfig.CHAIN_ID, Long.toString(chainId));
        p.setProperty(RewardsConfig.CONTRACT, registry);
        p.setProperty(RewardsConfig.RECORDER_KEY, key);
        return RewardsConfig.from(p);
    }

    /**
     * The stream jobs' settings in a stack, on a MiniCluster or a session cluster alike: Kafka, a
     * checkpoint directory that survives restarts and the demo's short checkpoint interval.
     */
    static Map<String, String> jobSettings(String kafka, Path checkpoints) {
        Map<String, String> flink = new LinkedHashMap<>();
        flink.put("kafka.bootstrap", kafka);
        flink.put("checkpoint.dir", checkpoints.toUri().toString());
        // Output is committed at each checkpoint, so the interval is the latency of every result
        // (and of the API learning an item needs another label). The demo's state is small.
        flink.put("checkpoint.interval", DEMO_CHECKPOINT_INTERVAL.toString());
        return flink;
    }

    private ApiConfig.Database startDatabase() throws Exception {
        ApiConfig.Database database = config.externalDatabase();
        if (database != null) {
            step("PostgreSQL at " + database.host() + ":" + database.port() + " (JURY_DB_URL)");
            return database;
        }
        step("PostgreSQL (embedded, data in " + config.home().resolve("postgres") + ")");
        database = startPostgres();
        done("PostgreSQL");
        return database;
    }

    /** Starts the broker (unless external) and creates the event topics; returns the bootstrap. */
    private String startKafka() throws Exception {
        String kafka = config.externalKafka();
        if (kafka == null) {
            step("Kafka (embedded KRaft, log in " + config.home().resolve("kafka") + ")");
            KafkaService.PrivateBroker broker =
                    KafkaService.startPrivate(config.home().resolve("kafka"), config.kafkaPort());
            track(broker);
            kafka = broker.bootstrapServers();
        } else {
            step("Kafka at " + kafka + " (JURY_KAFKA_BOOTSTRAP)");
        }
        // The topics exist before any producer or consumer starts, with their two partitions.
        createTopics(kafka);
        done("Kafka");
        return kafka;
    }

    private Void startJobs(String kafka) throws Exception {
        Path checkpoints = config.home().resolve("flink-checkpoints");
        // A restart resumes the jobs' state (consensus models, open items, reputation) from the
        // checkpoint the last run left, not only their input offsets: without it, items half
        // labelled before the restart would be decided on their later labels alone.
        Optional<Path> resumeFrom = LocalRunner.latestCheckpoint(checkpoints);
        jobsResumedFrom = resumeFrom;
        Map<String, String> flink = jobSettings(kafka, checkpoints);
        if (config.flinkRest() != null) {
            startJobsOnCluster(flink, resumeFrom);
        } else {
            step(
                    "Flink stream jobs (MiniCluster on 127.0.0.1:"
                            + config.flinkRestPort()
                            + ")"
                            + resumeFrom.map(p -> ", resuming from " + p).orElse(""));
            flink.put("local.rest-port", Integer.toString(config.flinkRestPort()));
            // The blob server only talks inside this JVM: any free port, so a second stack on the
            // machine (another data directory, other ports) does not collide on Flink's 6124.
            flink.put("local.blob-port", "0");
            JobClient job =
                    StreamJobs.kafka(StreamJobsConfig.parse(flink))
                            .startLocal(resumeFrom.map(Path::toString).orElse(null));
            track(() -> job.cancel().get());
        }
        done("Flink stream jobs");
        return null;
    }

    /** Starts the task API and seeds the sample project (once per data directory). */
    private Void startApi(ApiConfig.Database database, String kafka) throws Exception {
        step("task API on http://127.0.0.1:" + config.httpPort());
        ApiConfig apiConfig =
                ApiConfig.defaults(database, config.home().resolve("api"))
                        .withHttpPort(config.httpPort())
                        .withKafka(kafka)
                        .withAdminToken(adminToken());
        TaskApi started = TaskApi.start(apiConfig);
        track(started);
        api = started;
        done("task API");
        tokens = new SampleProject(api.baseUrl(), adminToken(), config.home()).seed();
        return null;
    }

    /**
     * Submits the job jar to the session cluster at {@code JURY_FLINK_REST}. Checkpoints go to
     * {@code JURY_HOME/flink-checkpoints}, which the cluster's TaskManagers must reach (same
     * machine, or a shared mount); stopping the stack cancels the job, its last checkpoint is
     * retained and the next start resumes from it.
     */
    private void startJobsOnCluster(Map<String, String> flink, Optional<Path> resumeFrom)
            throws Exception {
        step(
                "Flink stream jobs (job jar submitted to "
                        + config.flinkRest()
                        + ")"
                        + resumeFrom.map(p -> ", resuming from " + p).orElse(""));
        FlinkRestJobs cluster = new FlinkRestJobs(config.flinkRest());
        String jobId =
                cluster.submit(FlinkRestJobs.locateJobJar(), flink, 1, resumeFrom.orElse(null));
        track(() -> cluster.cancel(jobId, Duration.ofSeconds(60)));
        cluster.awaitRunning(jobId, Duration.ofMinutes(2));
    }

    private ApiConfig.Database startPostgres() throws IOException {
        track(embeddedPostgres(config.home().resolve("postgres"), config.postgresPort()));
        return new ApiConfig.Database("127.0.0.1", config.postgresPort(), "jury", "postgres", "");
    }

    /**
     * Starts zonky's embedded PostgreSQL on 127.0.0.1 with its data kept in {@code data}, and
     * creates the {@code jury} database once (user {@code postgres}, trust authentication).
     */
    static EmbeddedPostgres embeddedPostgres(Path data, int port) throws IOException {
        EmbeddedPostgres postgres =
                EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setRegisterShutdownHook(false)
                        .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                ResultSet rs =
                        c.createStatement()
                                .executeQuery("SELECT 1 FROM pg_database WHERE datname = 'jury'")) {
            if (!rs.next()) {
                c.createStatement().execute("CREATE DATABASE jury");
            }
        } catch (java.sql.SQLException e) {
            postgres.close();
            throw new IOException("cannot create the jury database", e);
        }
        return postgres;
    }

    /** Creates the event topics that do not exist yet, two partitions each. */
    static void createTopics(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing =
                    List.of(
                                    Topics.LABELS_SUBMITTED,
                                    Topics.ITEMS_RESOLVED,
                                    Topics.REPUTATION_UPDATED,
                                    Topics.CONTRIBUTIONS_RECORDED,
                                    Topics.PROJECT_METRICS)
                            .stream()
                            .filter(t -> !existing.contains(t))
                            .map(t -> new NewTopic(t, 2, (short) 1))
                            .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
    }

    /** The admin token, made once and kept in the data directory. */
    private String adminToken() throws IOException {
        Path file = config.home().resolve("admin-token");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String token = Tokens.issue();
        Files.writeString(file, token + "\n");
        return token;
    }

    private void step(String what) {
        System.out.printf("jury demo: [%5.1f s] starting %s%n", elapsedSeconds(), what);
    }

    private void done(String what) {
        System.out.printf("jury demo: [%5.1f s] %s up%n", elapsedSeconds(), what);
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The task API's base URL, {@code http://127.0.0.1:<port>}. */
    String apiBaseUrl() {
        return api.baseUrl();
    }

    /** The seeded accounts' tokens by role, and the sample project's id under "project". */
    Map<String, String> tokens() {
        return tokens;
    }

    /** The chain's JSON-RPC endpoint. */
    String chainRpcUrl() {
        return chain.rpcUrl();
    }

    /** The registry's address. */
    String registryAddress() {
        return chain.registry();
    }

    /** The retained checkpoint the stream jobs resumed from, if this start was a restart. */
    Optional<Path> jobsResumedFrom() {
        return jobsResumedFrom;
    }

    /** Whether this start deployed the registry (false: found from an earlier start). */
    boolean registryDeployedNow() {
        return chain.deployedNow();
    }

    /** Prints where everything is and how to use it. */
    void printReady() {
        System.out.printf("%njury demo: ready in %.1f s%n%n", elapsedSeconds());
        System.out.println(
                "  API        " + api.baseUrl() + "/api/v1  (OpenAPI: /api/v1/openapi.json)");
        System.out.println("  health     " + api.baseUrl() + "/health    metrics: /metrics");
        System.out.println(
                "  Flink      "
                        + (config.flinkRest() != null
                                ? config.flinkRest() + "  (JURY_FLINK_REST)"
                                : "http://127.0.0.1:" + config.flinkRestPort()));
        System.out.println("  UI         " + api.baseUrl() + "/  (sign in with a token below)");
        System.out.println(
                "  chain      "
                        + chain.rpcUrl()
                        + "  (chain id "
                        + chain.chainId()
                        + (config.externalChain() == null ? ", anvil" : ", JURY_CHAIN_RPC")
                        + ")");
        System.out.println(
                "  registry   "
                        + chain.registry()
                        + (chain.deployedNow() ? "  (deployed now)" : "  (deployed earlier)"));
        System.out.println("  data       " + config.home());
        System.out.println();
        tokens.forEach((role, token) -> System.out.printf("  %-12s %s%n", role, token));
        System.out.println();
        System.out.println(
                "  try:  curl -s -X POST -H 'Authorization: Bearer "
                        + tokens.get("contributor")
                        + "' "
                        + api.baseUrl()
                        + "/api/v1/projects/"
                        + tokens.get("project")
                        + "/next");
        System.out.println("\n  Ctrl-C stops everything.");
    }

    /**
     * Registers a started part to stop on {@link #close()}; after close (Ctrl-C during start-up) it
     * is stopped at once. Parts start on two threads, hence the lock.
     */
    private synchronized void track(AutoCloseable part) {
        if (closed) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("jury demo: stopping a part failed: " + e);
            }
            throw new IllegalStateException("jury demo is stopping");
        }
        started.push(part);
    }

    @Override
    public synchronized void close() {
        closed = true;
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("jury demo: stopping a part failed: " + e);
            }
        }
    }

    /** {@code ./jury demo}. */
    public static void main(String[] args) throws Exception {
        StackConfig config;
        try {
            config = StackConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("jury demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The hook is in place before anything starts: Ctrl-C during start-up stops what has
        // started so far (anvil and PostgreSQL are child processes that would outlive the JVM).
        LocalStack stack = new LocalStack(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println("\njury demo: stopping...");
                                    stack.close();
                                    stopped.countDown();
                                },
                                "jury-demo-stop"));
        try {
            stack.startAll();
        } catch (Exception e) {
            // Stopped by the hook; exit even if a library left a non-daemon thread behind.
            System.err.println("jury demo: could not start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        stack.printReady();
        stopped.await();
    }

    /** Creates the sample project and accounts once; later starts read them back. */
    static final class SampleProject {
        private final String baseUrl;
        private final String adminToken;
        private final Path file;
        private static final ObjectMapper MAPPER = new ObjectMapper();
        private final HttpClient http = HttpClient.newHttpClient();

        SampleProject(String baseUrl, String adminToken, Path home) {
            this.baseUrl = baseUrl;
            this.adminToken = adminToken;
            this.file = home.resolve("demo-tokens.properties");
        }

        Map<String, String> seed() throws Exception {
            Properties saved = new Properties();
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    saved.load(in);
                }
            } else {
                saved.setProperty("admin", adminToken);
                saved.setProperty("requester", token("Rita (requester)", "requester"));
                saved.setProperty("moderator", token("Mo (moderator)", "moderator"));
                saved.setProperty("contributor", token("Cleo (contributor)", "contributor"));
                saved.setProperty("contributor2", token("Carl (contributor)", "contributor"));
                saved.setProperty("contributor3", token("Cora (contributor)", "contributor"));
                String project =
                        json(
                                        "POST",
                                        "/api/v1/projects",
                                        saved.getProperty("requester"),
                                        "{\"name\":\"Movie review sentiment\",\"instructions\":\"Is the"
                                                + " review positive or negative?\",\"labelSchema\":{\"kind\":"
                                                + "\"single_choice\",\"classes\":[\"positive\",\"negative\"]},"
                                                + "\"overlap\":{\"minLabels\":1,\"maxLabels\":5,\"confidence\":0.9},"
                                                + "\"goldShare\":0.1,\"rewardPerLabel\":\"1000000\"}")
                                .get("id")
                                .asText();
                saved.setProperty("project", project);
                upload(project, saved.getProperty("requester"));
                try (OutputStream out = Files.newOutputStream(file)) {
                    saved.store(out, "jury demo: sample accounts (keep private)");
                }
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String key :
                    List.of(
                            "admin",
                            "requester",
                            "moderator",
                            "contributor",
                            "contributor2",
                            "contributor3",
                            "project")) {
                out.put(key, saved.getProperty(key));
            }
            return out;
        }

        private String token(String name, String role) throws Exception {
            JsonNode body =
                    json(
                            "POST",
                            "/api/v1/accounts",
                            adminToken,
                            "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
            return body.get("token").asText();
        }

        private void upload(String project, String token) throws Exception {
            String[] good = {
                "a moving, beautifully shot film", "sharp writing and a great cast",
                "I laughed from start to finish", "the best thriller this year"
            };
            String[] bad = {
                "dull and far too long", "the plot makes no sense",
                "wooden acting throughout", "I walked out after an hour"
            };
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                boolean positive = i % 2 == 0;
                String text = (positive ? good : bad)[i % 4] + " (review " + (i + 1) + ")";
                jsonl.append("{\"id\":\"review-")
                        .append(i + 1)
                        .append("\",\"text\":\"")
                        .append(text)
                        .append('"');
                if (i % 10 == 0) {
                    jsonl.append(",\"gold\":\"")
                            .append(positive ? "positive" : "negative")
                            .append('"');
                }
                jsonl.append("}\n");
            }
            json(
                    "POST",
                    "/api/v1/projects/" + project + "/items?format=jsonl",
                    token,
                    jsonl.toString());
        }

        private JsonNode json(String method, String path, String token, String body)
                throws Exception {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(baseUrl + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .method(
                                    method,
                                    HttpRequest.BodyPublishers.ofString(
                                            body, StandardCharsets.UTF_8))
                            .build();
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                        "seeding the demo failed: "
                                + method
                                + " "
                                + path
                                + " -> "
                                + response.statusCode()
                                + " "
                                + response.body());
            }
            return MAPPER.readTree(response.body());
        }
    }
}
