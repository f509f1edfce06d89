package dev.jury.events;

import java.util.List;

/**
 * The rewards service anchored a contribution on chain: it put the contribution's leaf into an
 * epoch's Merkle tree and sent the tree's root in a transaction. The event carries the leaf's proof
 * so a contributor can later show the contribution to the contract without asking Jury.
 *
 * <p>The service emits one event per status change of the transaction ({@code SUBMITTED}, then
 * {@code CONFIRMED} or {@code FAILED}), each with a new {@code eventId}.
 *
 * <p>Topic: {@link Topics#CONTRIBUTIONS_RECORDED}, keyed by {@code contributorId}.
 *
 * @param eventId unique event id (UUID); consumers deduplicate on it
 * @param schemaVersion major schema version, {@link #SCHEMA_VERSION} when produced by this code
 * @param occurredAt when the event was created, epoch milliseconds
 * @param epoch the rewards epoch whose Merkle tree holds the leaf, from 0
 * @param labelId the rewarded label
 * @param itemId the item the label is for
 * @param projectId the project of the item
 * @param contributorId who gave the label
 * @param walletAddress the contributor's Ethereum address, {@code 0x} and 40 hex digits
 * @param weight reward weight written into the leaf, in millionths of a fully agreeing label (an
 *     integer so the leaf hash is exactly reproducible)
 * @param leafHash the leaf's hash, {@code 0x} and 64 hex digits
 * @param merkleRoot the epoch's Merkle root, {@code 0x} and 64 hex digits
 * @param proof sibling hashes from the leaf up to the root, each {@code 0x} and 64 hex digits;
 *     empty when the tree has one leaf
 * @param contractAddress the contract that stores the roots, {@code 0x} and 40 hex digits
 * @param chainId the EIP-155 chain id of the network
 * @param txHash hash of the transaction that wrote the root, {@code 0x} and 64 hex digits
 * @param blockNumber the block that includes the transaction; present when {@code CONFIRMED}
 * @param status the transaction's state
 */
public record ContributionRecorded(
        String eventId,
        int schemaVersion,
        long occurredAt,
        long epoch,
        String labelId,
        String itemId,
        String projectId,
        String contributorId,
        String walletAddress,
        long weight,
        String leafHash,
        String merkleRoot,
        List<String> proof,
        String contractAddress,
        long chainId,
        String txHash,
        @Nullable Long blockNumber,
        ContributionStatus status)
        implements JuryEvent {

    /** Schema version this code writes; see {@code schemas/contribution-recorded.v1.json}. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * Codec for this event, the same instance as {@code Events.codec(ContributionRecorded.class)}.
     */
    public static final EventCodec<ContributionRecorded> CODEC =
            Events.codec(ContributionRecorded.class);

    private static final int ADDRESS_HEX_DIGITS = 40;
    private static final int HASH_HEX_DIGITS = 64;

    /** Validates the event and copies the proof; messages name the offending field. */
    public ContributionRecorded {
        Checks.envelope(eventId, schemaVersion, occurredAt, "ContributionRecorded");
        Checks.nonNegative(epoch, "ContributionRecorded.epoch");
        Checks.notBlank(labelId, "ContributionRecorded.labelId");
        Checks.notBlank(itemId, "ContributionRecorded.itemId");
        Checks.notBlank(projectId, "ContributionRecorded.projectId");
        Checks.notBlank(contributorId, "ContributionRecorded.contributorId");
        Checks.hex(walletAddress, ADDRESS_HEX_DIGITS, "ContributionRecorded.walletAddress");
        Checks.nonNegative(weight, "ContributionRecorded.weight");
        Checks.hex(leafHash, HASH_HEX_DIGITS, "ContributionRecorded.leafHash");
        Checks.hex(merkleRoot, HASH_HEX_DIGITS, "ContributionRecorded.merkleRoot");
        proof = Checks.list(proof, "ContributionRecorded.proof");
        for (int i = 0; i < proof.size(); i++) {
            Checks.hex(proof.get(i), HASH_HEX_DIGITS, "ContributionRecorded.proof[" + i + "]");
        }
        Checks.hex(contractAddress, ADDRESS_HEX_DIGITS, "ContributionRecorded.contractAddress");
        if (chainId < 1) {
            throw new IllegalArgumentException(
                    "ContributionRecorded.chainId must be >= 1, was " + chainId);
        }
        Checks.hex(txHash, HASH_HEX_DIGITS, "ContributionRecorded.txHash");
        if (blockNumber != null) {
            Checks.nonNegative(blockNumber, "ContributionRecorded.blockNumber");
        }
        Checks.notNull(status, "ContributionRecorded.status");
        if (status == ContributionStatus.CONFIRMED && blockNumber == null) {
            throw new IllegalArgumentException(
                    "ContributionRecorded.blockNumber must be present when status is CONFIRMED");
        }
    }

    /**
     * Creates a new event with a fresh id, the current schema version and the current time.
     *
     * @param epoch the rewards epoch
     * @param labelId the label
     * @param itemId the item
     * @param projectId the project
     * @param contributorId the contributor
     * @param walletAddress the contributor's address
     * @param weight the leaf weight in millionths
     * @param leafHash the leaf hash
     * @param merkleRoot the root
     * @param proof the Merkle proof
     * @param contractAddress the root registry contract
     * @param chainId the chain id
     * @param txHash the transaction hash
     * @param blockNumber the block number, or null while not confirmed
     * @param status the transaction state
     * @return the event, never null
     */
    public static ContributionRecorded create(
            long epoch,
            String labelId,
            String itemId,
            String projectId,
            String contributorId,
            String walletAddress,
            long weight,
            String leafHash,
            String merkleRoot,
            List<String> proof,
            String contractAddress,
            long chainId,
            String txHash,
            @Nullable Long blockNumber,
            ContributionStatus status) {
        return new ContributionRecorded(
                Events.newEventId(),
                SCHEMA_VERSION,
                Events.now(),
                epoch,
                labelId,
                itemId,
                projectId,
                contributorId,
                walletAddress,
                weight,
                leafHash,
                merkleRoot,
                proof,
                contractAddress,
                chainId,
                txHash,
                blockNumber,
                status);
    }
}
