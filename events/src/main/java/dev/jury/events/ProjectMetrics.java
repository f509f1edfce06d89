package dev.jury.events;

/**
 * Quality and throughput of one project over one event-time window, emitted by the metrics stream
 * job when the window closes.
 *
 * <p>Topic: {@link Topics#PROJECT_METRICS}, keyed by {@code projectId}.
 *
 * @param eventId unique event id (UUID); consumers deduplicate on it
 * @param schemaVersion major schema version, {@link #SCHEMA_VERSION} when produced by this code
 * @param occurredAt when the event was created, epoch milliseconds
 * @param projectId the project
 * @param windowStart start of the window, inclusive, epoch milliseconds
 * @param windowEnd end of the window, exclusive, epoch milliseconds
 * @param krippendorffAlpha Krippendorff's alpha (nominal) over the items labelled in the window, at
 *     most 1; absent when undefined, e.g. no item has two labels
 * @param fleissKappa Fleiss' kappa over the same items, at most 1; absent when undefined
 * @param labelsSubmitted labels submitted in the window
 * @param labelsPerMinute {@code labelsSubmitted} divided by the window length in minutes
 * @param itemsResolved distinct items that reached {@code RESOLVED} in the window
 * @param resolutionRate share of the window's consensus decisions that were {@code RESOLVED} rather
 *     than {@code NEEDS_MORE_LABELS} or {@code EXHAUSTED}, in [0, 1]; absent when there was none
 * @param meanLabelsPerItem mean {@code labelsUsed} of the items resolved in the window; absent when
 *     none was resolved
 * @param activeContributors distinct contributors who submitted a label in the window
 */
public record ProjectMetrics(
        String eventId,
        int schemaVersion,
        long occurredAt,
        String projectId,
        long windowStart,
        long windowEnd,
        @Nullable Double krippendorffAlpha,
        @Nullable Double fleissKappa,
        long labelsSubmitted,
        double labelsPerMinute,
        long itemsResolved,
        @Nullable Double resolutionRate,
        @Nullable Double meanLabelsPerItem,
        int activeContributors)
        implements JuryEvent {

    /** Schema version this code writes; see {@code schemas/project-metrics.v1.json}. */
    public static final int SCHEMA_VERSION = 1;

    /** Codec for this event, the same instance as {@code Events.codec(ProjectMetrics.class)}. */
    public static final EventCodec<ProjectMetrics> CODEC = Events.codec(ProjectMetrics.class);

    /** Validates the event; messages name the offending field. */
    public ProjectMetrics {
        Checks.envelope(eventId, schemaVersion, occurredAt, "ProjectMetrics");
        Checks.notBlank(projectId, "ProjectMetrics.projectId");
        Checks.epochMillis(windowStart, "ProjectMetrics.windowStart");
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException(
                    "ProjectMetrics.windowEnd ("
                            + windowEnd
                            + ") must be after windowStart ("
                            + windowStart
                            + ")");
        }
        atMostOne(krippendorffAlpha, "ProjectMetrics.krippendorffAlpha");
        atMostOne(fleissKappa, "ProjectMetrics.fleissKappa");
        Checks.nonNegative(labelsSubmitted, "ProjectMetrics.labelsSubmitted");
        Checks.nonNegative(labelsPerMinute, "ProjectMetrics.labelsPerMinute");
        Checks.nonNegative(itemsResolved, "ProjectMetrics.itemsResolved");
        if (resolutionRate != null) {
            Checks.probability(resolutionRate, "ProjectMetrics.resolutionRate");
        }
        if (meanLabelsPerItem != null) {
            Checks.nonNegative(meanLabelsPerItem, "ProjectMetrics.meanLabelsPerItem");
        }
        Checks.nonNegative(activeContributors, "ProjectMetrics.activeContributors");
    }

    private static void atMostOne(Double value, String field) {
        if (value != null && Checks.finite(value, field) > 1) {
            throw new IllegalArgumentException(field + " must be at most 1, was " + value);
        }
    }

    /**
     * Creates a new event with a fresh id, the current schema version and the current time.
     *
     * @param projectId the project
     * @param windowStart window start, epoch milliseconds, inclusive
     * @param windowEnd window end, epoch milliseconds, exclusive
     * @param krippendorffAlpha alpha, or null when undefined
     * @param fleissKappa kappa, or null when undefined
     * @param labelsSubmitted labels in the window
     * @param labelsPerMinute label throughput
     * @param itemsResolved items resolved in the window
     * @param resolutionRate share of decisions that resolved, or null when there were none
     * @param meanLabelsPerItem mean labels per resolved item, or null when none resolved
     * @param activeContributors contributors active in the window
     * @return the event, never null
     */
    public static ProjectMetrics create(
            String projectId,
            long windowStart,
            long windowEnd,
            @Nullable Double krippendorffAlpha,
            @Nullable Double fleissKappa,
            long labelsSubmitted,
            double labelsPerMinute,
            long itemsResolved,
            @Nullable Double resolutionRate,
            @Nullable Double meanLabelsPerItem,
            int activeContributors) {
        return new ProjectMetrics(
                Events.newEventId(),
                SCHEMA_VERSION,
                Events.now(),
                projectId,
                windowStart,
                windowEnd,
                krippendorffAlpha,
                fleissKappa,
                labelsSubmitted,
                labelsPerMinute,
                itemsResolved,
                resolutionRate,
                meanLabelsPerItem,
                activeContributors);
    }
}
