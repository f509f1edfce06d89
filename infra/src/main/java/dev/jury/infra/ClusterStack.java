package dev.jury.infra;

import dev.jury.infra.cluster.KafkaBrokerProcess;
import dev.jury.testsupport.AnvilService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * {@code ./jury cluster up|down|status}: Jury as a real multi-process deployment on this machine,
 * every process bound to 127.0.0.1 and recorded by PID:
 *
 * <ul>
 *   <li>PostgreSQL ({@link ClusterNode} {@code postgres}: embedded PostgreSQL in its own JVM),
 *   <li>a Kafka broker JVM ({@link KafkaBrokerProcess}),
 *   <li>a Flink session cluster: one JobManager and two TaskManager JVMs ({@code
 *       infra/cluster/flink-cluster.sh}), running the stream jobs' job jar at parallelism 2,
 *   <li>anvil with the ContributionRegistry deployed once,
 *   <li>the rewards service ({@link ClusterNode} {@code rewards}),
 *   <li>two task API instances ({@link ClusterNode} {@code api}) on two ports, each with its own
 *       data directory (search index) and the same database, Kafka and admin token.
 * </ul>
 *
 * <p>{@code up} returns once everything serves; the processes outlive it. Their PIDs are in {@code
 * <home>/pids} (Flink's in {@code <home>/flink/pid}), their logs in {@code <home>/logs}; {@code
 * down} cancels the job (its last checkpoint is retained in {@code <home>/flink-checkpoints} and
 * the next {@code up} resumes from it) and stops exactly those PIDs.
 */
public final class ClusterStack {
    /** TaskManagers, and so the job's parallelism (one slot each). */
    static final int TASK_MANAGERS = 2;

    private static final String JOB_ID_FILE = "flink-job.id";

    /**
     * Where the cluster lives and listens.
     *
     * @param home the cluster's directory ({@code JURY_HOME/cluster}; default {@code
     *     ./data/cluster})
     * @param flinkScript {@code infra/cluster/flink-cluster.sh}
     * @param jobJar the stream jobs' job jar
     * @param postgresPort {@code JURY_PG_PORT} (15432)
     * @param kafkaPort {@code JURY_KAFKA_PORT} (19092)
     * @param chainPort {@code JURY_CHAIN_PORT} (18545)
     * @param flinkRestPort {@code JURY_FLINK_REST_PORT} (8081)
     * @param flinkRpcPort {@code JURY_FLINK_RPC_PORT} (6123)
     * @param apiPorts {@code JURY_CLUSTER_API_PORTS}, one per API instance (8080,8082)
     * @param rewards the rewards service's overrides ({@code JURY_REWARDS_*} on the demo's
     *     defaults)
     */
    public record Settings(
            Path home,
            Path flinkScript,
            Path jobJar,
            int postgresPort,
            int kafkaPort,
            int chainPort,
            int flinkRestPort,
            int flinkRpcPort,
            List<Integer> apiPorts,
            Map<String, String> rewards) {

        public Settings {
            apiPorts = List.copyOf(apiPorts);
            rewards = Map.copyOf(rewards);
            if (apiPorts.isEmpty()) {
                throw new IllegalArgumentException("JURY_CLUSTER_API_PORTS names no port");
            }
        }

        /** Reads the settings; names the variable that is malformed. */
        public static Settings fromEnvironment(Map<String, String> env) throws IOException {
            StackConfig stack = StackConfig.fromEnvironment(env);
            List<Integer> apiPorts = new ArrayList<>();
            for (String p : env.getOrDefault("JURY_CLUSTER_API_PORTS", "8080,8082").split(",")) {
                try {
                    int port = Integer.parseInt(p.trim());
                    if (port < 1 || port > 65535) {
                        throw new NumberFormatException();
                    }
                    apiPorts.add(port);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "JURY_CLUSTER_API_PORTS must be ports separated by commas, got '"
                                    + p
                                    + "'");
                }
            }
            int rpc;
            try {
                rpc = Integer.parseInt(env.getOrDefault("JURY_FLINK_RPC_PORT", "6123").trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("JURY_FLINK_RPC_PORT must be a port number");
            }
            Path script = Path.of("infra", "cluster", "flink-cluster.sh");
            if (!Files.isRegularFile(script)) {
                script = Path.of("cluster", "flink-cluster.sh");
            }
            return new Settings(
                    stack.home().resolve("cluster"),
                    script.toAbsolutePath(),
                    FlinkRestJobs.locateJobJar(),
                    stack.postgresPort(),
                    stack.kafkaPort(),
                    stack.chainPort(),
                    stack.flinkRestPort(),
                    rpc,
                    apiPorts,
                    stack.rewards());
        }

        URI flinkRest() {
            return URI.create("http://127.0.0.1:" + flinkRestPort);
        }

        List<String> apiUrls() {
            return apiPorts.stream().map(p -> "http://127.0.0.1:" + p).toList();
        }
    }

