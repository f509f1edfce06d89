package dev.jury.consensus.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Edge cases and invariances shared by the EM aggregators of this branch. */
class GladMaceEdgeCaseTest {

    static Stream<Aggregator> aggregators() {
        return Stream.of(new Glad(), new Mace());
    }

    @ParameterizedTest
    @MethodSource("aggregators")
    void aSingleAnswer(Aggregator aggregator) {
        Aggregation result = aggregator.fit(AnswerTable.of(List.of(new Vote("t", "w", "a"))));

        assertThat(result.label("t")).contains("a");
        assertWellFormed(result);
    }

    @ParameterizedTest
    @MethodSource("aggregators")
    void syntheticCrowdGivesWellFormedResults(Aggregator aggregator) {
        assertWellFormed(aggregator.fit(SyntheticCrowd.generate(42).table()));
    }

    @ParameterizedTest
    @MethodSource("aggregators")
    void answerOrderDoesNotMatter(Aggregator aggregator) {
        SyntheticCrowd crowd = SyntheticCrowd.generate(42);
        List<Vote> shuffled = new ArrayList<>(crowd.votes);
        Collections.shuffle(shuffled, new Random(7));

        Aggregation original = aggregator.fit(AnswerTable.of(crowd.votes));
        Aggregation reordered = aggregator.fit(AnswerTable.of(shuffled));

        // Same names, different indices: compare by name. Only rounding in sums may differ.
        for (String item : crowd.truth.keySet()) {
            Map<String, Double> expected = original.posterior(item).orElseThrow();
            Map<String, Double> actual = reordered.posterior(item).orElseThrow();
            for (Map.Entry<String, Double> e : expected.entrySet()) {
                assertThat(actual.get(e.getKey())).isCloseTo(e.getValue(), within(1e-9));
            }
            assertThat(reordered.label(item)).isEqualTo(original.label(item));
        }
    }

    /**
     * Renaming reverses the sorted order of the classes and renames every contributor. GLAD has no
     * randomness and is exactly invariant (up to rounding); MACE's random starts are keyed by
     * names, so different starts run, and the winner, stopped by the 50-iteration budget before
     * exact convergence, may sit at a slightly different point near the same optimum: its
     * posteriors agree to about 1e-3, its labels exactly.
     */
    @ParameterizedTest
    @MethodSource("aggregators")
    void renamingContributorsAndClassesDoesNotChangeTheLabels(Aggregator aggregator) {
        SyntheticCrowd crowd = SyntheticCrowd.generate(42);
        List<Vote> renamed = new ArrayList<>();
        for (Vote v : crowd.votes) {
            renamed.add(new Vote(v.task(), "anon-" + v.worker().hashCode(), rename(v.label())));
        }

        double tolerance = aggregator instanceof Glad ? 1e-9 : 1e-2;
        Aggregation original = aggregator.fit(AnswerTable.of(crowd.votes));
        Aggregation relabelled = aggregator.fit(AnswerTable.of(renamed));

        for (String item : crowd.truth.keySet()) {
            Map<String, Double> expected = original.posterior(item).orElseThrow();
            Map<String, Double> actual = relabelled.posterior(item).orElseThrow();
            for (Map.Entry<String, Double> e : expected.entrySet()) {
                assertThat(actual.get(rename(e.getKey())))
                        .isCloseTo(e.getValue(), within(tolerance));
            }
            assertThat(relabelled.label(item).orElseThrow())
                    .isEqualTo(rename(original.label(item).orElseThrow()));
        }
    }

    private static String rename(String label) {
        return switch (label) {
            case "c0" -> "zeta";
            case "c1" -> "eta";
            case "c2" -> "alpha";
            default -> throw new IllegalArgumentException(label);
        };
    }

    /**
     * Well formed as every aggregator's result must be, and more for these two: they always learn a
     * skill per contributor, and their objective never falls.
     */
    private static void assertWellFormed(Aggregation result) {
        AggregatorEdgeCasesTest.assertWellFormed(result);
        assertThat(result.workerSkills()).isPresent();
        double[] history = result.lossHistory();
        for (int i = 1; i < history.length; i++) {
            assertThat(history[i])
                    .isGreaterThanOrEqualTo(history[i - 1] - 1e-9 * Math.abs(history[i - 1]));
        }
    }
}
