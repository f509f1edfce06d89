package dev.jury.consensus.agreement;

import static dev.jury.consensus.agreement.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.aggregation.Aggregation;
import dev.jury.consensus.aggregation.MajorityVote;
import org.junit.jupiter.api.Test;

class ItemEntropyTest {
    // Four classes in the table: w, x, y, z.
    private static final AnswerTable ANSWERS =
            table(
                    "sure A x",
                    "sure B x",
                    "sure C x",
                    "split A x",
                    "split B y",
                    "quad A w",
                    "quad B x",
                    "quad C y",
                    "quad D z",
                    "lone A z");

    @Test
    void measuresVoteEntropyInBits() {
        ItemEntropy.Result r = new ItemEntropy().ofVotes(ANSWERS);

        assertThat(r.unit()).isEqualTo(ItemEntropy.Unit.BITS);
        assertThat(r.items())
                .extracting(ItemEntropy.Item::task)
                .containsExactly("sure", "split", "quad", "lone");
        assertThat(r.items().get(0).entropy()).isZero();
        assertThat(r.items().get(1).entropy()).isCloseTo(1.0, within(1e-12));
        assertThat(r.items().get(2).entropy()).isCloseTo(2.0, within(1e-12));
        // Normalised by log 4: a 50/50 split of two answers is half as uncertain as a 4-way one.
        assertThat(r.items().get(1).normalized()).isCloseTo(0.5, within(1e-12));
        assertThat(r.items().get(2).normalized()).isCloseTo(1.0, within(1e-12));
        assertThat(r.items().get(3).normalized()).isZero();
        assertThat(r.items().get(2).answers()).isEqualTo(4);
        assertThat(r.meanNormalized()).isCloseTo(1.5 / 4, within(1e-12));
    }

    @Test
    void natsDifferFromBitsByLnTwoButNormaliseTheSame() {
        ItemEntropy.Result bits = new ItemEntropy(ItemEntropy.Unit.BITS).ofVotes(ANSWERS);
        ItemEntropy.Result nats = new ItemEntropy(ItemEntropy.Unit.NATS).ofVotes(ANSWERS);

        for (int t = 0; t < bits.items().size(); t++) {
            assertThat(nats.items().get(t).entropy())
                    .isCloseTo(bits.items().get(t).entropy() * Math.log(2), within(1e-12));
            assertThat(nats.items().get(t).normalized())
                    .isCloseTo(bits.items().get(t).normalized(), within(1e-12));
        }
    }

    @Test
    void measuresThePosteriorOfAnAggregation() {
        Aggregation skewed =
                new Aggregation(
                        ANSWERS,
                        new double[][] {
                            {0, 1, 0, 0},
                            {0, 0.5, 0.5, 0},
                            {0.25, 0.25, 0.25, 0.25},
                            {0.1, 0.2, 0.3, 0.4}
                        },
                        null,
                        null,
                        null);
        ItemEntropy.Result r = new ItemEntropy(ItemEntropy.Unit.NATS).ofPosterior(skewed);

        double expected =
                -(0.1 * Math.log(0.1)
                        + 0.2 * Math.log(0.2)
                        + 0.3 * Math.log(0.3)
                        + 0.4 * Math.log(0.4));
        assertThat(r.items().get(3).entropy()).isCloseTo(expected, within(1e-12));
        assertThat(r.items().get(3).normalized()).isCloseTo(expected / Math.log(4), within(1e-12));
        assertThat(r.items().get(2).normalized()).isCloseTo(1.0, within(1e-12));
        assertThat(new ItemEntropy().ofPosterior(new MajorityVote().fit(ANSWERS)))
                .isEqualTo(new ItemEntropy().ofVotes(ANSWERS));
    }

    @Test
    void isZeroWhenTheTableHasASingleClass() {
        ItemEntropy.Result r = new ItemEntropy().ofVotes(table("i1 A x", "i1 B x", "i2 A x"));

        assertThat(r.items())
                .allSatisfy(
                        item -> {
                            assertThat(item.entropy()).isZero();
                            assertThat(item.normalized()).isZero();
                        });
    }
}
