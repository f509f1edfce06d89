package dev.jury.rewards;

import dev.jury.events.ContributionRecorded;
import dev.jury.events.ContributionStatus;
import dev.jury.events.Events;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelSubmitted;
import dev.jury.rewards.AcceptancePolicy.AcceptedLabel;
import dev.jury.rewards.ChainClient.RejectedTransactionException;
import dev.jury.rewards.ChainClient.SignedTransaction;
import dev.jury.rewards.RewardsStore.EpochRow;
import dev.jury.rewards.RewardsStore.EpochStatus;
import dev.jury.rewards.RewardsStore.SealedLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The rewards pipeline without a framework: accepts labels from consensus events, seals them into
 * epochs, writes each epoch's Merkle root on chain once, and publishes a {@link
 * ContributionRecorded} per label. A runner (see {@link KafkaRewardsRunner}) feeds it events and
 * calls {@link #tick()}.
 *
 * <p><b>Recording an epoch at most once.</b> An epoch's content and root are committed to
 * PostgreSQL before anything is signed. Before signing, the service asks the contract ({@code
 * eth_call rootOf}) whether the epoch is recorded; the signed transaction is stored before it is
 * broadcast; after a crash the stored transaction is re-broadcast unchanged (same nonce, so at most
 * one of its copies can be mined), and an epoch found on chain is confirmed from the chain's own
 * log. A root on chain that differs from the stored one stops submission for operators to examine.
 */
public final class RewardsService {

    private static final Logger LOG = LoggerFactory.getLogger(RewardsService.class);

    private final RewardsStore store;
    private final AcceptancePolicy policy;
    private final ChainClient chain;
    private final ContributionSink sink;
    private final Clock clock;
    private final Settings settings;

    public RewardsService(
            RewardsStore store,
            AcceptancePolicy policy,
            ChainClient chain,
            ContributionSink sink,
            Clock clock,
            Settings settings) {
        this.store = store;
        this.policy = policy;
        this.chain = chain;
        this.sink = sink;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Epoch and submission settings.
     *
     * @param epochSize labels per full epoch (default 1,000)
     * @param maxEpochAge a partial epoch is sealed once its oldest label waited this long
     * @param receiptTimeout how long one submission waits for its receipt before moving on
     * @param confirmations blocks that must hold the recording (its own included) before the epoch
     *     counts as confirmed and CONFIRMED events are published: 1 trusts the first receipt (a dev
     *     chain without reorgs); more waits out reorgs on a real chain
     * @param reconcileInterval how often confirmed epochs are checked against the chain (also at
     *     the first {@link #tick()} after start), see {@link #reconcile()}
     */
    public record Settings(
            int epochSize,
            Duration maxEpochAge,
            Duration receiptTimeout,
            int confirmations,
            Duration reconcileInterval) {
        public Settings {
            if (epochSize < 1) {
                throw new IllegalArgumentException("epochSize must be positive: " + epochSize);
            }
            if (confirmations < 1) {
                throw new IllegalArgumentException(
                        "confirmations must be at least 1: " + confirmations);
            }
            if (reconcileInterval.isNegative()) {
                throw new IllegalArgumentException(
                        "reconcileInterval must not be negative: " + reconcileInterval);
            }
        }

        /** Reconciles every {@link #DEFAULT_RECONCILE_INTERVAL}. */
        public Settings(
                int epochSize, Duration maxEpochAge, Duration receiptTimeout, int confirmations) {
            this(epochSize, maxEpochAge, receiptTimeout, confirmations, DEFAULT_RECONCILE_INTERVAL);
        }

        /** One confirmation: the first receipt counts. */
        public Settings(int epochSize, Duration maxEpochAge, Duration receiptTimeout) {
            this(epochSize, maxEpochAge, receiptTimeout, 1);
        }

        public static Settings defaults() {
            return new Settings(1_000, Duration.ofMinutes(10), Duration.ofSeconds(60), 1);
        }
    }

    /** One JSON-RPC batch of {@code rootOf} calls a minute: cheap on any node. */
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(60);

    /** Confirmed epochs checked per JSON-RPC batch. */
    static final int RECONCILE_BATCH = 100;

    /** When the next reconciliation is due; null until the first, at the first tick. */
    private Instant nextReconcile;

    public RewardsStore store() {
        return store;
    }

    /**
     * Learns gold answers (single-choice items only); other label facts come with the consensus.
     */
    public void onLabelSubmitted(LabelSubmitted event) {
        if (event.gold() && event.goldLabel().choice() != null) {
            store.recordGold(event.itemId(), event.goldLabel().choice());
        }
    }

    /**
     * Stores the accepted labels of a consensus. Replays and later revisions are harmless: a label
     * is accepted at most once, and an accepted label stays accepted.
     *
     * @return how many labels were newly accepted
     */
    public int onItemResolved(ItemResolved event) {
        List<AcceptedLabel> accepted = policy.accept(event, store.goldAnswer(event.itemId()));
        return store.addAccepted(accepted, clock.instant());
    }

    /** Sets a contributor's payout address; their pending labels can then be sealed. */
    public void setWallet(String contributorId, String address) {
        store.setWallet(contributorId, address);
    }

    /** Seals whatever is due (see {@link Settings}); returns the new epochs. */
    public List<Long> sealEpochs() {
        return store.sealEpochs(
                settings.epochSize(), clock.instant().minus(settings.maxEpochAge()));
    }

    /** Seals every pending label with a wallet now, full or not (tests, shutdown, benchmarks). */
    public List<Long> sealAll() {
        return store.sealEpochs(settings.epochSize(), clock.instant().plusSeconds(1));
    }

    /**
     * One round: seal, submit every unconfirmed epoch in order, publish confirmed ones.
     *
     * @return true when nothing is left unconfirmed or unpublished; false means retry after a
     *     back-off (the chain or Kafka was unreachable, or a receipt is late)
     */
    public boolean tick() {
        boolean reconciled = reconcileIfDue();
        sealEpochs();
        boolean done = submitPending();
        return publishConfirmed() && done && reconciled;
    }

    /**
     * @return false if a due reconciliation could not run (it is tried again at the next tick)
     */
    private boolean reconcileIfDue() {
        Instant now = clock.instant();
        if (nextReconcile != null && now.isBefore(nextReconcile)) {
            return true;
        }
        try {
            reconcile();
            nextReconcile = now.plus(settings.reconcileInterval());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "checking confirmed epochs against the chain failed, will retry: {}",
                    e.toString());
            return false;
        }
    }

    /**
     * Checks the epochs held as CONFIRMED against the chain and sends again any the chain lost: a
     * reorganisation deeper than {@link Settings#confirmations()}, or a node restarted from an
     * older state (anvil killed within its 2 s state-save interval). Such an epoch is put back to
     * SEALED and recorded again by the usual path, which asks {@code rootOf} before signing, so it
     * cannot be recorded twice; its content is unchanged, so the root, leaves and proofs are the
     * same, and its CONFIRMED events go out again with the new transaction.
     *
     * <p>Which epochs are checked: the newest first, {@value #RECONCILE_BATCH} per JSON-RPC batch,
     * walking back until a whole batch is on chain with the stored roots. A chain loses recordings
     * newest first (a reorg or an older state removes the latest blocks, and epochs are recorded in
     * order), so older epochs need no check; a chain that lost them all (a registry deployed anew)
     * is walked to the first epoch.
     *
     * @return the epochs put back to be recorded again, newest first; never null
     * @throws IOException if the chain cannot be reached (nothing is changed then)
     */
    public List<Long> reconcile() throws IOException {
        return reconcile(RECONCILE_BATCH);
    }

    List<Long> reconcile(int batchSize) throws IOException {
        List<Long> lost = new ArrayList<>();
        Long before = null;
        while (true) {
            List<EpochRow> batch = store.confirmedEpochsNewestFirst(before, batchSize);
            if (batch.isEmpty()) {
                break;
            }
            Map<Long, Optional<String>> onChain =
                    chain.recordedRoots(batch.stream().map(EpochRow::epoch).toList());
            boolean allThere = true;
            for (EpochRow row : batch) {
                Optional<String> root = onChain.get(row.epoch());
                if (root.isPresent() && root.get().equalsIgnoreCase(row.merkleRoot())) {
                    continue;
                }
                allThere = false;
                String found =
                        root.map(r -> "recorded with another root " + r)
                                .orElse("not recorded on chain");
                String reason =
                        "was CONFIRMED by tx "
                                + row.txHash()
                                + " in block "
                                + row.blockNumber()
                                + " but is "
                                + found
                                + " now (reorg deeper than the confirmations, or the node lost"
                                + " state); sent again";
                if (store.markLost(row.epoch(), reason)) {
                    LOG.error("epoch {} {}", row.epoch(), reason);
                    lost.add(row.epoch());
                }
            }
            if (allThere) {
                break;
            }
            before = batch.get(batch.size() - 1).epoch();
        }
        if (!lost.isEmpty()) {
            LOG.error(
                    "the chain lost {} confirmed epoch(s) {}; recording them again",
                    lost.size(),
                    lost);
        }
        return lost;
    }

    /**
     * Submits unconfirmed epochs, oldest first, stopping at the first that cannot complete (nonces
     * are sequential, so later epochs would only queue behind it).
     *
     * @return true if every epoch is confirmed
     */
    public boolean submitPending() {
        for (EpochRow row : store.unconfirmedEpochs()) {
            try {
                if (!submit(row)) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                // The message never contains the key: ChainClient holds it in Credentials only.
                LOG.warn("epoch {}: submission failed, will retry: {}", row.epoch(), e.toString());
                store.recordError(row.epoch(), e.toString());
                return false;
            }
        }
        return true;
    }

    /**
     * @return true if the epoch is confirmed
     */
    private boolean submit(EpochRow row) throws IOException {
        long epoch = row.epoch();
        Optional<String> onChain = chain.recordedRoot(epoch);
        if (onChain.isPresent()) {
            return confirmFromChain(row, onChain.get());
        }
        if (row.status() == EpochStatus.SUBMITTED) {
            Optional<TransactionReceipt> receipt = chain.receipt(row.txHash());
            if (receipt.isPresent()) {
                return settle(row.epoch(), row.txHash(), receipt);
            }
            if (chain.nonce(false) > row.nonce()) {
                // Our nonce is used by a mined transaction that is not ours: ours can never mine.
                store.markSealedAgain(
                        epoch, "nonce " + row.nonce() + " used by another transaction");
                return false;
            }
            SignedTransaction stored =
                    new SignedTransaction(row.txHash(), row.rawTx(), row.nonce());
            LOG.info("epoch {}: re-broadcasting stored {}", epoch, stored);
            try {
                chain.broadcast(stored);
            } catch (RejectedTransactionException e) {
                Optional<TransactionReceipt> late = chain.receipt(row.txHash());
                if (late.isPresent()) {
                    return settle(epoch, row.txHash(), late);
                }
                store.markSealedAgain(epoch, e.getMessage());
                return false;
            }
            Optional<TransactionReceipt> mined =
                    chain.awaitReceipt(row.txHash(), settings.receiptTimeout());
            if (mined.isEmpty()) {
                return reprice(epoch, stored);
            }
            return settle(epoch, row.txHash(), mined);
        }
        long nonce = chain.nonce(true);
        SignedTransaction tx =
                chain.signRecordEpoch(epoch, row.merkleRoot(), row.leafCount(), nonce);
        // Stored before it leaves the process: after a crash from here on, recovery finds it.
        store.markSubmitted(epoch, nonce, tx.hash(), tx.raw());
        try {
            chain.broadcast(tx);
        } catch (RejectedTransactionException e) {
            store.markSealedAgain(epoch, e.getMessage());
            throw e;
        }
        LOG.info("epoch {}: sent {} ({} leaves)", epoch, tx, row.leafCount());
        publishQuietly(events(epoch, tx.hash(), null, ContributionStatus.SUBMITTED));
        return settle(epoch, tx.hash(), chain.awaitReceipt(tx.hash(), settings.receiptTimeout()));
    }

    /**
     * The stored transaction got no receipt within the receipt timeout after a re-broadcast: it is
     * stuck (fees too low for the market now). A replacement with the same nonce and higher fees is
     * stored, then broadcast; whichever of the two is mined, the other never can be, and a later
     * round finds the epoch on chain by its root and log.
     */
    private boolean reprice(long epoch, SignedTransaction stuck) throws IOException {
        SignedTransaction replacement = chain.reprice(stuck);
        store.markRepriced(epoch, stuck.hash(), replacement.hash(), replacement.raw());
        LOG.info("epoch {}: {} stuck, replaced by {} with higher fees", epoch, stuck, replacement);
        try {
            chain.broadcast(replacement);
        } catch (RejectedTransactionException e) {
            // E.g. the old one was mined meanwhile ("nonce too low"): the next round sees it.
            LOG.info("epoch {}: replacement refused: {}", epoch, e.getMessage());
            return false;
        }
        return settle(
                epoch,
                replacement.hash(),
                chain.awaitReceipt(replacement.hash(), settings.receiptTimeout()));
    }

    private boolean settle(long epoch, String txHash, Optional<TransactionReceipt> receipt)
            throws IOException {
        if (receipt.isEmpty()) {
            LOG.info("epoch {}: no receipt yet for {}", epoch, txHash);
            return false;
        }
        TransactionReceipt r = receipt.get();
        if (r.isStatusOK()) {
            if (!deepEnough(epoch, r.getBlockNumber().longValueExact())) {
                // Stays SUBMITTED: the next round finds the receipt again (or, after a reorg
                // dropped it, re-broadcasts the stored transaction).
                return false;
            }
            store.markConfirmed(epoch, txHash, r.getBlockNumber().longValueExact());
            LOG.info(
                    "epoch {}: confirmed in block {}, gas {}",
                    epoch,
                    r.getBlockNumber(),
                    r.getGasUsed());
            return true;
        }
        // Reverted: the next round asks the contract again before sending anything new.
        store.markSealedAgain(epoch, "reverted in block " + r.getBlockNumber());
        publishQuietly(events(epoch, txHash, null, ContributionStatus.FAILED));
        return false;
    }

    /** Whether a recording mined in {@code block} has {@link Settings#confirmations()} blocks. */
    private boolean deepEnough(long epoch, long block) throws IOException {
        if (settings.confirmations() == 1) {
            return true;
        }
        long depth = chain.blockNumber() - block + 1;
        if (depth < settings.confirmations()) {
            LOG.info(
                    "epoch {}: recorded in block {}, {} of {} confirmations",
                    epoch,
                    block,
                    depth,
                    settings.confirmations());
            return false;
        }
        return true;
    }

    private boolean confirmFromChain(EpochRow row, String onChainRoot) throws IOException {
        long epoch = row.epoch();
        if (!onChainRoot.equalsIgnoreCase(row.merkleRoot())) {
            throw new IllegalStateException(
                    "epoch "
                            + epoch
                            + " is recorded on chain with root "
                            + onChainRoot
                            + " but sealed here with "
                            + row.merkleRoot()
                            + "; not sending, an operator must look");
        }
        List<Log> logs = chain.epochRecordedLogs(epoch);
        if (logs.isEmpty()) {
            throw new IOException("epoch " + epoch + " has a root but no EpochRecorded log yet");
        }
        Log log = logs.get(0);
        if (!deepEnough(epoch, log.getBlockNumber().longValueExact())) {
            return false;
        }
        LOG.info(
                "epoch {}: already on chain (tx {}), not sending", epoch, log.getTransactionHash());
        store.markConfirmed(epoch, log.getTransactionHash(), log.getBlockNumber().longValueExact());
        return true;
    }

    /**
     * Publishes CONFIRMED events of confirmed epochs not yet published (at least once: a crash
     * before the flag is set publishes again, with the same event ids, so consumers deduplicate).
     *
     * @return true if nothing is left to publish
     */
    public boolean publishConfirmed() {
        for (EpochRow row : store.unpublishedEpochs()) {
            try {
                sink.publish(
                        events(
                                row.epoch(),
                                row.txHash(),
                                row.blockNumber(),
                                ContributionStatus.CONFIRMED));
            } catch (RuntimeException e) {
                LOG.warn("epoch {}: publishing failed, will retry: {}", row.epoch(), e.toString());
                return false;
            }
            store.markPublished(row.epoch());
        }
        return true;
    }

    private void publishQuietly(List<ContributionRecorded> events) {
        try {
            sink.publish(events);
        } catch (RuntimeException e) {
            // SUBMITTED and FAILED are progress notes; CONFIRMED is the one that is retried.
            LOG.warn("publishing progress events failed: {}", e.toString());
        }
    }

    private List<ContributionRecorded> events(
            long epoch, String txHash, Long blockNumber, ContributionStatus status) {
        String root = store.epoch(epoch).orElseThrow().merkleRoot();
        List<ContributionRecorded> events = new ArrayList<>();
        for (SealedLabel l : store.sealedLabels(epoch)) {
            events.add(
                    new ContributionRecorded(
                            eventId(epoch, l.labelId(), status, txHash),
                            ContributionRecorded.SCHEMA_VERSION,
                            Events.now(),
                            epoch,
                            l.labelId(),
                            l.itemId(),
                            l.projectId(),
                            l.contributorId(),
                            l.walletAddress(),
                            l.weight(),
                            l.leafHash(),
                            root,
                            l.proof(),
                            chain.contractAddress(),
                            chain.chainId(),
                            txHash,
                            blockNumber,
                            status));
        }
        return events;
    }

    /** Same label, epoch, status and transaction: same id, so re-published events deduplicate. */
    private String eventId(long epoch, String labelId, ContributionStatus status, String txHash) {
        String name =
                String.join(
                        "/",
                        chain.contractAddress(),
                        Long.toString(epoch),
                        labelId,
                        status.name(),
                        txHash);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
