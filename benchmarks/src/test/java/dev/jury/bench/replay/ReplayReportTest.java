package dev.jury.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.bench.ConsensusBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayReportTest {

    @Test
    @DisplayName("percentiles are nearest-rank over the samples")
    void nearestRankPercentiles() {
        Latencies l = new Latencies();
        assertThat(l.percentile(50)).isEqualTo(-1);
        // 1..2000 in a scrambled order, to exercise the growth and the sort
        for (int i = 0; i < 2000; i++) {
            l.add((i * 7919L) % 2000 + 1);
        }
        assertThat(l.count()).isEqualTo(2000);
        assertThat(l.percentile(50)).isEqualTo(1000);
        assertThat(l.percentile(99)).isEqualTo(1980);
        assertThat(l.percentile(100)).isEqualTo(2000);
        assertThat(l.percentile(0.01)).isEqualTo(1);
        assertThatThrownBy(() -> l.percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("one sample is every percentile")
    void oneSample() {
        Latencies l = new Latencies();
        l.add(42_000);
        assertThat(l.percentile(50)).isEqualTo(42_000);
        assertThat(l.percentile(99)).isEqualTo(42_000);
    }

    @Test
    @DisplayName("the table shows rate, latency, labels used, agreement, and n/a without a chain")
    void tableWithoutChain() {
        Latencies l = new Latencies();
        for (int i = 1; i <= 100; i++) {
            l.add(i * 1_000L);
        }
        ReplayReport report = report(l, 0.9050, ChainFigures.none(), 0);

        assertThat(report.labelsPerSecond()).isEqualTo(500.0);
        assertThat(report.differencePoints())
                .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.agrees()).isTrue();
        assertThat(report.passed()).isTrue();
        String table = report.table();
        assertThat(table)
                .contains("| labels/s sustained ")
                .contains("| 500 |")
                .contains("50 ms / 99 ms")
                .contains("1,000 / 1,200 (83.3 %; 1,250 rows, repeats dropped)")
                .contains("0.9050 on 300 gold items")
                .contains("+0.50 points (agrees: within 1)")
                .contains("0.9000 (0.8900–0.9100), 1,100 labels (mean, lowest and highest of 5")
                .contains("| bench consensus adaptive-api  | 0.8950 (0.8800–0.9050)")
                .contains("+1.00 points (within its orders' range)")
                .contains("| accepted labels on chain      | n/a |")
                .contains("| gas per accepted label        | n/a |")
                .contains("| errors                        | 0 |");
    }

    @Test
    @DisplayName("a gap over one point, or any error, fails the replay")
    void disagreementOrErrorFails() {
        assertThat(report(new Latencies(), 0.8890, ChainFigures.none(), 0).passed()).isFalse();
        assertThat(report(new Latencies(), 0.9000, ChainFigures.none(), 1).passed()).isFalse();
        assertThat(report(new Latencies(), 0.8890, ChainFigures.none(), 0).table())
                .contains("DISAGREES");
        assertThat(report(new Latencies(), 0.8700, ChainFigures.none(), 0).table())
                .contains("-2.50 points (outside its orders' range)");
    }

    @Test
    @DisplayName("chain figures count distinct labels and epochs and divide gas by labels")
    void chainFigures() {
        List<ChainFigures.Record> records =
                List.of(
                        new ChainFigures.Record("l1", 1, "0xa"),
                        new ChainFigures.Record("l2", 1, "0xa"),
                        new ChainFigures.Record("l3", 2, "0xb"),
                        new ChainFigures.Record("l4", 2, "0xb"));
        ChainFigures f = ChainFigures.of(records, 212_000L);
        assertThat(f).isEqualTo(new ChainFigures(4L, 2L, 53_000.0));
        assertThat(ChainFigures.transactions(records)).containsExactlyInAnyOrder("0xa", "0xb");
        assertThat(ChainFigures.of(records, null).gasPerLabel()).isNull();
        assertThat(ChainFigures.of(List.of(), 5L)).isEqualTo(ChainFigures.none());
        assertThat(report(new Latencies(), 0.9, f, 0).table())
                .contains("| accepted labels on chain      | 4 |")
                .contains("| epochs                        | 2 |")
                .contains("| gas per accepted label        | 53,000 |");
    }

    @Test
    @DisplayName("the admin token comes from the demo's token file, or a message says what to do")
    void adminTokenFromDemoHome(@TempDir Path home) throws Exception {
        assertThatThrownBy(() -> ReplayOptions.demoAdminToken(Map.of("JURY_HOME", home.toString())))
                .hasMessageContaining("start `./jury demo` first");
        Files.writeString(home.resolve("demo-tokens.properties"), "admin=tok-123\nrequester=x\n");
        assertThat(ReplayOptions.demoAdminToken(Map.of("JURY_HOME", home.toString())))
                .isEqualTo("tok-123");
    }

    private static ReplayReport report(
            Latencies latencies, double accuracy, ChainFigures chain, long errors) {
        return new ReplayReport(
                "toy",
                "http://127.0.0.1:8080",
                40,
                40,
                1_000,
                1_200,
                1_250,
                2.0,
                latencies,
                0,
                0,
                500,
                500,
                accuracy,
                300,
                0,
                new ConsensusBench.Adaptive(0.9000, 0.8900, 0.9100, 300, 1_100, 42, 5),
                new ConsensusBench.Adaptive(0.8950, 0.8800, 0.9050, 300, 1_050, 42, 5),
                chain,
                errors,
                List.of());
    }
}
