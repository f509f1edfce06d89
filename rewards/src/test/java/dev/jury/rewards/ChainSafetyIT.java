package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.ContributionRecorded;
import dev.jury.events.ContributionStatus;
import dev.jury.rewards.RewardsStore.EpochStatus;
import dev.jury.rewards.contract.ContributionRegistry;
import dev.jury.testsupport.AnvilService;
import dev.jury.testsupport.PostgresService;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Chain hazards against anvil. Reorgs: with {@code confirmations = 3} an epoch counts as confirmed
 * only when three blocks hold its recording, and a recording a reorg removes ({@code evm_revert})
 * is sent again, the same signed transaction, and recorded once. A stuck transaction (mining off)
 * is replaced by one with the same nonce and higher fees, and the epoch is recorded once. Epochs
 * confirmed and then lost by a revert deeper than the confirmations are recorded again.
 */
class ChainSafetyIT {

    /** A JSON-RPC answer whose result is a string or absent (anvil's evm_* methods). */
    public static final class AnyResponse extends Response<Object> {}

    @Test
    @DisplayName(
            "an epoch is confirmed only after N blocks, and a recording undone by a reorg is sent"
                    + " again with the same transaction and recorded exactly once")
    void confirmationsAndReorg() throws Exception {
        try (RewardsRig rig = rig("rewards_confirmations_it")) {
            RewardsStore store = rig.store;
            ChainClient chain = rig.chain;
            HttpService rpc = rig.rpc;
            List<ContributionRecorded> published = rig.published;
            RewardsService service =
                    rig.service(
                            new RewardsService.Settings(
                                    10, Duration.ofHours(1), Duration.ofSeconds(10), 3));
            service.onItemResolved(Fixtures.resolved("item-1", false, "alice"));
            assertThat(service.sealAll()).containsExactly(0L);
            String snapshot = (String) call(rpc, "evm_snapshot");

            assertThat(service.tick()).as("1 of 3 confirmations").isFalse();
            String firstTx = store.epoch(0).orElseThrow().txHash();
            assertThat(store.epoch(0).orElseThrow().status()).isEqualTo(EpochStatus.SUBMITTED);
            assertThat(confirmed(published)).isEmpty();

            // A reorg: the block holding the recording is gone.
            assertThat(call(rpc, "evm_revert", snapshot)).isEqualTo(Boolean.TRUE);
            assertThat(chain.isRecorded(0)).isFalse();

            assertThat(service.tick()).as("sent again, 1 of 3 confirmations").isFalse();
            assertThat(chain.isRecorded(0)).isTrue();
            assertThat(store.epoch(0).orElseThrow().txHash())
                    .as("the stored transaction, not a new one")
                    .isEqualTo(firstTx);
            call(rpc, "evm_mine");
            assertThat(service.tick()).as("2 of 3 confirmations").isFalse();
            assertThat(confirmed(published)).isEmpty();
            call(rpc, "evm_mine");

            assertThat(service.tick()).as("3 of 3 confirmations").isTrue();
            assertThat(store.epoch(0).orElseThrow().status()).isEqualTo(EpochStatus.CONFIRMED);
            assertThat(confirmed(published))
                    .singleElement()
                    .satisfies(e -> assertThat(e.txHash()).isEqualTo(firstTx));
            assertThat(chain.epochRecordedLogs(0)).hasSize(1);
            assertThat(chain.nonce(false))
                    .as("deploy + one recording")
                    .isEqualTo(BigInteger.TWO.longValue());
        }
    }

