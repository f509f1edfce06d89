package dev.jury.consensus.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Accuracy on the small shared real datasets, against the published crowd-kit figures (Ustalov et
 * al., JOSS 2024) where there are some. Each case takes well under a second; the large {@code rel}
 * and {@code adult} sets are left to {@link GladMaceBenchmark}. Skipped, loudly, when this checkout
 * has no {@code shared/datasets} above it.
 */
class GladMaceRealDataTest {
    private static final Optional<Path> ROOT = RealDatasets.locate();

    static Stream<Arguments> cases() {
        // dataset, aggregator, floor (the published figure where there is one, else a margin
        // below what this implementation reached when the test was written)
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
        if (ROOT.isEmpty()) {
            System.err.println(
                    "*** SKIPPED "
                            + getClass().getSimpleName()
                            + ": no shared/datasets directory above "
                            + Path.of("").toAbsolutePath()
                            + " — real-data accuracy NOT checked ***");
        }
        assumeTrue(ROOT.isPresent(), "shared/datasets not found; real-data accuracy not checked");

        RealDatasets.Dataset data = RealDatasets.load(ROOT.get(), dataset);
        double accuracy = RealDatasets.accuracy(aggregator.fit(data.answers()), data.truth());

        assertThat(accuracy)
                .as("%s on %s", aggregator.name(), dataset)
                .isGreaterThanOrEqualTo(floor);
    }
}
