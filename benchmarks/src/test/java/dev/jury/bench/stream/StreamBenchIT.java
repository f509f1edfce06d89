package dev.jury.bench.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.testsupport.KafkaService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code ./jury bench stream} on a tiny synthetic crowd, so the tool cannot rot: the real
 * broker, the real job with checkpoints and exactly-once sinks, and the figures it prints.
 */
class StreamBenchIT {

    @Test
    // About 20 s on an idle 2-core machine (broker and MiniCluster start-up included).
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    @DisplayName("a tiny synthetic crowd goes through Kafka and the jobs and is reported in full")
    void tinySyntheticRun() throws Exception {
        StreamBench.Options options =
                StreamBench.Options.parse(
                        new String[] {
                            "--dataset", "none",
                            "--synthetic-labels", "3000",
                            "--projects", "2",
                            "--rate", "2000",
                            "--checkpoint-ms", "200"
                        });
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<StreamBench.Result> results =
                StreamBench.run(
                        options,
                        KafkaService.shared(),
                        new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results).hasSize(1);
        StreamBench.Result r = results.get(0);
        assertThat(r.labels()).isEqualTo(3000);
        // Every accepted label emits one revision; late labels for final items emit none.
        assertThat(r.resolvedEvents()).isBetween(600L, 3000L);
        assertThat(r.latency().getTotalCount()).isEqualTo(r.resolvedEvents());
        // Offered at 2,000 labels/s, 3,000 labels take at least 1.5 s.
        assertThat(r.seconds()).isGreaterThanOrEqualTo(1.5);
        assertThat(r.checkpoints().completed()).isPositive();
        assertThat(r.checkpoints().latestStateBytes()).isPositive();
        assertThat(r.cpuMicrosPerLabel()).as("process CPU per label").isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("synthetic", "labels/s", "cpu us/l", "p99 ms", "ckpt p50/max");
    }

    @Test
    @DisplayName("bad options are refused with the reason")
    void refusesBadOptions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> StreamBench.Options.parse(new String[] {"--rate", "fast"}))
                .hasMessageContaining("--rate needs an integer");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                StreamBench.Options.parse(
                                        new String[] {"--dataset", "/no/such/dataset"}))
                .hasMessageContaining("no dataset");
    }
}