    /**
     * What {@code up} started.
     *
     * @param apiUrls the API instances' base URLs
     * @param tokens the sample accounts' tokens by role, and the sample project's id
     * @param pids the processes by name (Flink's JVMs included)
     * @param registry the ContributionRegistry's address
     * @param chainRpc anvil's JSON-RPC URL
     * @param jobId the stream jobs' Flink job id
     */
    public record Running(
            List<String> apiUrls,
            Map<String, String> tokens,
            Map<String, Long> pids,
            String registry,
            String chainRpc,
            String jobId) {}

    private final Settings settings;
    private final Path pids;
    private final Path logs;
    private final long startNanos = System.nanoTime();

    public ClusterStack(Settings settings) {
        this.settings = settings;
        this.pids = settings.home().resolve("pids");
        this.logs = settings.home().resolve("logs");
    }

    /**
     * Starts every process and waits until each serves; on failure stops what started.
     *
     * @return what runs where
     * @throws Exception if a part does not start, or the cluster is already up
     */
    public Running up() throws Exception {
        if (!running().isEmpty()) {
            throw new IllegalStateException(
                    "already running (" + running() + "); `./jury cluster down` first");
        }
        Files.createDirectories(pids);
        Files.createDirectories(logs);
        try {
            return startAll();
        } catch (Exception e) {
            step("start failed (" + e.getMessage() + "); stopping what started");
            down();
            throw e;
        }
    }

