package dev.jury.events;

import java.util.HashMap;
import java.util.Map;

/**
 * The reputation stream job re-scored a contributor, within one project or across all projects.
 *
 * <p>Topic: {@link Topics#REPUTATION_UPDATED}, keyed by {@code contributorId}.
 *
 * @param eventId unique event id (UUID); consumers deduplicate on it
 * @param schemaVersion major schema version, {@link #SCHEMA_VERSION} when produced by this code
 * @param occurredAt when the event was created, epoch milliseconds
 * @param contributorId the contributor
 * @param projectId the project the score is for; absent for the global score
 * @param score estimated probability that the contributor's next label is correct, in [0, 1]
 * @param lowerBound lower end of the score's credible interval, in [0, score]; task routing uses it
 *     so that new contributors are not trusted on little evidence
 * @param goldAnswered gold items the contributor labelled
 * @param goldCorrect of those, how many matched the gold answer
 * @param consensusAnswered non-gold items the contributor labelled that have a consensus
 * @param consensusAgreed of those, how many matched the consensus label
 * @param confusion counts of answers per true class: true class, then answered class, then count;
 *     true classes come from gold and consensus; may be empty
 * @param updatedAt event time of the latest label that went into the score, epoch milliseconds
 */
public record ReputationUpdated(
        String eventId,
        int schemaVersion,
        long occurredAt,
        String contributorId,
        @Nullable String projectId,
        double score,
        double lowerBound,
        long goldAnswered,
        long goldCorrect,
        long consensusAnswered,
        long consensusAgreed,
        Map<String, Map<String, Long>> confusion,
        long updatedAt)
        implements JuryEvent {

    /** Schema version this code writes; see {@code schemas/reputation-updated.v1.json}. */
    public static final int SCHEMA_VERSION = 1;

    /** Codec for this event, the same instance as {@code Events.codec(ReputationUpdated.class)}. */
    public static final EventCodec<ReputationUpdated> CODEC = Events.codec(ReputationUpdated.class);

    /** Validates the event and deep-copies the confusion counts. */
    public ReputationUpdated {
        Checks.envelope(eventId, schemaVersion, occurredAt, "ReputationUpdated");
        Checks.notBlank(contributorId, "ReputationUpdated.contributorId");
        Checks.blankToNull(projectId, "ReputationUpdated.projectId");
        Checks.probability(score, "ReputationUpdated.score");
        Checks.probability(lowerBound, "ReputationUpdated.lowerBound");
        if (lowerBound > score) {
            throw new IllegalArgumentException(
                    "ReputationUpdated.lowerBound ("
                            + lowerBound
                            + ") must not exceed score ("
                            + score
                            + ")");
        }
        Checks.nonNegative(goldAnswered, "ReputationUpdated.goldAnswered");
        Checks.nonNegative(goldCorrect, "ReputationUpdated.goldCorrect");
        Checks.atMost(
                goldCorrect,
                "ReputationUpdated.goldCorrect",
                goldAnswered,
                "ReputationUpdated.goldAnswered");
        Checks.nonNegative(consensusAnswered, "ReputationUpdated.consensusAnswered");
        Checks.nonNegative(consensusAgreed, "ReputationUpdated.consensusAgreed");
        Checks.atMost(
                consensusAgreed,
                "ReputationUpdated.consensusAgreed",
                consensusAnswered,
                "ReputationUpdated.consensusAnswered");
        Map<String, Map<String, Long>> copy = new HashMap<>();
        Checks.map(confusion, "ReputationUpdated.confusion")
                .forEach(
                        (truth, row) -> {
                            String field = "ReputationUpdated.confusion[" + truth + "]";
                            Map<String, Long> rowCopy = Checks.map(row, field);
                            rowCopy.forEach(
                                    (answer, n) ->
                                            Checks.nonNegative(n, field + "[" + answer + "]"));
                            copy.put(truth, rowCopy);
                        });
        confusion = Map.copyOf(copy);
        Checks.epochMillis(updatedAt, "ReputationUpdated.updatedAt");
    }

    /**
     * Creates a new event with a fresh id, the current schema version and the current time.
     *
     * @param contributorId the contributor
     * @param projectId the project, or null for the global score
     * @param score the reputation score
     * @param lowerBound the credible lower bound of the score
     * @param goldAnswered gold items answered
     * @param goldCorrect gold items answered correctly
     * @param consensusAnswered consensus items answered
     * @param consensusAgreed consensus items agreed with
     * @param confusion true class to answered class to count
     * @param updatedAt event time of the latest label scored, epoch milliseconds
     * @return the event, never null
     */
    public static ReputationUpdated create(
            String contributorId,
            @Nullable String projectId,
            double score,
            double lowerBound,
            long goldAnswered,
            long goldCorrect,
            long consensusAnswered,
            long consensusAgreed,
            Map<String, Map<String, Long>> confusion,
            long updatedAt) {
        return new ReputationUpdated(
                Events.newEventId(),
                SCHEMA_VERSION,
                Events.now(),
                contributorId,
                projectId,
                score,
                lowerBound,
                goldAnswered,
                goldCorrect,
                consensusAnswered,
                consensusAgreed,
                confusion,
                updatedAt);
    }
}
