package dev.jury.infra.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jury.consensus.Vote;
import dev.jury.datasets.CrowdDataset;
import dev.jury.datasets.CrowdSimulator;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.ResolutionStatus;
import dev.jury.events.Topics;
import dev.jury.infra.DemoApiClient;
import dev.jury.infra.FlinkRestJobs;
import dev.jury.infra.LocalStack;
import dev.jury.infra.StackConfig;
import dev.jury.stream.kafka.EventSerializer;
import dev.jury.testsupport.CommittedTopic;
import dev.jury.testsupport.FreePorts;
import dev.jury.testsupport.TopicWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distributed path of the stream jobs, as separate processes on this machine: a Kafka broker
 * JVM ({@link KafkaBrokerProcess}), a standalone Flink session cluster of one JobManager and two
 * TaskManager JVMs started by {@code infra/cluster/flink-cluster.sh}, and the job jar submitted
 * through the cluster's REST API at parallelism 2. Everything started here is stopped by PID in
 * {@link #stopEverything()}, whatever the outcome.
 */
class FlinkClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PARALLELISM = 2;
    private static final int ITEMS_PER_PROJECT = 40;
    private static final long START_MILLIS = 1_767_225_600_000L;

    private static Path home;
    private static Path script;
    private static Process broker;
    private static String bootstrap;
    private static int restPort;
    private static int rpcPort;
    private static boolean clusterStarted;

    @BeforeAll
    static void startEverything() throws Exception {
        script = Path.of(requiredProperty("jury.flink.script"));
        home =
                Path.of(requiredProperty("jury.cluster.it.dir"))
                        .resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(home);
        int[] ports = FreePorts.find(3);
        restPort = ports[1];
        rpcPort = ports[2];
        broker = startBroker(home.resolve("kafka"), ports[0]);
        clusterStarted = true;
        Process up = cluster("up");
        if (!up.waitFor(6, TimeUnit.MINUTES)) {
            up.destroyForcibly();
            fail("flink-cluster.sh up did not finish in 6 minutes; logs in " + home);
        }
        assertThat(up.exitValue())
                .as("flink-cluster.sh up (output in %s)", home.resolve("cluster-up.out"))
                .isZero();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (clusterStarted) {
                Process down = cluster("down");
                if (!down.waitFor(2, TimeUnit.MINUTES)) {
                    down.destroyForcibly();
                }
            }
        } finally {
            if (broker != null) {
                // SIGTERM to the broker's own PID: its shutdown hook closes the log cleanly.
                broker.destroy();
                if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName(
            "the job jar runs at parallelism 2 on two TaskManagers against a separate broker JVM"
                    + " and resolves every item of a known-truth crowd")
    void jobJarOnStandaloneCluster() throws Exception {
        String base = "cluster-it-" + System.nanoTime();
        String labels = base + ".labels";
        String resolved = base + ".resolved";
        createTopics(Map.of(labels, 2, resolved, 2, base + ".reputation", 1, base + ".metrics", 1));

        // Consensus is keyed by project: two projects whose keys fall to different subtasks, so
        // each of the two parallel consensus instances (one per TaskManager) has work.
        List<String> projects = List.of(projectOnSubtask(0), projectOnSubtask(1));
        Map<String, String> truth = new HashMap<>();
        List<LabelSubmitted> crowd = new ArrayList<>();
        for (int p = 0; p < projects.size(); p++) {
            crowd.addAll(crowd(projects.get(p), 100 + p, truth));
        }
        produce(labels, crowd);

        Path jar = Path.of(requiredProperty("jury.job.jar"));
        assertThat(jar).as("the job jar (built by stream-jobs' package phase)").isRegularFile();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap", bootstrap);
        settings.put("topic.labels", labels);
        settings.put("topic.items-resolved", resolved);
        settings.put("topic.reputation", base + ".reputation");
        settings.put("topic.metrics", base + ".metrics");
        settings.put("kafka.group-id", base);
        settings.put("kafka.transactional-id-prefix", base);
        settings.put("restart.max-attempts", "0");
        settings.put("checkpoint.interval", "PT1S");
        settings.put("checkpoint.dir", home.resolve("checkpoints").toUri().toString());
        settings.put("source.bounded", "true");
        settings.put("consensus.min-labels", "3");
        settings.put("consensus.max-labels", "7");
        settings.put("consensus.confidence", "0.9");
        // The same client ./jury demo and ./jury cluster use to submit the job jar.
        String jobId = new FlinkRestJobs(uri("")).submit(jar, settings, PARALLELISM, null);
        JsonNode job = awaitFinished(jobId, Duration.ofMinutes(4));

        JsonNode consensus = null;
        for (JsonNode vertex : job.get("vertices")) {
            assertThat(vertex.get("parallelism").asInt())
                    .as("parallelism of %s", vertex.get("name").asText())
                    .isEqualTo(PARALLELISM);
            if (vertex.get("name").asText().startsWith("consensus")) {
                consensus = vertex;
            }
        }
        assertThat(consensus).as("a consensus vertex in %s", job.get("vertices")).isNotNull();
        JsonNode subtasks =
                get("/jobs/" + jobId + "/vertices/" + consensus.get("id").asText()).get("subtasks");
        Set<String> taskManagers = new HashSet<>();
        for (JsonNode subtask : subtasks) {
            taskManagers.add(subtask.get("taskmanager-id").asText());
            assertThat(subtask.at("/metrics/read-records").asLong())
                    .as("labels consensus subtask %s received", subtask.get("subtask"))
                    .isPositive();
        }
        assertThat(taskManagers).as("TaskManagers running consensus").hasSize(PARALLELISM);

        Map<String, ItemResolved> finals = finalDecisions(readCommitted(resolved), crowd);
        assertThat(finals.keySet()).isEqualTo(truth.keySet());
        assertThat(finals.values())
                .allSatisfy(r -> assertThat(r.status()).isNotEqualTo(NEEDS_MORE));
        for (String project : projects) {
            List<ItemResolved> ofProject =
                    finals.values().stream().filter(r -> r.projectId().equals(project)).toList();
            long correct =
                    ofProject.stream().filter(r -> r.label().equals(truth.get(r.itemId()))).count();
            assertThat((double) correct / ofProject.size())
                    .as("accuracy on project %s", project)
                    .isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName(
            "./jury demo with JURY_FLINK_REST runs its stream jobs on the session cluster: labels"
                    + " through the API come back resolved, and stopping leaves no job or process")
    void demoStackOnSessionCluster() throws Exception {
        Path stackHome = home.resolve("demo-stack");
        int[] ports = FreePorts.find(5);
        // As `JURY_FLINK_REST=http://127.0.0.1:<port> ./jury demo` reads it: embedded PostgreSQL
        // and Kafka, anvil, and the job jar submitted to this class's cluster.
        StackConfig config =
                StackConfig.fromEnvironment(
                        Map.of(
                                "JURY_HOME", stackHome.toString(),
                                "JURY_HTTP_PORT", String.valueOf(ports[0]),
                                "JURY_PG_PORT", String.valueOf(ports[1]),
                                "JURY_KAFKA_PORT", String.valueOf(ports[2]),
                                "JURY_FLINK_REST_PORT", String.valueOf(ports[3]),
                                "JURY_CHAIN_PORT", String.valueOf(ports[4]),
                                "JURY_FLINK_REST", uri("").toString()));
        Set<String> jobsBefore = jobIds();
        String jobId;
        try (LocalStack stack = LocalStack.start(config)) {
            Set<String> jobs = jobIds();
            jobs.removeAll(jobsBefore);
            assertThat(jobs).as("the stack's job on the session cluster").hasSize(1);
            jobId = jobs.iterator().next();
            assertThat(get("/jobs/" + jobId).get("state").asText()).isEqualTo("RUNNING");

            DemoApiClient api = new DemoApiClient("http://127.0.0.1:" + ports[0]);
            Properties tokens = DemoApiClient.seededTokens(stackHome);
            String project = tokens.getProperty("project");
            List<String> contributors = List.of("contributor", "contributor2", "contributor3");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            long resolved = 0;
            while (resolved == 0) {
                assertThat(System.nanoTime())
                        .as("an item resolved on the session cluster within 120 s; logs in " + home)
                        .isLessThan(deadline);
                for (String role : contributors) {
                    api.labelOne(project, tokens.getProperty(role));
                }
                // ItemResolved from the cluster's job, written into the API's read model.
                resolved =
                        api.send(
                                        "GET",
                                        "/api/v1/projects/" + project + "/progress",
                                        tokens.getProperty("requester"),
                                        null)
                                .at("/items/resolved")
                                .asLong();
                Thread.sleep(200);
            }
        }
        // Stopping the stack cancelled its job (the cluster itself keeps running) and stopped
        // every process it started: anvil and PostgreSQL name the data directory.
        assertThat(get("/jobs/" + jobId).get("state").asText()).isEqualTo("CANCELED");
        List<String> left =
                ProcessHandle.allProcesses()
                        .filter(p -> p.isAlive())
                        .map(p -> p.info().commandLine().orElse(""))
                        .filter(cmd -> cmd.contains(stackHome.toString()))
                        .toList();
        assertThat(left).as("processes of the stopped stack").isEmpty();
    }

    private static Set<String> jobIds() throws Exception {
        Set<String> ids = new HashSet<>();
        get("/jobs").get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    private static final ResolutionStatus NEEDS_MORE = ResolutionStatus.NEEDS_MORE_LABELS;

    /** A project id whose consensus state the keyed operator places on the given subtask. */
    private static String projectOnSubtask(int subtask) {
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(PARALLELISM);
        for (int i = 0; ; i++) {
            String id = "project-" + i;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(id, maxParallelism, PARALLELISM)
                    == subtask) {
                return id;
            }
        }
    }

    /** Labels of a simulated crowd (accuracies 0.7 to 0.95, 7 labels per item) for a project. */
    private static List<LabelSubmitted> crowd(
            String project, long seed, Map<String, String> truth) {
        CrowdDataset data =
                new CrowdSimulator(ITEMS_PER_PROJECT, 8, 3, 7, 0.7, 0.95, seed).generate();
        data.truth().forEach((item, label) -> truth.put(project + "/" + item, label));
        List<LabelSubmitted> out = new ArrayList<>();
        for (Vote v : data.votes()) {
            int n = out.size();
            out.add(
                    LabelSubmitted.create(
                            project + "-label-" + n,
                            project,
                            project + "/" + v.task(),
                            v.worker(),
                            LabelValue.ofChoice(v.label()),
                            null,
                            null,
                            null,
                            START_MILLIS + n * 400L,
                            1000));
        }
        return out;
    }

    /**
     * The last decision per item, after checking that each item's revisions are 1..n, each once,
     * with only the last one final: no label lost or counted twice on the way.
     */
    private static Map<String, ItemResolved> finalDecisions(
            List<ItemResolved> resolved, List<LabelSubmitted> crowd) {
        Map<String, List<ItemResolved>> byItem = new LinkedHashMap<>();
        resolved.forEach(r -> byItem.computeIfAbsent(r.itemId(), k -> new ArrayList<>()).add(r));
        Map<String, Long> labelsPerItem = new HashMap<>();
        crowd.forEach(l -> labelsPerItem.merge(l.itemId(), 1L, Long::sum));
        Map<String, ItemResolved> finals = new HashMap<>();
        byItem.forEach(
                (item, events) -> {
                    events.sort((a, b) -> Integer.compare(a.revision(), b.revision()));
                    for (int i = 0; i < events.size(); i++) {
                        assertThat(events.get(i).revision())
                                .as("revisions of %s", item)
                                .isEqualTo(i + 1);
                        assertThat(events.get(i).labelsUsed()).isEqualTo(i + 1);
                        assertThat(events.get(i).status() == NEEDS_MORE)
                                .as("only the last revision of %s is final", item)
                                .isEqualTo(i < events.size() - 1);
                    }
                    assertThat((long) events.size()).isLessThanOrEqualTo(labelsPerItem.get(item));
                    finals.put(item, events.get(events.size() - 1));
                });
        return finals;
    }

    // ---- processes ----

    private static Process startBroker(Path logDir, int port) throws Exception {
        Path out = home.resolve("kafka-broker.out");
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx384m",
                                "-XX:+UseSerialGC",
                                "-cp",
                                System.getProperty("java.class.path"),
                                KafkaBrokerProcess.class.getName(),
                                logDir.toString(),
                                String.valueOf(port))
                        .redirectErrorStream(true)
                        .start();
        // The first line that says so is the readiness signal; the rest goes to a file.
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump =
                new Thread(
                        () -> {
                            try (BufferedReader reader =
                                            new BufferedReader(
                                                    new InputStreamReader(
                                                            process.getInputStream(),
                                                            StandardCharsets.UTF_8));
                                    var writer = Files.newBufferedWriter(out)) {
                                for (String line; (line = reader.readLine()) != null; ) {
                                    writer.write(line);
                                    writer.newLine();
                                    writer.flush();
                                    if (line.startsWith(KafkaBrokerProcess.READY)) {
                                        ready.complete(line.split(" ")[1]);
                                    }
                                }
                            } catch (IOException e) {
                                ready.completeExceptionally(e);
                            }
                            ready.completeExceptionally(
                                    new IllegalStateException("broker exited; see " + out));
                        },
                        "kafka-broker-output");
        pump.setDaemon(true);
        pump.start();
        try {
            bootstrap = ready.get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the Kafka broker JVM did not start; see " + out, e);
        }
        assertThat(process.pid()).isNotEqualTo(ProcessHandle.current().pid());
        return process;
    }

    private static Process cluster(String command) throws IOException {
        ProcessBuilder pb =
                new ProcessBuilder("bash", script.toString(), command)
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("cluster-" + command + ".out").toFile());
        Map<String, String> env = pb.environment();
        env.put("JURY_FLINK_HOME", home.resolve("flink").toString());
        env.put("JURY_FLINK_REST_PORT", String.valueOf(restPort));
        env.put("JURY_FLINK_RPC_PORT", String.valueOf(rpcPort));
        env.put("JURY_FLINK_TASK_MANAGERS", "2");
        env.put("JURY_FLINK_START_TIMEOUT", "240");
        return pb.start();
    }

    // ---- Flink REST ----

    private static JsonNode awaitFinished(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/jobs/" + jobId);
            String state = job.get("state").asText();
            switch (state) {
                case "FINISHED":
                    return job;
                case "FAILED", "CANCELED", "CANCELLING", "FAILING":
                    fail("job " + state + ": " + get("/jobs/" + jobId + "/exceptions"));
                    break;
                default:
                    if (System.nanoTime() > deadline) {
                        fail("job still " + state + " after " + timeout + "; logs in " + home);
                    }
                    Thread.sleep(500);
            }
        }
    }

    private static JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        request.timeout(Duration.ofMinutes(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            fail("%s -> %d %s", response.uri(), response.statusCode(), response.body());
        }
        return JSON.readTree(response.body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    // ---- Kafka ----

    private static void createTopics(Map<String, Integer> partitions) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            partitions.forEach((name, n) -> topics.add(new NewTopic(name, n, (short) 1)));
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void produce(String topic, List<LabelSubmitted> labels) {
        // Keyed as the task API keys them (by item), so an item's labels stay in order.
        EventSerializer<LabelSubmitted> serializer =
                new EventSerializer<>(Topics.LABELS_SUBMITTED_SPEC, topic);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(labels.size());
        for (LabelSubmitted l : labels) {
            records.add(serializer.serialize(l, null, null));
        }
        TopicWriter.sendAll(bootstrap, records, Map.of());
    }

    /** Everything committed on the topic, read with read_committed once no transaction is open. */
    private static List<ItemResolved> readCommitted(String topic) {
        return CommittedTopic.read(bootstrap, topic, ItemResolved.CODEC::decode);
    }

    private static String requiredProperty(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    key + " is not set (failsafe sets it in infra/pom.xml)");
        }
        return value;
    }
}