    private Running startAll() throws Exception {
        Path home = settings.home();
        // The Flink JVMs start one after another and take longest: their script runs meanwhile.
        step("Flink session cluster (JobManager + " + TASK_MANAGERS + " TaskManagers)");
        Process flinkUp = flinkScript("up");

        step("PostgreSQL (its own JVM, data in " + home.resolve("postgres") + ")");
        Map<String, String> pgEnv = new LinkedHashMap<>();
        pgEnv.put("JURY_HOME", home.toString());
        pgEnv.put("JURY_PG_PORT", Integer.toString(settings.postgresPort()));
        startJvm("postgres", "96m", ClusterNode.READY, pgEnv, "postgres");
        String dbUrl = "postgresql://postgres@127.0.0.1:" + settings.postgresPort() + "/jury";

        step("Kafka broker (its own JVM, log in " + home.resolve("kafka") + ")");
        startJvm(
                "kafka",
                "384m",
                KafkaBrokerProcess.READY,
                Map.of(),
                "kafka",
                home.resolve("kafka").toString(),
                Integer.toString(settings.kafkaPort()));
        String kafka = "127.0.0.1:" + settings.kafkaPort();
        LocalStack.createTopics(kafka);

        step("chain (anvil on 127.0.0.1:" + settings.chainPort() + ")");
        AnvilService anvil =
                AnvilService.startForStack(
                        settings.chainPort(), home.resolve("chain").resolve("anvil-state.json"));
        writePid("anvil", anvil.pid());
        RegistryDeployment.Result registry = deployRegistry(anvil.rpcUrl());

        step("rewards service (its own JVM)");
        Map<String, String> rewardsEnv = new LinkedHashMap<>();
        rewardsEnv.put("JURY_DB_URL", dbUrl);
        rewardsEnv.put("JURY_KAFKA_BOOTSTRAP", kafka);
        rewardsEnv.put("JURY_CHAIN_RPC", anvil.rpcUrl());
        rewardsEnv.put("JURY_CHAIN_ID", Long.toString(AnvilService.CHAIN_ID));
        // In the environment, not on the command line, where every user's ps would show it.
        rewardsEnv.put("JURY_CHAIN_KEY", AnvilService.DEPLOYER_KEY);
        rewardsEnv.put("JURY_CHAIN_CONTRACT", registry.address());
        settings.rewards()
                .forEach((k, v) -> rewardsEnv.put("JURY_" + k.toUpperCase().replace('.', '_'), v));
        // The service reads payout wallets from the API's accounts table
        // (rewards.wallets.accounts.table): it starts once the first API instance (below) has
        // migrated the database.

        String admin = adminToken();
        List<String> apiUrls = settings.apiUrls();
        for (int i = 0; i < apiUrls.size(); i++) {
            // One after another: each migrates the schema (Flyway) and ensures the admin account
            // at start, which two instances starting at once would race on.
            step("task API " + (i + 1) + " on " + apiUrls.get(i));
            Map<String, String> apiEnv = new LinkedHashMap<>();
            apiEnv.put("JURY_DB_URL", dbUrl);
            apiEnv.put("JURY_KAFKA_BOOTSTRAP", kafka);
            apiEnv.put("JURY_HTTP_PORT", Integer.toString(settings.apiPorts().get(i)));
            apiEnv.put("JURY_DATA_DIR", home.resolve("api-" + (i + 1)).toString());
            apiEnv.put("JURY_ADMIN_TOKEN", admin);
            startJvm("api-" + (i + 1), "384m", ClusterNode.READY, apiEnv, "api");
            if (i == 0) {
                startJvm("rewards", "256m", ClusterNode.READY, rewardsEnv, "rewards");
            }
        }

        if (!flinkUp.waitFor(6, TimeUnit.MINUTES)) {
            flinkUp.destroyForcibly();
            throw new IOException("flink-cluster.sh up did not finish; see " + logs);
        }
        if (flinkUp.exitValue() != 0) {
            throw new IOException(
                    "flink-cluster.sh up failed; see " + logs.resolve("flink-up.log"));
        }
        Path checkpoints = home.resolve("flink-checkpoints");
        Optional<Path> resumeFrom = dev.jury.stream.LocalRunner.latestCheckpoint(checkpoints);
        step(
                "stream jobs on "
                        + settings.flinkRest()
                        + " at parallelism "
                        + TASK_MANAGERS
                        + resumeFrom.map(p -> ", resuming from " + p).orElse(""));
        FlinkRestJobs flink = new FlinkRestJobs(settings.flinkRest());
        String jobId =
                flink.submit(
                        settings.jobJar(),
                        LocalStack.jobSettings(kafka, checkpoints),
                        TASK_MANAGERS,
                        resumeFrom.orElse(null));
        Files.writeString(home.resolve(JOB_ID_FILE), jobId + "\n");
        flink.awaitRunning(jobId, Duration.ofMinutes(3));

        Map<String, String> tokens =
                new LocalStack.SampleProject(apiUrls.get(0), admin, home).seed();
        return new Running(apiUrls, tokens, running(), registry.address(), anvil.rpcUrl(), jobId);
    }

