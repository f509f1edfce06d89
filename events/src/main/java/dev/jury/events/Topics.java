package dev.jury.events;

import java.util.List;

/**
 * Topic names and keys of every Jury event.
 *
 * <p>Names follow {@code jury.<entity>.<past-tense verb>.v<schema major version>}. A breaking
 * schema change gets a new topic so old and new consumers can run side by side during a migration.
 *
 * <table>
 *   <caption>Topics and their keys</caption>
 *   <tr><th>Topic</th><th>Event</th><th>Key</th><th>Producer</th></tr>
 *   <tr><td>{@value #LABELS_SUBMITTED}</td><td>{@link LabelSubmitted}</td><td>itemId</td>
 *       <td>task API</td></tr>
 *   <tr><td>{@value #ITEMS_RESOLVED}</td><td>{@link ItemResolved}</td><td>itemId</td>
 *       <td>consensus job</td></tr>
 *   <tr><td>{@value #REPUTATION_UPDATED}</td><td>{@link ReputationUpdated}</td>
 *       <td>contributorId</td><td>reputation job</td></tr>
 *   <tr><td>{@value #CONTRIBUTIONS_RECORDED}</td><td>{@link ContributionRecorded}</td>
 *       <td>contributorId</td><td>rewards service</td></tr>
 *   <tr><td>{@value #PROJECT_METRICS}</td><td>{@link ProjectMetrics}</td><td>projectId</td>
 *       <td>metrics job</td></tr>
 * </table>
 */
public final class Topics {

    /** Topic of {@link LabelSubmitted}; key: {@code itemId}. */
    public static final String LABELS_SUBMITTED = "jury.labels.submitted.v1";

    /** Topic of {@link ItemResolved}; key: {@code itemId}. */
    public static final String ITEMS_RESOLVED = "jury.items.resolved.v1";

    /** Topic of {@link ReputationUpdated}; key: {@code contributorId}. */
    public static final String REPUTATION_UPDATED = "jury.reputation.updated.v1";

    /** Topic of {@link ContributionRecorded}; key: {@code contributorId}. */
    public static final String CONTRIBUTIONS_RECORDED = "jury.contributions.recorded.v1";

    /** Topic of {@link ProjectMetrics}; key: {@code projectId}. */
    public static final String PROJECT_METRICS = "jury.project.metrics.v1";

    /** Full specification of {@link #LABELS_SUBMITTED}. */
    public static final TopicSpec<LabelSubmitted> LABELS_SUBMITTED_SPEC =
            new TopicSpec<>(
                    LABELS_SUBMITTED,
                    LabelSubmitted.class,
                    "schemas/label-submitted.v1.json",
                    "itemId",
                    "All labels of one item land in one partition in submission order, so the"
                            + " consensus job sees one item's labels in order (it keys its state"
                            + " by project, which keeps that order per item), and partitions"
                            + " spread the load evenly.",
                    LabelSubmitted::itemId);

    /** Full specification of {@link #ITEMS_RESOLVED}. */
    public static final TopicSpec<ItemResolved> ITEMS_RESOLVED_SPEC =
            new TopicSpec<>(
                    ITEMS_RESOLVED,
                    ItemResolved.class,
                    "schemas/item-resolved.v1.json",
                    "itemId",
                    "Revisions of one item stay in order, so the last record per key is the current"
                            + " consensus; the topic can therefore be log-compacted.",
                    ItemResolved::itemId);

    /** Full specification of {@link #REPUTATION_UPDATED}. */
    public static final TopicSpec<ReputationUpdated> REPUTATION_UPDATED_SPEC =
            new TopicSpec<>(
                    REPUTATION_UPDATED,
                    ReputationUpdated.class,
                    "schemas/reputation-updated.v1.json",
                    "contributorId",
                    "A contributor's per-project and global scores stay in order in one"
                            + " partition. Because they share a key, do not log-compact this"
                            + " topic: compaction would keep only the latest of them.",
                    ReputationUpdated::contributorId);

    /** Full specification of {@link #CONTRIBUTIONS_RECORDED}. */
    public static final TopicSpec<ContributionRecorded> CONTRIBUTIONS_RECORDED_SPEC =
            new TopicSpec<>(
                    CONTRIBUTIONS_RECORDED,
                    ContributionRecorded.class,
                    "schemas/contribution-recorded.v1.json",
                    "contributorId",
                    "A contributor's contributions, and the status changes of each, stay in order"
                            + " in one partition, so a per-contributor view sees SUBMITTED before"
                            + " CONFIRMED.",
                    ContributionRecorded::contributorId);

    /** Full specification of {@link #PROJECT_METRICS}. */
    public static final TopicSpec<ProjectMetrics> PROJECT_METRICS_SPEC =
            new TopicSpec<>(
                    PROJECT_METRICS,
                    ProjectMetrics.class,
                    "schemas/project-metrics.v1.json",
                    "projectId",
                    "One project's windows arrive in order in one partition, so a dashboard can"
                            + " append them as a time series.",
                    ProjectMetrics::projectId);

    private static final List<TopicSpec<?>> ALL =
            List.of(
                    LABELS_SUBMITTED_SPEC,
                    ITEMS_RESOLVED_SPEC,
                    REPUTATION_UPDATED_SPEC,
                    CONTRIBUTIONS_RECORDED_SPEC,
                    PROJECT_METRICS_SPEC);

    private Topics() {}

    /**
     * Every topic, one per event type.
     *
     * @return an immutable list, never null
     */
    public static List<TopicSpec<?>> all() {
        return ALL;
    }

    /**
     * The topic that carries an event type.
     *
     * @param eventType the event type
     * @param <T> the event type
     * @return the topic's specification, never null
     */
    @SuppressWarnings("unchecked")
    public static <T extends JuryEvent> TopicSpec<T> forEventType(Class<T> eventType) {
        for (TopicSpec<?> spec : ALL) {
            if (spec.eventType().equals(eventType)) {
                return (TopicSpec<T>) spec;
            }
        }
        // Unreachable while JuryEvent is sealed and every permitted type is listed in ALL.
        throw new IllegalArgumentException("No topic carries " + eventType);
    }
}
