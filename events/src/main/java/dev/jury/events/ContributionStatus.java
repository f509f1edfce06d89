package dev.jury.events;

/** State of the on-chain transaction that anchors a contribution's Merkle root. */
public enum ContributionStatus {
    /** The transaction was sent but is not yet mined with enough confirmations. */
    SUBMITTED,
    /** The transaction is mined and has the required number of confirmations. */
    CONFIRMED,
    /** The transaction reverted or was dropped; the epoch will be written again. */
    FAILED
}
