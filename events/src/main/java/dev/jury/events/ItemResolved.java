package dev.jury.events;

import java.util.List;
import java.util.Map;

/**
 * The consensus stream job aggregated an item's labels. Emitted every time the consensus for an
 * item is computed or revised; the latest {@code revision} per item wins.
 *
 * <p>v1 describes single-choice consensus: {@code label} and the keys of {@code posterior} are
 * class names.
 *
 * <p>Topic: {@link Topics#ITEMS_RESOLVED}, keyed by {@code itemId}.
 *
 * @param eventId unique event id (UUID); consumers deduplicate on it
 * @param schemaVersion major schema version, {@link #SCHEMA_VERSION} when produced by this code
 * @param occurredAt when the event was created, epoch milliseconds
 * @param projectId the project the item belongs to
 * @param itemId the item
 * @param status whether the item is resolved, needs more labels, or ran out of budget
 * @param label the class with the highest posterior probability; a key of {@code posterior}
 * @param posterior probability of each class being the true one, summing to 1
 * @param confidence the aggregator's confidence in {@code label}, in [0, 1]; for probabilistic
 *     aggregators it equals {@code posterior.get(label)}
 * @param labelsUsed how many labels were aggregated, equal to {@code agreements.size()}
 * @param agreements one entry per aggregated label, with its agreement with the consensus
 * @param aggregator the algorithm that produced the consensus, for example {@code "dawid-skene"}
 * @param revision 1 for the item's first consensus, increased by one at each revision
 * @param resolvedAt event time of the consensus (the latest aggregated label's {@code
 *     submittedAt}), epoch milliseconds
 */
public record ItemResolved(
        String eventId,
        int schemaVersion,
        long occurredAt,
        String projectId,
        String itemId,
        ResolutionStatus status,
        String label,
        Map<String, Double> posterior,
        double confidence,
        int labelsUsed,
        List<LabelAgreement> agreements,
        String aggregator,
        int revision,
        long resolvedAt)
        implements JuryEvent {

    /** Schema version this code writes; see {@code schemas/item-resolved.v1.json}. */
    public static final int SCHEMA_VERSION = 1;

    /** Codec for this event, the same instance as {@code Events.codec(ItemResolved.class)}. */
    public static final EventCodec<ItemResolved> CODEC = Events.codec(ItemResolved.class);

    /** Tolerance for the posterior's sum; aggregators normalise in floating point. */
    private static final double POSTERIOR_SUM_TOLERANCE = 1e-6;

    /** Validates the event and copies collections; messages name the offending field. */
    public ItemResolved {
        Checks.envelope(eventId, schemaVersion, occurredAt, "ItemResolved");
        Checks.notBlank(projectId, "ItemResolved.projectId");
        Checks.notBlank(itemId, "ItemResolved.itemId");
        Checks.notNull(status, "ItemResolved.status");
        Checks.notBlank(label, "ItemResolved.label");
        posterior = Checks.map(posterior, "ItemResolved.posterior");
        if (posterior.isEmpty()) {
            throw new IllegalArgumentException("ItemResolved.posterior must not be empty");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : posterior.entrySet()) {
            sum += Checks.probability(e.getValue(), "ItemResolved.posterior[" + e.getKey() + "]");
        }
        if (Math.abs(sum - 1.0) > POSTERIOR_SUM_TOLERANCE) {
            throw new IllegalArgumentException(
                    "ItemResolved.posterior must sum to 1, sums to " + sum);
        }
        if (!posterior.containsKey(label)) {
            throw new IllegalArgumentException(
                    "ItemResolved.label '" + label + "' is not a class of the posterior");
        }
        Checks.probability(confidence, "ItemResolved.confidence");
        if (labelsUsed < 1) {
            throw new IllegalArgumentException(
                    "ItemResolved.labelsUsed must be >= 1, was " + labelsUsed);
        }
        agreements = Checks.list(agreements, "ItemResolved.agreements");
        if (agreements.size() != labelsUsed) {
            throw new IllegalArgumentException(
                    "ItemResolved.agreements has "
                            + agreements.size()
                            + " entries but labelsUsed is "
                            + labelsUsed);
        }
        Checks.notBlank(aggregator, "ItemResolved.aggregator");
        if (revision < 1) {
            throw new IllegalArgumentException(
                    "ItemResolved.revision must be >= 1, was " + revision);
        }
        Checks.epochMillis(resolvedAt, "ItemResolved.resolvedAt");
    }

    /**
     * Creates a new event with a fresh id, the current schema version and the current time. The
     * label count is taken from {@code agreements}.
     *
     * @param projectId the project
     * @param itemId the item
     * @param status the resolution status
     * @param label the chosen class
     * @param posterior class probabilities
     * @param confidence confidence in {@code label}
     * @param agreements per-label agreement, one per aggregated label
     * @param aggregator the algorithm's name
     * @param revision the consensus revision, from 1
     * @param resolvedAt event time of the consensus, epoch milliseconds
     * @return the event, never null
     */
    public static ItemResolved create(
            String projectId,
            String itemId,
            ResolutionStatus status,
            String label,
            Map<String, Double> posterior,
            double confidence,
            List<LabelAgreement> agreements,
            String aggregator,
            int revision,
            long resolvedAt) {
        return new ItemResolved(
                Events.newEventId(),
                SCHEMA_VERSION,
                Events.now(),
                projectId,
                itemId,
                status,
                label,
                posterior,
                confidence,
                Checks.notNull(agreements, "ItemResolved.agreements").size(),
                agreements,
                aggregator,
                revision,
                resolvedAt);
    }
}
