package dev.jury.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The stream jobs on a running Flink session cluster, through its REST API: upload the job jar
 * ({@code POST /jars/upload}), run {@code dev.jury.stream.ClusterJob} from it ({@code POST
 * /jars/<id>/run}, optionally resuming from a retained checkpoint) and cancel it ({@code PATCH
 * /jobs/<id>?mode=cancel}). The same calls {@code infra/cluster/flink-cluster.sh submit} makes with
 * curl; plain HTTP, so the launcher needs no Flink client classes.
 *
 * <p>The checkpoint directory is a {@code file://} path on this machine: the TaskManagers write it
 * and the next submission reads it, which works because every process of the local cluster shares
 * one file system (on several machines it would be shared storage such as S3).
 */
public final class FlinkRestJobs {
    /** The job jar's entry point for a session cluster. */
    public static final String ENTRY_CLASS = "dev.jury.stream.ClusterJob";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param base the cluster's REST address, e.g. {@code http://127.0.0.1:8081}
     */
    public FlinkRestJobs(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /**
     * The stream jobs' job jar built by the stream-jobs module, looked up from the repository root
     * ({@code ./jury}) and from a module directory (tests).
     *
     * @return the jar's path
     * @throws IOException if it has not been built
     */
    public static Path locateJobJar() throws IOException {
        for (Path target :
                List.of(Path.of("stream-jobs", "target"), Path.of("..", "stream-jobs", "target"))) {
            if (!Files.isDirectory(target)) {
                continue;
            }
            try (Stream<Path> files = Files.list(target)) {
                var jar =
                        files.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                                .findFirst();
                if (jar.isPresent()) {
                    return jar.get().toAbsolutePath();
                }
            }
        }
        throw new IOException(
                "the stream jobs' job jar (stream-jobs/target/stream-jobs-*-job.jar) is not built:"
                        + " run ./jury build");
    }

    /**
     * Uploads the jar and runs the jobs from it.
     *
     * @param jar the job jar
     * @param settings the jobs' {@code key=value} settings ({@code StreamJobsConfig.OPTIONS})
     * @param parallelism the job's parallelism (at most the cluster's free slots)
     * @param resumeFrom a retained checkpoint or savepoint directory to resume from, or null
     * @return the job id
     * @throws IOException if the cluster refuses (its answer is in the message)
     */
    public String submit(Path jar, Map<String, String> settings, int parallelism, Path resumeFrom)
            throws IOException, InterruptedException {
        String jarId = upload(jar);
        // The job sets its default parallelism itself (ClusterJob ships it in the job graph), over
        // the request's: without the setting, it would run at the jobs' default of 1.
        Map<String, String> withParallelism = new LinkedHashMap<>(settings);
        withParallelism.put("parallelism", Integer.toString(parallelism));
        List<String> args = new ArrayList<>();
        withParallelism.forEach((k, v) -> args.add("--" + k + "=" + v));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("entryClass", ENTRY_CLASS);
        request.put("parallelism", parallelism);
        request.put("programArgsList", args);
        if (resumeFrom != null) {
            request.put("savepointPath", resumeFrom.toUri().toString());
        }
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(request))));
        return answer.get("jobid").asText();
    }

    /**
     * The job's state, e.g. {@code RUNNING}, {@code CANCELED}.
     *
     * @param jobId the job
     * @return Flink's state name
     * @throws IOException if the cluster does not answer or knows no such job
     */
    public String state(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId)).GET()).get("state").asText();
    }

    /**
     * Waits until every task of the job runs, so its first checkpoint can follow.
     *
     * @throws IOException if the job fails, or is still not running at the deadline
     */
    public void awaitRunning(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = send(HttpRequest.newBuilder(uri("/jobs/" + jobId)).GET());
            String state = job.get("state").asText();
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
                throw new IOException("job " + jobId + " is " + state + " on " + base);
            }
            boolean allRunning = "RUNNING".equals(state);
            for (JsonNode vertex : job.path("vertices")) {
                allRunning &= "RUNNING".equals(vertex.path("status").asText());
            }
            if (allRunning) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "job " + jobId + " still " + state + " after " + timeout + " on " + base);
            }
            Thread.sleep(250);
        }
    }

    /**
     * Cancels the job and waits until it is cancelled. Its last completed checkpoint stays on disk
     * (the jobs retain checkpoints on cancellation), which the next submission resumes from.
     */
    public void cancel(String jobId, Duration timeout) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!List.of("CANCELED", "FAILED", "FINISHED").contains(state(jobId))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("job " + jobId + " not cancelled after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "jury-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                + " filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(uri("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        // The answer names the stored file by its full path; runs refer to its last segment.
        String path = answer.get("filename").asText();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        request.timeout(Duration.ofMinutes(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "Flink at "
                            + base
                            + " answered "
                            + response.statusCode()
                            + " to "
                            + response.uri().getPath()
                            + ": "
                            + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }
}
