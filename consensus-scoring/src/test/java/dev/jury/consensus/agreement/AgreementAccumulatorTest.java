package dev.jury.consensus.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgreementAccumulatorTest {

    @Test
    void matchesTheBatchStatisticsOnTheWorkedExamples() {
        AgreementAccumulator acc = new AgreementAccumulator();
        for (int[] item : Fixtures.FLEISS_COUNTS) {
            acc.add(item);
        }
        assertSame(acc, Fixtures.fromCounts(Fixtures.FLEISS_COUNTS));

        AnswerTable kripp = Fixtures.krippendorff2011();
        AgreementAccumulator fromTable = new AgreementAccumulator();
        for (int[] item : LabelCounts.perItem(kripp)) {
            fromTable.add(item);
        }
        assertThat(fromTable.krippendorffAlpha().alpha())
                .hasValueCloseTo(113.0 / 152, within(1e-12));
        assertSame(fromTable, kripp);
    }

    /**
     * Streams answers one at a time in random order, replacing each item's counts as it grows, and
     * checks after every answer that the accumulator equals the batch metrics on the answers so
     * far.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void equalsBatchAfterEveryStreamedAnswer(long seed) {
        List<Vote> all = new ArrayList<>(Fixtures.random(seed, 12, 6, 3, 0.6).votes());
        java.util.Collections.shuffle(all, new Random(seed));
        AnswerTable shape = AnswerTable.of(all);
        int[][] counts = new int[shape.taskCount()][shape.labelCount()];
        AgreementAccumulator acc = new AgreementAccumulator();
        List<Vote> seen = new ArrayList<>();
        for (Vote vote : all) {
            int[] item = counts[shape.taskIndex(vote.task())];
            int[] before = item.clone();
            item[shape.labelIndex(vote.label())]++;
            acc.replace(before, item);
            seen.add(vote);
            assertSame(acc, AnswerTable.of(seen));
        }
    }

    @Test
    void returnsToTheSameStateAfterRemovals() {
        Random random = new Random(42);
        AgreementAccumulator acc = new AgreementAccumulator();
        List<int[]> kept = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int[] item = {random.nextInt(4), random.nextInt(4), random.nextInt(4)};
            acc.add(item);
            if (i % 3 == 0) {
                acc.remove(item); // a window sliding past this item
            } else {
                kept.add(item);
            }
        }
        AgreementAccumulator fresh = new AgreementAccumulator();
        kept.forEach(fresh::add);

        // Exact integer state: not merely close, identical.
        assertThat(acc.krippendorffAlpha()).isEqualTo(fresh.krippendorffAlpha());
        assertThat(acc.fleissKappa()).isEqualTo(fresh.fleissKappa());
        for (int[] item : kept) {
            acc.remove(item);
        }
        assertThat(acc.pairableItems()).isZero();
        assertThat(acc.krippendorffAlpha().alpha()).isEmpty();
        assertThat(acc.fleissKappa().kappa()).isEmpty();
    }

    @Test
    void mergesAndCopiesIndependently() {
        AgreementAccumulator left = new AgreementAccumulator();
        AgreementAccumulator right = new AgreementAccumulator();
        AgreementAccumulator both = new AgreementAccumulator();
        for (int i = 0; i < Fixtures.FLEISS_COUNTS.length; i++) {
            (i % 2 == 0 ? left : right).add(Fixtures.FLEISS_COUNTS[i]);
            both.add(Fixtures.FLEISS_COUNTS[i]);
        }
        AgreementAccumulator merged = left.copy();
        merged.merge(right);

        assertThat(merged.fleissKappa()).isEqualTo(both.fleissKappa());
        assertThat(merged.krippendorffAlpha()).isEqualTo(both.krippendorffAlpha());
        assertThat(left.pairableItems()).isEqualTo(5);
    }

    @Test
    void ignoresItemsWithFewerThanTwoAnswersAndAcceptsVectorsOfAnyLength() {
        AgreementAccumulator acc = new AgreementAccumulator();
        acc.add(new int[] {0, 1});
        acc.remove(new int[] {1});
        acc.add(new int[] {2});
        acc.add(new int[] {0, 0, 2});
        acc.add(new int[] {1, 0, 1, 0});

        assertThat(acc.pairableItems()).isEqualTo(3);
        assertThat(acc.pairableValues()).isEqualTo(6);
        // a a | c c | a c: D_o = 2/6, n_a = n_c = 3, D_e = 18/30; alpha = 1 - (1/3)/(3/5) = 4/9.
        assertThat(acc.krippendorffAlpha().alpha()).hasValueCloseTo(4.0 / 9, within(1e-12));
    }

    @Test
    void refusesToRemoveWhatWasNeverAddedAndStaysUnchanged() {
        AgreementAccumulator acc = new AgreementAccumulator();
        acc.add(new int[] {2, 1});
        KrippendorffAlpha.Result before = acc.krippendorffAlpha();

        assertThatThrownBy(() -> acc.remove(new int[] {0, 3}))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> acc.remove(new int[] {1, 1, 1}))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> acc.add(new int[] {2, -1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(acc.krippendorffAlpha()).isEqualTo(before);
    }

    private static void assertSame(AgreementAccumulator acc, AnswerTable answers) {
        KrippendorffAlpha.Result alpha = new KrippendorffAlpha().compute(answers);
        FleissKappa.Result kappa = new FleissKappa().compute(answers);
        KrippendorffAlpha.Result streamedAlpha = acc.krippendorffAlpha();
        FleissKappa.Result streamedKappa = acc.fleissKappa();

        assertThat(streamedAlpha.pairableItems()).isEqualTo(alpha.pairableItems());
        assertThat(streamedAlpha.pairableValues()).isEqualTo(alpha.pairableValues());
        if (alpha.pairableItems() == 0) {
            // Nothing pairable yet: both sides must say so, with NaN parts.
            assertThat(streamedAlpha).isEqualTo(alpha);
            assertThat(streamedKappa).isEqualTo(kappa);
            return;
        }
        assertClose(streamedAlpha.alpha(), alpha.alpha());
        assertThat(streamedAlpha.observedDisagreement())
                .isCloseTo(alpha.observedDisagreement(), within(1e-12));
        assertThat(streamedKappa.items()).isEqualTo(kappa.items());
        assertClose(streamedKappa.kappa(), kappa.kappa());
        assertThat(streamedKappa.expectedAgreement())
                .isCloseTo(kappa.expectedAgreement(), within(1e-12));
    }

    private static void assertClose(OptionalDouble actual, OptionalDouble expected) {
        assertThat(actual.isPresent()).isEqualTo(expected.isPresent());
        if (expected.isPresent()) {
            assertThat(actual.getAsDouble()).isCloseTo(expected.getAsDouble(), within(1e-12));
        }
    }
}
