package dev.jury.consensus.agreement;

import static dev.jury.consensus.agreement.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohenKappaTest {
    private final CohenKappa cohen = new CohenKappa();

    /** 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15. */
    private static AnswerTable twoReaders() {
        List<Vote> votes = new ArrayList<>();
        int item = 0;
        int[][] cells = {{20, 1, 1}, {5, 1, 0}, {10, 0, 1}, {15, 0, 0}};
        for (int[] cell : cells) {
            for (int i = 0; i < cell[0]; i++, item++) {
                votes.add(new Vote("i" + item, "A", cell[1] == 1 ? "yes" : "no"));
                votes.add(new Vote("i" + item, "B", cell[2] == 1 ? "yes" : "no"));
            }
        }
        return AnswerTable.of(votes);
    }

    @Test
    void computesTheTwoByTwoTextbookCase() {
        // p_o = 35/50 = 0.7; A says yes 25/50, B 30/50: p_e = .5*.6 + .5*.4 = .5; kappa = .4.
        CohenKappa.Pair pair = cohen.pair(twoReaders(), "A", "B");

        assertThat(pair.sharedItems()).isEqualTo(50);
        assertThat(pair.observedAgreement()).isCloseTo(0.7, within(1e-12));
        assertThat(pair.expectedAgreement()).isCloseTo(0.5, within(1e-12));
        assertThat(pair.kappa()).hasValueCloseTo(0.4, within(1e-12));
        assertThat(cohen.pair(twoReaders(), "B", "A").kappa()).hasValueCloseTo(0.4, within(1e-12));
    }

    @Test
    void usesOnlyTheItemsBothContributorsAnswered() {
        AnswerTable answers =
                table(
                        "i1 A x", "i1 B x", "i2 A y", "i2 B y", "i3 A x", "i3 B y", "i4 A y",
                        "i5 B x");
        // Shared i1..i3: p_o = 2/3; A: x 2/3, y 1/3; B: x 1/3, y 2/3; p_e = 4/9;
        // kappa = (2/3 - 4/9) / (5/9) = 2/5.
        CohenKappa.Pair pair = cohen.pair(answers, "A", "B");

        assertThat(pair.sharedItems()).isEqualTo(3);
        assertThat(pair.kappa()).hasValueCloseTo(0.4, within(1e-12));
    }

    @Test
    void averagesPairsThatShareEnoughItems() {
        AnswerTable answers =
                table(
                        "i1 A x", "i1 B x", "i1 C x", "i2 A y", "i2 B y", "i2 C x", "i3 A x",
                        "i3 B y", "i4 A y", "i4 B y", "i5 C y", "i5 D y");
        // A-B share i1..i4: p_o = 3/4, A x 2/4, B x 1/4: p_e = 2/16 + 6/16 = 1/2 -> kappa 1/2.
        // A-C share i1, i2: p_o = 1/2, A: x,y; C: x,x -> p_e = 1/2 -> kappa 0.
        // B-C share i1, i2: same as A-C -> 0. C-D share i5 only: dropped at minShared = 2.
        CohenKappa.Summary summary = cohen.meanPairwise(answers, 2);

        assertThat(summary.pairs())
                .extracting(CohenKappa.Pair::workerA, CohenKappa.Pair::workerB)
                .containsExactly(tuple("A", "B"), tuple("A", "C"), tuple("B", "C"));
        assertThat(summary.meanKappa()).hasValueCloseTo(1.0 / 6, within(1e-12));
        assertThat(summary.definedPairs()).isEqualTo(3);
        assertThat(cohen.meanPairwise(answers, 4).pairs()).hasSize(1);
        assertThat(cohen.meanPairwise(answers, 5).meanKappa()).isEmpty();
    }

    @Test
    void meanPairwiseAgreesWithPairForEveryPair() {
        AnswerTable answers = Fixtures.random(7, 30, 5, 3, 0.7);
        for (CohenKappa.Pair pair : cohen.meanPairwise(answers, 1).pairs()) {
            assertThat(cohen.pair(answers, pair.workerA(), pair.workerB())).isEqualTo(pair);
        }
    }

    @Test
    void isUndefinedWhenBothUseOneClassThroughout() {
        CohenKappa.Pair pair = cohen.pair(table("i1 A x", "i1 B x", "i2 A x", "i2 B x"), "A", "B");

        assertThat(pair.observedAgreement()).isEqualTo(1.0);
        assertThat(pair.kappa()).isEmpty();
    }

    @Test
    void isUndefinedWithoutSharedItemsAndRefusesUnknownContributors() {
        AnswerTable answers = table("i1 A x", "i2 B x");

        assertThat(cohen.pair(answers, "A", "B").kappa()).isEmpty();
        assertThat(cohen.pair(answers, "A", "B").sharedItems()).isZero();
        assertThat(cohen.meanPairwise(answers, 1).pairs()).isEmpty();
        assertThatThrownBy(() -> cohen.pair(answers, "A", "nobody"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody");
        assertThatThrownBy(() -> cohen.meanPairwise(answers, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