    @Test
    @DisplayName(
            "a transaction stuck without a receipt is replaced with higher fees and the same nonce,"
                    + " and the epoch is recorded once, by the replacement")
    void stuckTransactionIsRepriced() throws Exception {
        try (RewardsRig rig = rig("rewards_repricing_it")) {
            RewardsStore store = rig.store;
            ChainClient chain = rig.chain;
            HttpService rpc = rig.rpc;
            List<ContributionRecorded> published = rig.published;
            RewardsService service =
                    rig.service(
                            new RewardsService.Settings(
                                    10, Duration.ofHours(1), Duration.ofMillis(500), 1));
            service.onItemResolved(Fixtures.resolved("item-1", false, "alice"));
            assertThat(service.sealAll()).containsExactly(0L);
            // Nothing is mined: the transaction stays in the mempool, as if underpriced.
            call(rpc, "evm_setAutomine", false);

            assertThat(service.tick()).as("sent, no receipt").isFalse();
            String first = store.epoch(0).orElseThrow().txHash();
            String firstRaw = store.epoch(0).orElseThrow().rawTx();
            assertThat(service.tick()).as("re-broadcast, still stuck, repriced").isFalse();
            String replacement = store.epoch(0).orElseThrow().txHash();
            assertThat(replacement).isNotEqualTo(first);
            Transaction1559 before =
                    (Transaction1559) TransactionDecoder.decode(firstRaw).getTransaction();
            Transaction1559 after =
                    (Transaction1559)
                            TransactionDecoder.decode(store.epoch(0).orElseThrow().rawTx())
                                    .getTransaction();
            assertThat(after.getNonce()).isEqualTo(before.getNonce());
            assertThat(after.getMaxFeePerGas()).isGreaterThan(before.getMaxFeePerGas());
            assertThat(after.getMaxPriorityFeePerGas())
                    .isGreaterThan(before.getMaxPriorityFeePerGas());

            call(rpc, "evm_mine");
            assertThat(service.tick()).isTrue();
            assertThat(store.epoch(0).orElseThrow().status()).isEqualTo(EpochStatus.CONFIRMED);
            assertThat(store.epoch(0).orElseThrow().txHash()).isEqualTo(replacement);
            assertThat(chain.receipt(first)).as("the stuck one never mines").isEmpty();
            assertThat(chain.epochRecordedLogs(0)).hasSize(1);
            assertThat(confirmed(published))
                    .singleElement()
                    .satisfies(e -> assertThat(e.txHash()).isEqualTo(replacement));
        }
    }

    @Test
    @DisplayName(
            "confirmed epochs the chain lost (reverted deeper than the confirmations) are found at"
                    + " start-up, recorded again with the same root, and their proofs verify on"
                    + " chain; epochs still on chain are left alone")
    void lostEpochsAreRecordedAgain() throws Exception {
        try (RewardsRig rig = rig("rewards_reconcile_it")) {
            RewardsStore store = rig.store;
            ChainClient chain = rig.chain;
            ContributionRegistry registry = rig.registry;
            HttpService rpc = rig.rpc;
            List<ContributionRecorded> published = rig.published;
            store.setWallet("bob", Credentials.create(AnvilService.DEPLOYER_KEY).getAddress());
            RewardsService.Settings settings =
                    new RewardsService.Settings(10, Duration.ofHours(1), Duration.ofSeconds(10), 2);
            RewardsService before = rig.service(settings);
            recordEpoch(before, rpc, "item-0");
            String kept = store.epoch(0).orElseThrow().txHash();
            String snapshot = (String) call(rpc, "evm_snapshot");
            recordEpoch(before, rpc, "item-1");
            recordEpoch(before, rpc, "item-2");
            String lostTx = store.epoch(2).orElseThrow().txHash();
            call(rpc, "evm_mine");
            call(rpc, "evm_mine");

            // The chain goes back to before epochs 1 and 2, five blocks deep: deeper than the
            // two confirmations, so the store holds both as CONFIRMED.
            assertThat(call(rpc, "evm_revert", snapshot)).isEqualTo(Boolean.TRUE);
            assertThat(chain.isRecorded(1)).isFalse();
            assertThat(chain.isRecorded(2)).isFalse();
            assertThat(store.epoch(2).orElseThrow().status()).isEqualTo(EpochStatus.CONFIRMED);
            published.clear();

            // A restart: the first tick checks the confirmed epochs and records them again.
            RewardsService restarted = rig.service(settings);
            assertThat(restarted.tick()).as("epoch 1 sent again, 1 of 2 confirmations").isFalse();
            assertThat(store.epoch(2).orElseThrow().status()).isEqualTo(EpochStatus.SEALED);
            tickUntilDone(restarted, rpc);
            for (long epoch : List.of(1L, 2L)) {
                RewardsStore.EpochRow row = store.epoch(epoch).orElseThrow();
                assertThat(row.status()).isEqualTo(EpochStatus.CONFIRMED);
                assertThat(chain.recordedRoot(epoch)).contains(row.merkleRoot());
                assertThat(chain.epochRecordedLogs(epoch)).hasSize(1);
                assertProofsVerifyOnChain(store, registry, epoch);
            }
            assertThat(store.epoch(2).orElseThrow().txHash()).isNotEqualTo(lostTx);
            assertThat(store.epoch(0).orElseThrow().txHash())
                    .as("the epoch the chain kept is untouched")
                    .isEqualTo(kept);
            assertThat(confirmed(published))
                    .as("CONFIRMED again for the labels of epochs 1 and 2, new transactions")
                    .extracting(ContributionRecorded::epoch)
                    .containsOnly(1L, 2L)
                    .hasSize(4);
            assertThat(confirmed(published))
                    .extracting(ContributionRecorded::txHash)
                    .doesNotContain(lostTx);
            assertThat(chain.epochRecordedLogs(0)).hasSize(1);

            // Walking back in batches of one: the lost epochs 4 and 3, then epoch 2 is there.
            String second = (String) call(rpc, "evm_snapshot");
            recordEpoch(restarted, rpc, "item-3");
            recordEpoch(restarted, rpc, "item-4");
            assertThat(call(rpc, "evm_revert", second)).isEqualTo(Boolean.TRUE);
            assertThat(restarted.reconcile(1)).containsExactly(4L, 3L);
            assertThat(store.epoch(3).orElseThrow().status()).isEqualTo(EpochStatus.SEALED);
            assertThat(restarted.reconcile(1)).as("nothing more to find").isEmpty();
            tickUntilDone(restarted, rpc);
            assertThat(chain.recordedRoot(3)).contains(store.epoch(3).orElseThrow().merkleRoot());
            assertThat(chain.recordedRoot(4)).contains(store.epoch(4).orElseThrow().merkleRoot());
            assertProofsVerifyOnChain(store, registry, 4);
        }
    }

