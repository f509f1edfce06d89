package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.ContributionRecorded;
import dev.jury.events.ContributionStatus;
import dev.jury.rewards.ChainClient.SignedTransaction;
import dev.jury.rewards.RewardsStore.EpochRow;
import dev.jury.rewards.RewardsStore.EpochStatus;
import dev.jury.rewards.RewardsStore.SealedLabel;
import dev.jury.rewards.contract.ContributionRegistry;
import dev.jury.testsupport.AnvilService;
import dev.jury.testsupport.PostgresService;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * The service end to end against a real anvil node and a real PostgreSQL: labels in, roots on
 * chain, proofs that verify there, and each epoch recorded once through refusals, outages and
 * crashes.
 */
class RewardsServiceIT {

    private final String alice = Credentials.create(AnvilService.CONTRIBUTOR_KEY).getAddress();
    private final String bob = Credentials.create(AnvilService.OTHER_KEY).getAddress();

    private static PostgresService.Database database;

    @TempDir Path temp;
    private RewardsRig rig;
    private AnvilService anvil;
    private Web3j web3j;
    private ContributionRegistry registry;
    private RewardsStore store;
    private List<ContributionRecorded> published;

    @BeforeAll
    static void createDatabase() {
        database = PostgresService.shared().createDatabase("rewards_service_it");
    }