    private RegistryDeployment.Result deployRegistry(String rpcUrl) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            return RegistryDeployment.findOrDeploy(
                    web3j,
                    Credentials.create(AnvilService.DEPLOYER_KEY),
                    AnvilService.CHAIN_ID,
                    settings.home().resolve("chain").resolve("registry.properties"));
        } finally {
            web3j.shutdown();
        }
    }

    /**
     * Cancels the job and stops every recorded process, newest parts first.
     *
     * @return the processes still alive afterwards (empty: nothing left)
     */
    public List<String> down() throws Exception {
        Path jobFile = settings.home().resolve(JOB_ID_FILE);
        if (Files.exists(jobFile)) {
            String jobId = Files.readString(jobFile).trim();
            try {
                new FlinkRestJobs(settings.flinkRest()).cancel(jobId, Duration.ofSeconds(60));
                step("cancelled job " + jobId + " (last checkpoint retained)");
            } catch (IOException e) {
                step("could not cancel job " + jobId + ": " + e.getMessage());
            }
            Files.delete(jobFile);
        }
        for (String name : List.of("api-2", "api-1", "rewards")) {
            stop(name);
        }
        for (int i = 3; i <= settings.apiPorts().size(); i++) {
            stop("api-" + i);
        }
        if (Files.isRegularFile(settings.flinkScript())) {
            List<ProcessHandle> flinkJvms = new ArrayList<>();
            for (var e : running().entrySet()) {
                if (e.getKey().equals("jobmanager") || e.getKey().startsWith("taskmanager")) {
                    ProcessHandle.of(e.getValue()).ifPresent(flinkJvms::add);
                }
            }
            Process flinkDown = flinkScript("down");
            if (!flinkDown.waitFor(2, TimeUnit.MINUTES)) {
                flinkDown.destroyForcibly();
            }
            // The script stops waiting once a JVM's command line is gone, which happens while
            // the process is still exiting: wait until it has really ended.
            for (ProcessHandle jvm : flinkJvms) {
                try {
                    jvm.onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    step("Flink JVM " + jvm.pid() + " still exiting after 30 s");
                }
            }
        }
        for (String name : List.of("kafka", "anvil", "postgres")) {
            stop(name);
        }
        return running().keySet().stream().toList();
    }

    /** The recorded processes that are alive, by name; Flink's JVMs included. */
    public Map<String, Long> running() throws IOException {
        Map<String, Long> alive = new LinkedHashMap<>();
        for (Path dir : List.of(pids, settings.home().resolve("flink").resolve("pid"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (!name.endsWith(".pid")) {
                        continue;
                    }
                    long pid = Long.parseLong(Files.readString(f).trim());
                    if (ours(pid)) {
                        alive.put(name.substring(0, name.length() - 4), pid);
                    }
                }
            }
        }
        return alive;
    }

    // ---- processes ----

    private void startJvm(
            String name, String heap, String ready, Map<String, String> env, String... args)
            throws Exception {
        List<String> command = new ArrayList<>();
        // Its own session: the cluster outlives the launcher and Ctrl-C in its terminal.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        // Names the cluster on the command line, so a recycled PID is never taken for ours.
        command.add("-Djury.cluster.home=" + settings.home());
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=error");
        command.add("-Dorg.slf4j.simpleLogger.log.kafka=error");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterNode.class.getName());
        command.addAll(List.of(args));
        Path log = logs.resolve(name + ".log");
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process process = pb.start();
        writePid(name, process.pid());
        awaitReady(name, process, log, ready, Duration.ofMinutes(3));
    }

    private static void awaitReady(
            String name, Process process, Path log, String ready, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.exists(log)) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    if (lines.anyMatch(l -> l.startsWith(ready))) {
                        return;
                    }
                } catch (UncheckedIOException e) {
                    // A line half written: read again.
                }
            }
            if (!process.isAlive()) {
                throw new IOException(
                        name + " exited with " + process.exitValue() + " during start; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " not ready after " + timeout + "; see " + log);
            }
            Thread.sleep(100);
        }
    }

    private Process flinkScript(String command) throws IOException {
        ProcessBuilder pb =
                new ProcessBuilder("bash", settings.flinkScript().toString(), command)
                        .redirectErrorStream(true)
                        .redirectOutput(logs.resolve("flink-" + command + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("JURY_FLINK_HOME", settings.home().resolve("flink").toString());
        env.put("JURY_FLINK_REST_PORT", Integer.toString(settings.flinkRestPort()));
        env.put("JURY_FLINK_RPC_PORT", Integer.toString(settings.flinkRpcPort()));
        env.put("JURY_FLINK_TASK_MANAGERS", Integer.toString(TASK_MANAGERS));
        return pb.start();
    }

    private void writePid(String name, long pid) throws IOException {
        Files.writeString(pids.resolve(name + ".pid"), pid + "\n");
    }

    /** Whether the PID is alive and its command line names this cluster's directory. */
    private boolean ours(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            String cmdline =
                    Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                            .replace('\0', ' ');
            return cmdline.contains(settings.home().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, so each part shuts down cleanly; SIGKILL after 30 s. */
    private void stop(String name) throws Exception {
        Path file = pids.resolve(name + ".pid");
        if (!Files.exists(file)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(file).trim());
        if (ours(pid)) {
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            process.destroy();
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                step(name + " (pid " + pid + ") ignored SIGTERM for 30 s; killing it");
                process.destroyForcibly();
                process.onExit().get(10, TimeUnit.SECONDS);
            }
            step("stopped " + name + " (pid " + pid + ")");
        }
        Files.delete(file);
    }

    /** The admin token, made once and kept in the cluster's directory. */
    private String adminToken() throws IOException {
        Path file = settings.home().resolve("admin-token");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String token = dev.jury.api.auth.Tokens.issue();
        Files.writeString(file, token + "\n");
        return token;
    }

    private void step(String what) {
        System.out.printf(
                "jury cluster: [%5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, what);
    }

    private void printReady(Running r) {
        System.out.printf(
                "%njury cluster: ready in %.1f s%n%n", (System.nanoTime() - startNanos) / 1e9);
        for (int i = 0; i < r.apiUrls().size(); i++) {
            System.out.printf(
                    "  API %d      %s/api/v1   UI %s/%n",
                    i + 1, r.apiUrls().get(i), r.apiUrls().get(i));
        }
        System.out.println("  Flink      " + settings.flinkRest() + "  (job " + r.jobId() + ")");
        System.out.println("  chain      " + r.chainRpc() + "  registry " + r.registry());
        System.out.println("  PostgreSQL 127.0.0.1:" + settings.postgresPort() + "/jury");
        System.out.println("  Kafka      127.0.0.1:" + settings.kafkaPort());
        System.out.println("  data, logs " + settings.home());
        System.out.println();
        r.tokens().forEach((role, token) -> System.out.printf("  %-12s %s%n", role, token));
        System.out.println();
        r.pids().forEach((name, pid) -> System.out.printf("  pid %-8d %s%n", pid, name));
        System.out.println();
        System.out.println(
                "  replay: ./jury replay --dataset ../shared/datasets/bluebirds --target "
                        + String.join(",", r.apiUrls())
                        + " --admin-token "
                        + r.tokens().get("admin"));
        System.out.println("  stop:   ./jury cluster down");
    }

    /** {@code up}, {@code down} or {@code status}; exit status 0 on success. */
    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        Settings settings;
        try {
            settings = Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("jury cluster: " + e.getMessage());
            System.exit(2);
            return;
        }
        ClusterStack cluster = new ClusterStack(settings);
        switch (command) {
            case "up" -> {
                try {
                    cluster.printReady(cluster.up());
                } catch (Exception e) {
                    System.err.println("jury cluster: could not start: " + e);
                    System.exit(1);
                }
                System.exit(0);
            }
            case "down" -> {
                List<String> left = cluster.down();
                if (!left.isEmpty()) {
                    System.err.println("jury cluster: still running: " + left);
                    System.exit(1);
                }
                System.out.println("jury cluster: stopped; no process left");
                System.exit(0);
            }
            case "status" -> {
                Map<String, Long> alive = cluster.running();
                if (alive.isEmpty()) {
                    System.out.println("jury cluster: not running");
                    System.exit(3);
                }
                alive.forEach((name, pid) -> System.out.printf("  %-14s pid %d%n", name, pid));
                settings.apiUrls().forEach(u -> System.out.println("  API        " + u));
                System.out.println("  Flink      " + settings.flinkRest());
                System.exit(0);
            }
            default -> {
                System.err.println("usage: ./jury cluster up|down|status");
                System.exit(2);
            }
        }
    }
}
