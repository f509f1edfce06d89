package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;

/**
 * A batch label aggregator: from every answer at once to a posterior over the classes of each item.
 *
 * <p>Implementations are immutable and thread-safe; hyper-parameters go in their constructors and
 * everything learned is returned in the {@link Aggregation}.
 */
public interface Aggregator {

    /**
     * Aggregates the answers.
     *
     * @param answers the crowd's answers, never empty
     * @return the posterior of every item in {@code answers}, never null
     */
    Aggregation fit(AnswerTable answers);

    /** Short name used in benchmark tables, e.g. {@code "ds"}. */
    String name();
}
