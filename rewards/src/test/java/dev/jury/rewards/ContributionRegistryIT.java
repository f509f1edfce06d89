package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.rewards.contract.ContributionRegistry;
import dev.jury.testsupport.AnvilService;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/** The contract alone, on a real anvil node: roots, proofs, the once-only rules and claims. */
class ContributionRegistryIT {

    private static AnvilService anvil;
    private static Web3j web3j;

    private final String contributor =
            Credentials.create(AnvilService.CONTRIBUTOR_KEY).getAddress();
    private final String other = Credentials.create(AnvilService.OTHER_KEY).getAddress();
    private ContributionRegistry registry;
    private List<Leaf> leaves;
    private MerkleTree tree;

    @BeforeAll
    static void startChain() {
        anvil = AnvilService.start();
        web3j = Chains.web3j(anvil);
    }

    @AfterAll
    static void stopChain() {
        web3j.shutdown();
        anvil.close();
    }

    @BeforeEach
    void deployAndBuildEpoch() throws Exception {
        registry = Chains.deploy(web3j);
        leaves = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            leaves.add(
                    new Leaf(
                            "label-" + i,
                            "item-" + i,
                            i % 2 == 0 ? contributor : other,
                            1_000 + i));
        }
        tree = MerkleTree.build(leaves.stream().map(Leaf::hash).toList());
    }

    private TransactionReceipt record(long epoch) throws Exception {
        return registry.recordEpoch(
                        BigInteger.valueOf(epoch), tree.root(), BigInteger.valueOf(leaves.size()))
                .send();
    }

    @Test
    @DisplayName("The contract hashes a leaf exactly as the service does")
    void leafHashMatches() throws Exception {
        Leaf leaf = leaves.get(3);
        byte[] onChain =
                registry.leafHash(
                                leaf.labelKey(),
                                leaf.itemKey(),
                                leaf.wallet(),
                                BigInteger.valueOf(leaf.weight()))
                        .send();
        assertThat(Numeric.toHexString(onChain)).isEqualTo(leaf.hashHex());
    }

    @Test
    @DisplayName("A recorded root verifies every leaf's proof on chain, and nothing else")
    void verifiesProofs() throws Exception {
        assertThat(registry.isRecorded(BigInteger.ZERO).send()).isFalse();
        TransactionReceipt receipt = record(0);
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(registry.isRecorded(BigInteger.ZERO).send()).isTrue();
        for (Leaf leaf : leaves) {
            assertThat(
                            registry.verify(BigInteger.ZERO, leaf.hash(), tree.proof(leaf.hash()))
                                    .send())
                    .as(leaf.labelId())
                    .isTrue();
        }
        Leaf forged = new Leaf("label-0", "item-0", contributor, 1_000_000);
        assertThat(
                        registry.verify(
                                        BigInteger.ZERO,
                                        forged.hash(),
                                        tree.proof(leaves.get(0).hash()))
                                .send())
                .isFalse();
        assertThat(
                        registry.verify(
                                        BigInteger.ONE,
                                        leaves.get(0).hash(),
                                        tree.proof(leaves.get(0).hash()))
                                .send())
                .as("an unrecorded epoch verifies nothing")
                .isFalse();
    }

    @Test
    @DisplayName("An epoch is recorded once: a second attempt reverts, and eth_call predicts it")
    void epochOnce() throws Exception {
        record(4);
        ChainClient client = Chains.client(web3j, registry);
        assertThat(client.isRecorded(4)).isTrue();
        assertThat(client.recordedRoot(4)).contains(Numeric.toHexString(tree.root()));
        // The service's pre-flight: estimating the duplicate fails without spending gas.
        assertThatThrownBy(() -> client.signRecordEpoch(4, Numeric.toHexString(tree.root()), 9, 1))
                .hasMessageContaining("revert");
        // Sent anyway (fixed gas, no estimate), it is mined and reverts, burning gas.
        assertThatThrownBy(() -> record(4)).isInstanceOf(TransactionException.class);
    }

    @Test
    @DisplayName("Only the recorder may record, and only the owner may change the recorder")
    void onlyRecorder() {
        ContributionRegistry asOther = Chains.as(web3j, registry, AnvilService.OTHER_KEY);
        assertThatThrownBy(
                        () ->
                                asOther.recordEpoch(BigInteger.ONE, tree.root(), BigInteger.ONE)
                                        .send())
                .isInstanceOf(TransactionException.class);
        assertThatThrownBy(() -> asOther.setRecorder(other).send())
                .isInstanceOf(TransactionException.class);
    }

    @Test
    @DisplayName("A contributor claims a leaf once, and only their own")
    void claimOnce() throws Exception {
        record(0);
        Leaf leaf = leaves.get(0); // the contributor's
        ContributionRegistry asContributor =
                Chains.as(web3j, registry, AnvilService.CONTRIBUTOR_KEY);
        ContributionRegistry asOther = Chains.as(web3j, registry, AnvilService.OTHER_KEY);
        List<byte[]> proof = tree.proof(leaf.hash());

        assertThatThrownBy(
                        () ->
                                asOther.claim(
                                                BigInteger.ZERO,
                                                leaf.labelKey(),
                                                leaf.itemKey(),
                                                BigInteger.valueOf(leaf.weight()),
                                                proof)
                                        .send())
                .as("the leaf names another address")
                .isInstanceOf(TransactionException.class);

        TransactionReceipt paid =
                asContributor
                        .claim(
                                BigInteger.ZERO,
                                leaf.labelKey(),
                                leaf.itemKey(),
                                BigInteger.valueOf(leaf.weight()),
                                proof)
                        .send();
        assertThat(paid.isStatusOK()).isTrue();
        assertThat(registry.balanceOf(contributor).send()).isEqualTo(BigInteger.valueOf(1_000));
        assertThat(registry.claimed(leaf.labelKey()).send()).isTrue();

        assertThatThrownBy(
                        () ->
                                asContributor
                                        .claim(
                                                BigInteger.ZERO,
                                                leaf.labelKey(),
                                                leaf.itemKey(),
                                                BigInteger.valueOf(leaf.weight()),
                                                proof)
                                        .send())
                .isInstanceOf(TransactionException.class);
        assertThat(registry.balanceOf(contributor).send()).isEqualTo(BigInteger.valueOf(1_000));
        assertThat(registry.totalSupply().send()).isEqualTo(BigInteger.valueOf(1_000));
    }
}
