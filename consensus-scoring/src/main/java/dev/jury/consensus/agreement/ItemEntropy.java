package dev.jury.consensus.agreement;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.aggregation.Aggregation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Per-item uncertainty as the Shannon entropy of a class distribution: either the posterior an
 * {@link Aggregation} assigns, or the raw shares of the answers.
 *
 * <p>Shannon, C. E. (1948). A mathematical theory of communication. <i>Bell System Technical
 * Journal</i> 27(3), 379–423. doi:10.1002/j.1538-7305.1948.tb01338.x
 *
 * <pre>
 *   H(p)       = - sum_k p_k log p_k        (0 log 0 = 0)
 *   normalised = H(p) / log K               in [0, 1]; 0 when K = 1
 * </pre>
 *
 * <p>{@code K} is the number of classes of the answer table, the same for every item, so that
 * normalised values compare across items: 0 is a certain item, 1 a uniform one. An item with {@code
 * n < K} answers cannot reach 1 on its raw votes; that is intended, as it is less uncertain than a
 * uniform split of {@code K} or more answers would be. The unit ({@link Unit#BITS} by default, or
 * {@link Unit#NATS}) sets the logarithm base of {@code H}; the normalised value does not depend on
 * it.
 *
 * <p>Use it to route items: high posterior entropy asks for more answers or an expert review.
 *
 * <pre>{@code
 * ItemEntropy.Result r = new ItemEntropy().ofPosterior(new MajorityVote().fit(answers));
 * r.items().stream().filter(i -> i.normalized() > 0.8).map(ItemEntropy.Item::task)...
 * }</pre>
 */
public final class ItemEntropy {

    /** Logarithm base of the entropy. */
    public enum Unit {
        /** Base 2: a fair coin has 1 bit. */
        BITS,
        /** Base e: a fair coin has {@code ln 2 ≈ 0.693} nats. */
        NATS;

        double log(double x) {
            return this == BITS ? Math.log(x) / Math.log(2) : Math.log(x);
        }
    }

    private final Unit unit;

    /** Entropy in bits. */
    public ItemEntropy() {
        this(Unit.BITS);
    }

    /** Entropy in the given unit, never null. */
    public ItemEntropy(Unit unit) {
        this.unit = Objects.requireNonNull(unit, "unit");
    }

    /**
     * Entropy of one item.
     *
     * @param task the item's name
     * @param answers the answers it received
     * @param entropy {@code H} in {@link Result#unit()}
     * @param normalized {@code H / log K}, in {@code [0, 1]}
     */
    public record Item(String task, int answers, double entropy, double normalized) {}

    /**
     * Entropy of every item.
     *
     * @param items one per item, in the table's item order; never null
     * @param unit the unit of {@link Item#entropy()}
     */
    public record Result(List<Item> items, Unit unit) {
        /** Copies {@code items}. */
        public Result {
            items = List.copyOf(items);
        }

        /** Mean normalised entropy over the items; NaN if there are none. */
        public double meanNormalized() {
            return items.stream().mapToDouble(Item::normalized).average().orElse(Double.NaN);
        }
    }

    /** Entropy of each item's posterior. */
    public Result ofPosterior(Aggregation aggregation) {
        AnswerTable answers = aggregation.answers();
        int[] perTask = answers.answersPerTask();
        List<Item> items = new ArrayList<>(answers.taskCount());
        for (int t = 0; t < answers.taskCount(); t++) {
            items.add(item(answers.taskName(t), perTask[t], aggregation.posterior(t)));
        }
        return new Result(items, unit);
    }

    /** Entropy of each item's raw answer shares (what majority vote's posterior would be). */
    public Result ofVotes(AnswerTable answers) {
        int[][] counts = LabelCounts.perItem(answers);
        List<Item> items = new ArrayList<>(counts.length);
        for (int t = 0; t < counts.length; t++) {
            int n = LabelCounts.total(counts[t]);
            double[] shares = new double[counts[t].length];
            for (int k = 0; k < shares.length; k++) {
                shares[k] = (double) counts[t][k] / n;
            }
            items.add(item(answers.taskName(t), n, shares));
        }
        return new Result(items, unit);
    }

    /**
     * Entropy of one distribution in this instance's unit.
     *
     * @param distribution non-negative entries summing to 1 (not checked; pass a normalised row)
     */
    public double entropy(double[] distribution) {
        double nats = 0;
        for (double p : distribution) {
            // 0 log 0 is taken as its limit, 0; a posterior may hold exact zeros.
            if (p > 0) {
                nats -= p * Math.log(p);
            }
        }
        return unit == Unit.NATS ? nats : nats / Math.log(2);
    }

    private Item item(String task, int answers, double[] distribution) {
        double h = entropy(distribution);
        int classes = distribution.length;
        double normalized = classes < 2 ? 0 : h / unit.log(classes);
        // Rounding can push a uniform row a hair past 1 or a certain row a hair below 0.
        return new Item(task, answers, h, Math.min(1, Math.max(0, normalized)));
    }
}
