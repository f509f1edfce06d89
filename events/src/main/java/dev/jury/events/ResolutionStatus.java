package dev.jury.events;

/** Where an item stands after the stream job aggregated its labels. */
public enum ResolutionStatus {
    /** Consensus is confident enough; the item needs no more labels. */
    RESOLVED,
    /** Consensus is not yet confident; the task API should hand the item out again. */
    NEEDS_MORE_LABELS,
    /**
     * The label budget is spent without confident consensus; the item goes to expert review and is
     * not handed out again.
     */
    EXHAUSTED
}
