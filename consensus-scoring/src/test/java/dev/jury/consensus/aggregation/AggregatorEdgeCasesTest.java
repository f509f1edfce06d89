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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Edge cases and invariances every batch aggregator must honour, with its default settings. */
class AggregatorEdgeCasesTest {

    static Stream<Aggregator> aggregators() {
        return Stream.of(
                new MajorityVote(),
                new Wawa(),
                new DawidSkene(),
                DawidSkene.empiricalBayes(),
                new OneCoinDawidSkene(),
                new Glad(),
                new Mace());
    }

    private static final List<Vote> SYNTHETIC = List.copyOf(SyntheticCrowd.generate(42).votes);
    private static final List<Vote> SWAP = List.copyOf(SwapCrowd.generate(7).votes);

    /**
     * Fits of the untransformed crowds, shared by the invariance tests to keep this class fast; an
     * {@link Aggregation} is immutable.
     */
    private static final Map<String, Aggregation> ORIGINAL_FITS = new ConcurrentHashMap<>();

    /** Each aggregator on each seeded toy crowd. */
    static Stream<Arguments> aggregatorsAndCrowds() {
        return aggregators()
                .flatMap(
                        a ->
                                Stream.of(
                                        Arguments.of(a, "synthetic", SYNTHETIC),
                                        Arguments.of(a, "swap", SWAP)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void oneContributorIsTakenAtTheirWord(Aggregator aggregator) {
        List<Vote> votes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            votes.add(new Vote("item-" + i, "solo", "c" + (i % 3)));
        }
        Aggregation result = aggregator.fit(AnswerTable.of(votes));

        for (Vote vote : votes) {
            assertThat(result.label(vote.task())).contains(vote.label());
        }
        assertWellFormed(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void unanimousItemsKeepTheirLabel(Aggregator aggregator) {
        List<Vote> votes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (int w = 0; w < 5; w++) {
                votes.add(new Vote("item-" + i, "w" + w, i % 4 == 0 ? "yes" : "no"));
            }
        }
        Aggregation result = aggregator.fit(AnswerTable.of(votes));

        for (int i = 0; i < 40; i++) {
            assertThat(result.label("item-" + i)).contains(i % 4 == 0 ? "yes" : "no");
            assertThat(result.posterior("item-" + i).orElseThrow().get(i % 4 == 0 ? "yes" : "no"))
                    .isGreaterThan(0.9);
        }
        assertWellFormed(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void aSingleClassIsCertain(Aggregator aggregator) {
        List<Vote> votes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (int w = 0; w <= i % 3; w++) {
                votes.add(new Vote("item-" + i, "w" + w, "only"));
            }
        }
        Aggregation result = aggregator.fit(AnswerTable.of(votes));

        for (int t = 0; t < result.answers().taskCount(); t++) {
            assertThat(result.posterior(t)).containsExactly(1.0);
        }
        assertWellFormed(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void aDeclaredClassNobodyChoseGetsAlmostNoPosterior(Aggregator aggregator) {
        AnswerTable.Builder builder = AnswerTable.builder().declareLabel("c9-unused");
        for (Vote v : SyntheticCrowd.generate(42).votes) {
            builder.add(v.task(), v.worker(), v.label());
        }
        AnswerTable answers = builder.build();
        int unused = answers.labelIndex("c9-unused");
        assertThat(answers.labelCount()).isEqualTo(4);

        Aggregation result = aggregator.fit(answers);

        for (int t = 0; t < answers.taskCount(); t++) {
            assertThat(result.posterior(t)[unused]).isLessThan(1e-2);
            assertThat(result.labelIndex(t)).isNotEqualTo(unused);
        }
        assertWellFormed(result);
    }

    @ParameterizedTest(name = "{0} on the {1} crowd")
    @MethodSource("aggregatorsAndCrowds")
    void answerOrderDoesNotChangeTheLabels(Aggregator aggregator, String crowd, List<Vote> votes) {
        List<Vote> shuffled = new ArrayList<>(votes);
        Collections.shuffle(shuffled, new Random(11));

        assertSameLabels(
                original(aggregator, crowd, votes),
                aggregator,
                shuffled,
                UnaryOperator.identity(),
                x -> x);
    }

    @ParameterizedTest(name = "{0} on the {1} crowd")
    @MethodSource("aggregatorsAndCrowds")
    void renamingContributorsDoesNotChangeTheLabels(
            Aggregator aggregator, String crowd, List<Vote> votes) {
        List<Vote> renamed = new ArrayList<>();
        for (Vote v : votes) {
            renamed.add(
                    new Vote(
                            v.task(),
                            "anon-" + Integer.toHexString(v.worker().hashCode()),
                            v.label()));
        }

        if (aggregator instanceof Mace) {
            // Documented limitation, not a bug: MACE seeds its random starts with a hash of each
            // contributor's name (see its Javadoc), so renamed contributors run different starts.
            // On the swap crowd a different local optimum then wins and 3 of 300 near-ambiguous
            // items change label. Its majority-vote start alone is exactly invariant.
            Aggregation before = original(aggregator, crowd, votes);
            Aggregation after = aggregator.fit(AnswerTable.of(renamed));
            long changed =
                    before.labels().entrySet().stream()
                            .filter(
                                    e ->
                                            !after.label(e.getKey())
                                                    .orElseThrow()
                                                    .equals(e.getValue()))
                            .count();
            assertThat(changed).isLessThanOrEqualTo(before.answers().taskCount() / 50);
            Mace majorityStartOnly =
                    new Mace(
                            1,
                            Mace.DEFAULT_MAX_ITERATIONS,
                            Mace.DEFAULT_TOLERANCE,
                            Mace.DEFAULT_SMOOTHING,
                            Mace.DEFAULT_SEED);
            assertSameLabels(
                    majorityStartOnly.fit(AnswerTable.of(votes)),
                    majorityStartOnly,
                    renamed,
                    UnaryOperator.identity(),
                    x -> x);
            return;
        }
        assertSameLabels(
                original(aggregator, crowd, votes),
                aggregator,
                renamed,
                UnaryOperator.identity(),
                x -> x);
    }

    @ParameterizedTest(name = "{0} on the {1} crowd")
    @MethodSource("aggregatorsAndCrowds")
    void renamingItemsDoesNotChangeTheLabels(
            Aggregator aggregator, String crowd, List<Vote> votes) {
        UnaryOperator<String> renameTask = t -> "task/" + new StringBuilder(t).reverse();
        List<Vote> renamed = new ArrayList<>();
        for (Vote v : votes) {
            renamed.add(new Vote(renameTask.apply(v.task()), v.worker(), v.label()));
        }

        assertSameLabels(
                original(aggregator, crowd, votes), aggregator, renamed, renameTask, x -> x);
    }

    @ParameterizedTest(name = "{0} on the {1} crowd")
    @MethodSource("aggregatorsAndCrowds")
    void renamingClassesInTheSameSortOrderDoesNotChangeTheLabels(
            Aggregator aggregator, String crowd, List<Vote> votes) {
        UnaryOperator<String> renameLabel =
                l ->
                        switch (l) {
                            case "c0" -> "apple";
                            case "c1" -> "banana";
                            case "c2" -> "cherry";
                            default -> throw new IllegalArgumentException(l);
                        };
        List<Vote> renamed = new ArrayList<>();
        for (Vote v : votes) {
            renamed.add(new Vote(v.task(), v.worker(), renameLabel.apply(v.label())));
        }

        assertSameLabels(
                original(aggregator, crowd, votes),
                aggregator,
                renamed,
                UnaryOperator.identity(),
                renameLabel);
    }

    @ParameterizedTest(name = "{0} on the {1} crowd")
    @MethodSource("aggregatorsAndCrowds")
    void posteriorsAreFiniteAndSumToOne(Aggregator aggregator, String crowd, List<Vote> votes) {
        assertWellFormed(original(aggregator, crowd, votes));
    }

    private static Aggregation original(Aggregator aggregator, String crowd, List<Vote> votes) {
        return ORIGINAL_FITS.computeIfAbsent(
                aggregator.name() + "/" + crowd, key -> aggregator.fit(AnswerTable.of(votes)));
    }

    private static void assertSameLabels(
            Aggregation before,
            Aggregator aggregator,
            List<Vote> transformed,
            UnaryOperator<String> taskName,
            UnaryOperator<String> labelName) {
        Aggregation after = aggregator.fit(AnswerTable.of(transformed));

        for (Map.Entry<String, String> e : before.labels().entrySet()) {
            assertThat(after.label(taskName.apply(e.getKey())))
                    .as("label of %s", e.getKey())
                    .contains(labelName.apply(e.getValue()));
        }
        assertWellFormed(after);
    }

    static void assertWellFormed(Aggregation result) {
        AnswerTable answers = result.answers();
        for (int t = 0; t < answers.taskCount(); t++) {
            double[] row = result.posterior(t);
            assertThat(row).hasSize(answers.labelCount());
            double sum = 0;
            for (double p : row) {
                assertThat(p).isFinite().isBetween(0.0, 1.0);
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-9));
        }
        result.workerSkills()
                .ifPresent(
                        skills -> {
                            assertThat(skills).hasSize(answers.workerCount());
                            for (double s : skills) {
                                assertThat(s).isFinite();
                            }
                        });
        for (double loss : result.lossHistory()) {
            assertThat(loss).isFinite();
        }
    }
}
