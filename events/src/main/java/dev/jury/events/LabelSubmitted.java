package dev.jury.events;

/**
 * A contributor submitted a label for an item. Emitted by the task API once the label is stored;
 * consumed by the stream jobs (consensus and reputation) and the rewards service.
 *
 * <p><b>{@code goldLabel} is internal.</b> The task API copies the item's known answer into gold
 * events so the reputation job can score the contributor without a database lookup. Gold answers
 * must never reach contributors: no contributor-facing API may serialise this event as it is.
 *
 * <p>Topic: {@link Topics#LABELS_SUBMITTED}, keyed by {@code itemId}.
 *
 * @param eventId unique event id (UUID); consumers deduplicate on it
 * @param schemaVersion major schema version, {@link #SCHEMA_VERSION} when produced by this code
 * @param occurredAt when the event was created, epoch milliseconds
 * @param labelId id of the stored label, unique across projects
 * @param projectId the project the item belongs to
 * @param itemId the item that was labelled
 * @param contributorId who submitted the label
 * @param label the answer
 * @param gold whether the item is a gold (known-answer) item
 * @param goldLabel the known answer; present exactly when {@code gold} is true (internal only)
 * @param leaseId the lease under which the item was handed out, absent if none was used
 * @param idempotencyKey the client's idempotency key for the submission, absent if none was sent
 * @param submittedAt when the task API accepted the label, epoch milliseconds; the event time that
 *     stream jobs window on
 * @param durationMs time the contributor spent on the item in milliseconds, from handing out to
 *     submission, measured by the task API
 */
public record LabelSubmitted(
        String eventId,
        int schemaVersion,
        long occurredAt,
        String labelId,
        String projectId,
        String itemId,
        String contributorId,
        LabelValue label,
        boolean gold,
        @Nullable LabelValue goldLabel,
        @Nullable String leaseId,
        @Nullable String idempotencyKey,
        long submittedAt,
        long durationMs)
        implements JuryEvent {

    /** Schema version this code writes; see {@code schemas/label-submitted.v1.json}. */
    public static final int SCHEMA_VERSION = 1;

    /** Codec for this event, the same instance as {@code Events.codec(LabelSubmitted.class)}. */
    public static final EventCodec<LabelSubmitted> CODEC = Events.codec(LabelSubmitted.class);

    /** Validates the event; messages name the offending field. */
    public LabelSubmitted {
        Checks.envelope(eventId, schemaVersion, occurredAt, "LabelSubmitted");
        Checks.notBlank(labelId, "LabelSubmitted.labelId");
        Checks.notBlank(projectId, "LabelSubmitted.projectId");
        Checks.notBlank(itemId, "LabelSubmitted.itemId");
        Checks.notBlank(contributorId, "LabelSubmitted.contributorId");
        Checks.notNull(label, "LabelSubmitted.label");
        if (gold != (goldLabel != null)) {
            throw new IllegalArgumentException(
                    "LabelSubmitted.goldLabel must be present exactly when gold is true (gold="
                            + gold
                            + ")");
        }
        Checks.blankToNull(leaseId, "LabelSubmitted.leaseId");
        Checks.blankToNull(idempotencyKey, "LabelSubmitted.idempotencyKey");
        Checks.epochMillis(submittedAt, "LabelSubmitted.submittedAt");
        Checks.nonNegative(durationMs, "LabelSubmitted.durationMs");
    }

    /**
     * Creates a new event with a fresh id, the current schema version and the current time.
     *
     * @param labelId id of the stored label
     * @param projectId the project
     * @param itemId the item
     * @param contributorId the contributor
     * @param label the answer
     * @param goldLabel the item's known answer if it is a gold item, else null; sets {@code gold}
     * @param leaseId the lease, or null
     * @param idempotencyKey the client's idempotency key, or null
     * @param submittedAt acceptance time, epoch milliseconds
     * @param durationMs time spent, milliseconds
     * @return the event, never null
     */
    public static LabelSubmitted create(
            String labelId,
            String projectId,
            String itemId,
            String contributorId,
            LabelValue label,
            @Nullable LabelValue goldLabel,
            @Nullable String leaseId,
            @Nullable String idempotencyKey,
            long submittedAt,
            long durationMs) {
        return new LabelSubmitted(
                Events.newEventId(),
                SCHEMA_VERSION,
                Events.now(),
                labelId,
                projectId,
                itemId,
                contributorId,
                label,
                goldLabel != null,
                goldLabel,
                leaseId,
                idempotencyKey,
                submittedAt,
                durationMs);
    }
}
