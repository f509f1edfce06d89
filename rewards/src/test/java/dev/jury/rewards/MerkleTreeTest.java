package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MerkleTreeTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(
                    new Leaf("label-" + i, "item-" + i / 3, "0x" + "%040x".formatted(i + 1), 1 + i)
                            .hash());
        }
        return leaves;
    }

    @ParameterizedTest(name = "{0} leaves")
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100})
    @DisplayName("Every leaf's proof leads back to the root, whatever the tree's shape")
    void everyProofVerifies(int n) {
        List<byte[]> leaves = leaves(n);
        MerkleTree tree = MerkleTree.build(leaves);
        for (byte[] leaf : leaves) {
            assertThat(MerkleTree.rootFrom(leaf, tree.proof(leaf))).isEqualTo(tree.root());
        }
        assertThat(tree.proof(leaves.get(0)).size())
                .isLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
    }

    @Test
    @DisplayName("The root depends on the set of leaves, not on their order")
    void rootIsDeterministic() {
        List<byte[]> leaves = leaves(50);
        List<byte[]> shuffled = new ArrayList<>(leaves);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(MerkleTree.build(shuffled).root()).isEqualTo(MerkleTree.build(leaves).root());
    }

    @Test
    @DisplayName("A proof does not verify another leaf, and a changed weight changes the leaf")
    void proofsAreSpecific() {
        List<byte[]> leaves = leaves(10);
        MerkleTree tree = MerkleTree.build(leaves);
        byte[] forged = new Leaf("label-0", "item-0", "0x" + "%040x".formatted(1), 2).hash();
        assertThat(MerkleTree.rootFrom(forged, tree.proof(leaves.get(0))))
                .isNotEqualTo(tree.root());
        assertThatThrownBy(() -> tree.proof(forged)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("Duplicate and empty leaf sets are refused")
    void refusesDegenerateInput() {
        byte[] leaf = leaves(1).get(0);
        assertThatThrownBy(() -> MerkleTree.build(List.of(leaf, leaf.clone())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.build(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
