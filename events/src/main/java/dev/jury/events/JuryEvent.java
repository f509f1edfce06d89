package dev.jury.events;

/**
 * Common envelope of every Jury event.
 *
 * <p>The interface is sealed so that a consumer handling "any event" can {@code switch} over the
 * permitted records and have the compiler point out a type it forgot.
 */
public sealed interface JuryEvent
        permits LabelSubmitted,
                ItemResolved,
                ReputationUpdated,
                ContributionRecorded,
                ProjectMetrics {

    /**
     * Unique id of this event, a canonical UUID string. A re-delivered or re-produced event keeps
     * its id, so consumers deduplicate on it.
     *
     * @return the event id, never null
     */
    String eventId();

    /**
     * Major version of the JSON Schema the producer wrote; it matches the {@code .vN} suffix of the
     * schema file and of the topic name.
     *
     * @return the schema version, at least 1
     */
    int schemaVersion();

    /**
     * When the producer created this event, in epoch milliseconds (UTC). This is processing time;
     * domain times such as {@code submittedAt} or {@code resolvedAt} are separate fields.
     *
     * @return the creation time in epoch milliseconds
     */
    long occurredAt();
}
