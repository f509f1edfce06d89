package dev.jury.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A job's checkpoint statistics as Flink's REST API reports them ({@code GET
 * /jobs/<id>/checkpoints}): how many completed, their end-to-end duration and the size of the
 * latest one. Read by {@code ./jury bench stream} and by the stream jobs' tests.
 *
 * @param completed checkpoints completed
 * @param failed checkpoints failed
 * @param durationP50Millis median end-to-end duration (trigger to last acknowledgement)
 * @param durationMaxMillis longest end-to-end duration
 * @param latestStateBytes full state size of the latest completed checkpoint
 * @param maxStateBytes largest full state size of any completed checkpoint
 */
public record FlinkCheckpointStats(
        long completed,
        long failed,
        long durationP50Millis,
        long durationMaxMillis,
        long latestStateBytes,
        long maxStateBytes) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Reads the statistics of one job.
     *
     * @param restPort the REST port of the job manager (a MiniCluster's, on 127.0.0.1)
     * @param jobId the job's id
     * @throws IOException if the job is not (yet) known there, or the request fails
     */
    public static FlinkCheckpointStats fetch(int restPort, String jobId)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + restPort
                                                + "/jobs/"
                                                + jobId
                                                + "/checkpoints"))
                        .timeout(Duration.ofSeconds(10))
                        .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "checkpoint statistics: HTTP " + response.statusCode() + " " + response.body());
        }
        return parse(JSON.readTree(response.body()));
    }

    static FlinkCheckpointStats parse(JsonNode root) {
        JsonNode summary = root.path("summary");
        return new FlinkCheckpointStats(
                root.path("counts").path("completed").asLong(),
                root.path("counts").path("failed").asLong(),
                Math.round(summary.path("end_to_end_duration").path("p50").asDouble()),
                summary.path("end_to_end_duration").path("max").asLong(),
                root.path("latest").path("completed").path("state_size").asLong(),
                summary.path("state_size").path("max").asLong());
    }
}