    /** A rig with alice's wallet known, as every test here wants. */
    private static RewardsRig rig(String database) throws Exception {
        RewardsRig rig = RewardsRig.start(PostgresService.shared().createDatabase(database));
        rig.store.setWallet("alice", Credentials.create(AnvilService.CONTRIBUTOR_KEY).getAddress());
        return rig;
    }

    /** Accepts one item's labels, seals them as the next epoch and confirms it (2 blocks). */
    private static void recordEpoch(RewardsService service, HttpService rpc, String item)
            throws IOException {
        service.onItemResolved(Fixtures.resolved(item, false, "alice", "bob"));
        assertThat(service.sealAll()).hasSize(1);
        assertThat(service.tick()).as("1 of 2 confirmations").isFalse();
        call(rpc, "evm_mine");
        assertThat(service.tick()).as("2 of 2 confirmations").isTrue();
    }

    /** Ticks, mining a block between rounds, until everything is confirmed and published. */
    private static void tickUntilDone(RewardsService service, HttpService rpc) throws IOException {
        for (int round = 0; round < 10; round++) {
            if (service.tick()) {
                return;
            }
            call(rpc, "evm_mine");
        }
        throw new AssertionError("not confirmed after 10 rounds");
    }

    private static void assertProofsVerifyOnChain(
            RewardsStore store, ContributionRegistry registry, long epoch) throws Exception {
        List<RewardsStore.SealedLabel> labels = store.sealedLabels(epoch);
        assertThat(labels).hasSize(2);
        for (RewardsStore.SealedLabel l : labels) {
            List<byte[]> proof = l.proof().stream().map(Numeric::hexStringToByteArray).toList();
            assertThat(
                            registry.verify(
                                            BigInteger.valueOf(epoch),
                                            Numeric.hexStringToByteArray(l.leafHash()),
                                            proof)
                                    .send())
                    .as("proof of %s in epoch %d", l.labelId(), epoch)
                    .isTrue();
        }
    }

    private static List<ContributionRecorded> confirmed(List<ContributionRecorded> events) {
        synchronized (events) {
            return events.stream().filter(e -> e.status() == ContributionStatus.CONFIRMED).toList();
        }
    }

    private static Object call(HttpService rpc, String method, Object... params)
            throws IOException {
        AnyResponse r = new Request<>(method, List.of(params), rpc, AnyResponse.class).send();
        if (r.hasError()) {
            throw new IOException(method + ": " + r.getError().getMessage());
        }
        return r.getResult();
    }
}
