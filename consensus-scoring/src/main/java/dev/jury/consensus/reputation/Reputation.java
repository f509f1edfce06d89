package dev.jury.consensus.reputation;

/**
 * What is known about one contributor: decayed evidence for the {@link ReputationModel} plus
 * lifetime counters for display and audit.
 *
 * <p>Immutable; the model's update methods return a new state. Evidence is weighted (gold answers
 * count 1, consensus answers less) and decays with time, so {@code successes} and {@code failures}
 * are fractional and, unlike the counters, can shrink.
 *
 * @param successes decayed weight of correct gold answers and agreements with consensus, {@code >=
 *     0}
 * @param failures decayed weight of wrong gold answers and disagreements, {@code >= 0}
 * @param lastUpdated epoch millis the evidence is valued at, or {@link #NEVER} before any evidence
 * @param goldAnswered gold items answered, ever
 * @param goldCorrect of those, answered correctly
 * @param consensusAnswered answers compared with a confident consensus, ever
 * @param consensusAgreed of those, agreeing with it
 */
public record Reputation(
        double successes,
        double failures,
        long lastUpdated,
        long goldAnswered,
        long goldCorrect,
        long consensusAnswered,
        long consensusAgreed) {

    /** {@link #lastUpdated()} of a contributor with no evidence yet. */
    public static final long NEVER = Long.MIN_VALUE;

    private static final Reputation EMPTY = new Reputation(0, 0, NEVER, 0, 0, 0, 0);

    /**
     * @throws IllegalArgumentException if evidence is negative or not finite, or a counter is
     *     negative or exceeds its total
     */
    public Reputation {
        if (!(successes >= 0 && failures >= 0)
                || !Double.isFinite(successes)
                || !Double.isFinite(failures)) {
            throw new IllegalArgumentException(
                    "evidence must be finite and non-negative: " + successes + ", " + failures);
        }
        if (goldCorrect < 0 || goldCorrect > goldAnswered) {
            throw new IllegalArgumentException(
                    "goldCorrect must be in [0, goldAnswered]: "
                            + goldCorrect
                            + "/"
                            + goldAnswered);
        }
        if (consensusAgreed < 0 || consensusAgreed > consensusAnswered) {
            throw new IllegalArgumentException(
                    "consensusAgreed must be in [0, consensusAnswered]: "
                            + consensusAgreed
                            + "/"
                            + consensusAnswered);
        }
    }

    /** A contributor nobody has seen answer: no evidence, only the model's prior. */
    public static Reputation empty() {
        return EMPTY;
    }

    /** Total decayed evidence, {@code successes + failures}: how much the model knows. */
    public double evidence() {
        return successes + failures;
    }
}