    @BeforeEach
    void start() throws Exception {
        rig = RewardsRig.startWithState(database, temp.resolve("anvil-state.json"));
        anvil = rig.anvil;
        web3j = rig.web3j;
        registry = rig.registry;
        store = rig.store;
        published = rig.published;
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private RewardsService service(ChainClient chain, int epochSize) {
        return rig.service(chain, Fixtures.settings(epochSize));
    }

    private RewardsService service(int epochSize) {
        return service(Chains.client(web3j, registry), epochSize);
    }

    /**
     * Ten items, labelled by alice, bob (wallets known) and carol (no wallet, disagrees on odd).
     */
    private void resolveItems(RewardsService service, int items) {
        service.setWallet("alice", alice);
        service.setWallet("bob", bob);
        for (int i = 0; i < items; i++) {
            service.onItemResolved(
                    Fixtures.resolved("item-" + i, i % 2 == 1, "alice", "bob", "carol"));
        }
    }

    private void assertProofsVerifyOnChain(long epoch) throws Exception {
        List<SealedLabel> labels = store.sealedLabels(epoch);
        assertThat(labels).isNotEmpty();
        for (SealedLabel l : labels) {
            Leaf leaf = new Leaf(l.labelId(), l.itemId(), l.walletAddress(), l.weight());
            assertThat(leaf.hashHex()).isEqualTo(l.leafHash());
            List<byte[]> proof = l.proof().stream().map(Numeric::hexStringToByteArray).toList();
            assertThat(registry.verify(BigInteger.valueOf(epoch), leaf.hash(), proof).send())
                    .as("proof of %s in epoch %d", l.labelId(), epoch)
                    .isTrue();
        }
    }

    private long recorderNonce() throws IOException {
        return Chains.client(web3j, registry).nonce(false);
    }

    @Test
    @DisplayName(
            "Accepted labels become epochs whose roots are on chain and whose proofs verify there")
    void acceptedLabelsReachTheChain() throws Exception {
        RewardsService service = service(8);
        resolveItems(service, 10);
        // alice and bob: 20 labels; carol: 5 agreeing labels without a wallet.
        assertThat(store.pendingLabels()).isEqualTo(25);

        assertThat(service.tick()).isTrue();
        assertThat(store.epoch(0))
                .get()
                .extracting(EpochRow::status)
                .isEqualTo(EpochStatus.CONFIRMED);
        assertThat(store.epoch(1)).get().extracting(EpochRow::leafCount).isEqualTo(8);
        assertThat(store.epoch(2)).as("4 labels wait for the epoch to fill or age").isEmpty();

        service.setWallet("carol", "0x" + "c".repeat(40));
        service.sealAll();
        assertThat(service.tick()).isTrue();
        assertThat(store.pendingLabels()).isZero();
        for (long epoch = 0; epoch <= 3; epoch++) {
            assertThat(registry.isRecorded(BigInteger.valueOf(epoch)).send()).isTrue();
            assertProofsVerifyOnChain(epoch);
        }
        // 4 left over + carol's 5 = 9: one full epoch of 8 and a partial one of 1.
        assertThat(store.epoch(2)).get().extracting(EpochRow::leafCount).isEqualTo(8);
        assertThat(store.epoch(3)).get().extracting(EpochRow::leafCount).isEqualTo(1);

        List<ContributionRecorded> confirmed =
                published.stream().filter(e -> e.status() == ContributionStatus.CONFIRMED).toList();
        assertThat(confirmed).hasSize(25);
        assertThat(confirmed).extracting(ContributionRecorded::labelId).doesNotHaveDuplicates();
        assertThat(confirmed).allSatisfy(e -> assertThat(e.blockNumber()).isNotNull());

        // The published proof is enough to claim, without asking Jury.
        ContributionRecorded mine =
                confirmed.stream().filter(e -> e.contributorId().equals("alice")).findFirst().get();
        Leaf leaf = new Leaf(mine.labelId(), mine.itemId(), alice, mine.weight());
        Chains.as(web3j, registry, AnvilService.CONTRIBUTOR_KEY)
                .claim(
                        BigInteger.valueOf(mine.epoch()),
                        leaf.labelKey(),
                        leaf.itemKey(),
                        BigInteger.valueOf(mine.weight()),
                        mine.proof().stream().map(Numeric::hexStringToByteArray).toList())
                .send();
        assertThat(registry.balanceOf(alice).send()).isEqualTo(BigInteger.valueOf(950_000));
    }

    @Test
    @DisplayName("Replayed consensus events accept nothing twice")
    void replaysAreHarmless() {
        RewardsService service = service(100);
        resolveItems(service, 4);
        long pending = store.pendingLabels();
        resolveItems(service, 4);
        assertThat(store.pendingLabels()).isEqualTo(pending);
    }

    @Test
    @DisplayName("An epoch already on chain with another root is refused before anything is sent")
    void duplicateEpochRefusedBeforeSending() throws Exception {
        RewardsService service = service(100);
        resolveItems(service, 4);
        service.sealAll();
        registry.recordEpoch(
                        BigInteger.ZERO,
                        new byte[] {
                            1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            0, 0, 0, 0, 0, 0, 0, 1
                        },
                        BigInteger.ONE)
                .send();
        long nonce = recorderNonce();

        assertThat(service.submitPending()).isFalse();
        assertThat(recorderNonce()).as("no transaction sent").isEqualTo(nonce);
        EpochRow row = store.epoch(0).orElseThrow();
        assertThat(row.status()).isEqualTo(EpochStatus.SEALED);
        assertThat(row.lastError()).contains("recorded on chain with root");
    }

    @Test
    @DisplayName("An epoch already on chain with the same root is confirmed without sending")
    void sameRootConfirmedWithoutSending() throws Exception {
        RewardsService service = service(100);
        resolveItems(service, 4);
        service.sealAll();
        EpochRow sealed = store.epoch(0).orElseThrow();
        String tx =
                registry.recordEpoch(
                                BigInteger.ZERO,
                                Numeric.hexStringToByteArray(sealed.merkleRoot()),
                                BigInteger.valueOf(sealed.leafCount()))
                        .send()
                        .getTransactionHash();
        long nonce = recorderNonce();

        assertThat(service.tick()).isTrue();
        assertThat(recorderNonce()).isEqualTo(nonce);
        assertThat(store.epoch(0).orElseThrow().txHash()).isEqualTo(tx);
        assertProofsVerifyOnChain(0);
    }

    @Test
    @DisplayName("A key that may not record sends nothing: the gas estimate fails before signing")
    void wrongRecorderSendsNothing() throws Exception {
        RewardsService service = service(100);
        resolveItems(service, 2);
        service.sealAll();
        registry.setRecorder(bob).send();
        long nonce = recorderNonce();

        assertThat(service.tick()).isFalse();
        assertThat(recorderNonce()).isEqualTo(nonce);
        assertThat(store.epoch(0).orElseThrow().status()).isEqualTo(EpochStatus.SEALED);
        assertThat(store.epoch(0).orElseThrow().lastError()).isNotBlank();
    }

    @Test
    @DisplayName("While the chain is down epochs stay pending; when it is back they are recorded")
    void chainDownThenBack() throws Exception {
        RewardsService service = service(100);
        resolveItems(service, 6);
        service.sealAll();
        anvil.stop();

        assertThat(service.tick()).isFalse();
        assertThat(service.tick()).isFalse();
        EpochRow waiting = store.epoch(0).orElseThrow();
        assertThat(waiting.status()).isEqualTo(EpochStatus.SEALED);
        assertThat(waiting.lastError()).isNotBlank();
        assertThat(store.sealedLabels(0)).hasSize(waiting.leafCount());

        anvil.restart(); // same port, same chain (anvil's --state file)
        assertThat(service.tick()).isTrue();
        assertThat(store.epoch(0).orElseThrow().status()).isEqualTo(EpochStatus.CONFIRMED);
        assertProofsVerifyOnChain(0);
        assertThat(published)
                .filteredOn(e -> e.status() == ContributionStatus.CONFIRMED)
                .hasSize(waiting.leafCount());
    }

    @Test
    @DisplayName(
            "A crash after sending and before the receipt is recovered from the chain, not sent again")
    void crashBetweenSendAndReceipt() throws Exception {
        ChainClient crashesAfterSend =
                new ChainClient(
                        web3j,
                        Credentials.create(AnvilService.DEPLOYER_KEY),
                        registry.getContractAddress(),
                        AnvilService.CHAIN_ID,
                        java.time.Duration.ofMillis(50)) {
                    @Override
                    public void broadcast(SignedTransaction tx) throws IOException {
                        super.broadcast(tx);
                        throw new IllegalStateException("simulated crash after broadcast");
                    }
                };
        RewardsService first = service(crashesAfterSend, 100);
        resolveItems(first, 4);
        first.sealAll();
        long nonce = recorderNonce();
        assertThat(first.submitPending()).isFalse();
        EpochRow afterCrash = store.epoch(0).orElseThrow();
        assertThat(afterCrash.status()).isEqualTo(EpochStatus.SUBMITTED);

        RewardsService restarted = service(100);
        assertThat(restarted.tick()).isTrue();
        EpochRow recovered = store.epoch(0).orElseThrow();
        assertThat(recovered.status()).isEqualTo(EpochStatus.CONFIRMED);
        assertThat(recovered.txHash()).isEqualTo(afterCrash.txHash());
        assertThat(recorderNonce()).as("exactly one transaction").isEqualTo(nonce + 1);
        assertThat(Chains.client(web3j, registry).epochRecordedLogs(0)).hasSize(1);
        assertProofsVerifyOnChain(0);
    }

    @Test
    @DisplayName(
            "A crash after storing the signed transaction but before sending it re-sends that same transaction")
    void crashBeforeSend() throws Exception {
        ChainClient crashesBeforeSend =
                new ChainClient(
                        web3j,
                        Credentials.create(AnvilService.DEPLOYER_KEY),
                        registry.getContractAddress(),
                        AnvilService.CHAIN_ID,
                        java.time.Duration.ofMillis(50)) {
                    @Override
                    public void broadcast(SignedTransaction tx) {
                        throw new IllegalStateException("simulated crash before broadcast");
                    }
                };
        RewardsService first = service(crashesBeforeSend, 100);
        resolveItems(first, 4);
        first.sealAll();
        long nonce = recorderNonce();
        assertThat(first.submitPending()).isFalse();
        EpochRow stored = store.epoch(0).orElseThrow();
        assertThat(stored.status()).isEqualTo(EpochStatus.SUBMITTED);
        assertThat(Chains.client(web3j, registry).isRecorded(0)).isFalse();

        assertThat(service(100).tick()).isTrue();
        assertThat(store.epoch(0).orElseThrow().txHash()).isEqualTo(stored.txHash());
        assertThat(recorderNonce()).isEqualTo(nonce + 1);
        assertThat(Chains.client(web3j, registry).epochRecordedLogs(0)).hasSize(1);
    }
}
