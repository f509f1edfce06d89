package dev.jury.consensus.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import dev.jury.consensus.aggregation.MajorityVote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every metric must depend on who said what about which item, not on names or row order: the
 * dictionary encoding numbers things by first appearance and sorts classes by name, so renaming or
 * shuffling changes every index.
 */
class AgreementInvarianceTest {

    /**
     * Each metric reduced to a sorted vector of numbers, so that item and worker order drop out.
     */
    static Stream<Arguments> metrics() {
        return Stream.of(
                metric("Fleiss' kappa", AgreementInvarianceTest::fleiss),
                metric("Krippendorff's alpha", AgreementInvarianceTest::krippendorff),
                metric("mean pairwise Cohen's kappa", AgreementInvarianceTest::cohen),
                metric("agreement with consensus", AgreementInvarianceTest::consensus),
                metric("item entropy", AgreementInvarianceTest::entropy));
    }

    private static double[] fleiss(AnswerTable answers) {
        return new double[] {new FleissKappa().compute(answers).kappa().orElseThrow()};
    }

    private static double[] krippendorff(AnswerTable answers) {
        return new double[] {new KrippendorffAlpha().compute(answers).alpha().orElseThrow()};
    }

    private static double[] cohen(AnswerTable answers) {
        return new double[] {new CohenKappa().meanPairwise(answers, 3).meanKappa().orElseThrow()};
    }

    /** Sorted hard rates followed by sorted soft agreement sums. */
    private static double[] consensus(AnswerTable answers) {
        List<ConsensusAgreement.WorkerAgreement> workers =
                new ConsensusAgreement(0.6).compute(new MajorityVote().fit(answers)).workers();
        double[] hard =
                sorted(workers.stream().mapToDouble(w -> w.agreementRate().orElse(-1)).toArray());
        double[] soft =
                sorted(
                        workers.stream()
                                .mapToDouble(ConsensusAgreement.WorkerAgreement::expectedAgreed)
                                .toArray());
        return DoubleStream.concat(Arrays.stream(hard), Arrays.stream(soft)).toArray();
    }

    private static double[] entropy(AnswerTable answers) {
        ItemEntropy.Result result = new ItemEntropy().ofPosterior(new MajorityVote().fit(answers));
        return sorted(result.items().stream().mapToDouble(ItemEntropy.Item::normalized).toArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void ignoresNamesAndRowOrder(Function<AnswerTable, double[]> metric) {
        for (long seed = 1; seed <= 3; seed++) {
            AnswerTable original = Fixtures.random(seed, 40, 7, 4, 0.6);
            AnswerTable disguised = disguise(original, new Random(seed * 31));

            assertThat(metric.apply(disguised))
                    .containsExactly(metric.apply(original), within(1e-12));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void ignoresAnswerOrderAlone(Function<AnswerTable, double[]> metric) {
        AnswerTable original = Fixtures.random(11, 40, 7, 4, 0.6);
        List<Vote> votes = new ArrayList<>(original.votes());
        Collections.reverse(votes);

        assertThat(metric.apply(AnswerTable.of(votes)))
                .containsExactly(metric.apply(original), within(1e-12));
    }

    /** Renames items, contributors and classes (reversing the class order) and shuffles rows. */
    private static AnswerTable disguise(AnswerTable answers, Random random) {
        List<Vote> votes = new ArrayList<>();
        for (Vote v : answers.votes()) {
            int k = answers.labelIndex(v.label());
            votes.add(
                    new Vote(
                            "item-" + v.task().hashCode(),
                            "anon-" + (v.worker().hashCode() * 7919),
                            "class-" + (char) ('z' - k)));
        }
        Collections.shuffle(votes, random);
        return AnswerTable.of(votes);
    }

    private static double[] sorted(double[] values) {
        Arrays.sort(values);
        return values;
    }

    private static Arguments metric(String name, Function<AnswerTable, double[]> metric) {
        return Arguments.of(Named.of(name, metric));
    }
}
