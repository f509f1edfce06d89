package dev.jury.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jury.consensus.aggregation.Aggregation;
import dev.jury.consensus.aggregation.Aggregator;
import dev.jury.consensus.aggregation.Glad;
import dev.jury.consensus.aggregation.Mace;
import dev.jury.datasets.CrowdDataset;
import dev.jury.datasets.GoldAccuracy;
import dev.jury.datasets.SharedDatasets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GLAD and MACE on the small shared real datasets, against the published crowd-kit figures (Ustalov
 * et al., JOSS 2024) where there are some. It lives here rather than in consensus-scoring because
 * the dataset loader and the gold scoring are in {@code datasets}, which depends on the core.
 * Skipped, loudly, where the shared datasets are absent.
 */
class RealDataAccuracyTest {

    static Stream<Arguments> cases() {
        // dataset, aggregator, floor (the published figure where there is one, else a margin
        // below what the implementation reached when the test was written)
        return Stream.of(
                Arguments.of("product", new Glad(), 0.925),
                Arguments.of("product", new Mace(), 0.929),
                Arguments.of("possent", new Glad(), 0.945),
                Arguments.of("possent", new Mace(), 0.950),
                Arguments.of("rte", new Glad(), 0.92),
                Arguments.of("rte", new Mace(), 0.92),
                Arguments.of("bluebirds", new Glad(), 0.70),
                Arguments.of("bluebirds", new Mace(), 0.88));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void reachesTheExpectedAccuracy(String dataset, Aggregator aggregator, double floor) {
        Optional<Path> dir = SharedDatasets.dataset(dataset);
        if (dir.isEmpty()) {
            System.err.println(
                    "*** SKIPPED RealDataAccuracyTest: ../shared/datasets/"
                            + dataset
                            + " not found; real-data accuracy NOT checked ***");
        }
        assumeTrue(dir.isPresent(), "shared dataset " + dataset + " not found");

        CrowdDataset data = CrowdDataset.load(dir.get());
        Aggregation result = aggregator.fit(data.answerTable());
        double accuracy =
                GoldAccuracy.score(data.truth(), task -> result.posterior(task).orElse(null))
                        .accuracy();

        assertThat(accuracy)
                .as("%s on %s", aggregator.name(), dataset)
                .isGreaterThanOrEqualTo(floor);
    }
}
