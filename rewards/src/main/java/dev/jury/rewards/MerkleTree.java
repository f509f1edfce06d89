package dev.jury.rewards;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * Merkle tree over leaf hashes, built the way {@code ContributionRegistry.verify} walks it: leaves
 * sorted ascending (as unsigned bytes), each parent {@code keccak256(min(a, b) ++ max(a, b))}, and
 * a node without a sibling moved up unchanged. Sorting makes the root depend only on the set of
 * leaves, so an epoch rebuilt after a crash has the same root.
 */
public final class MerkleTree {

    /** levels.get(0) are the sorted leaves; the last level holds the root alone. */
    private final List<byte[][]> levels;

    private MerkleTree(List<byte[][]> levels) {
        this.levels = levels;
    }

    /**
     * Builds the tree.
     *
     * @param leaves 32-byte leaf hashes, at least one, no duplicates
     * @return the tree, never null
     */
    public static MerkleTree build(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        byte[][] level = leaves.toArray(new byte[0][]);
        Arrays.sort(level, Arrays::compareUnsigned);
        for (int i = 1; i < level.length; i++) {
            if (Arrays.equals(level[i - 1], level[i])) {
                throw new IllegalArgumentException("duplicate leaf in Merkle tree");
            }
        }
        List<byte[][]> levels = new ArrayList<>();
        levels.add(level);
        while (level.length > 1) {
            byte[][] next = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < level.length; i += 2) {
                next[i / 2] = i + 1 < level.length ? hashPair(level[i], level[i + 1]) : level[i];
            }
            levels.add(next);
            level = next;
        }
        return new MerkleTree(levels);
    }

    /** The root, 32 bytes. */
    public byte[] root() {
        return levels.get(levels.size() - 1)[0].clone();
    }

    /** Number of leaves. */
    public int size() {
        return levels.get(0).length;
    }

    /**
     * The sibling hashes from {@code leaf} up to the root; empty for a one-leaf tree.
     *
     * @throws IllegalArgumentException if the leaf is not in the tree
     */
    public List<byte[]> proof(byte[] leaf) {
        int index = Arrays.binarySearch(levels.get(0), leaf, Arrays::compareUnsigned);
        if (index < 0) {
            throw new IllegalArgumentException("leaf not in tree");
        }
        List<byte[]> proof = new ArrayList<>();
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[][] level = levels.get(l);
            int sibling = index ^ 1;
            if (sibling < level.length) {
                proof.add(level[sibling].clone());
            }
            index /= 2;
        }
        return Collections.unmodifiableList(proof);
    }

    /** Recomputes a root from a leaf and its proof, as the contract does. */
    public static byte[] rootFrom(byte[] leaf, List<byte[]> proof) {
        byte[] node = leaf;
        for (byte[] sibling : proof) {
            node = hashPair(node, sibling);
        }
        return node;
    }

    static byte[] hashPair(byte[] a, byte[] b) {
        byte[] joined = new byte[64];
        boolean aFirst = Arrays.compareUnsigned(a, b) < 0;
        System.arraycopy(aFirst ? a : b, 0, joined, 0, 32);
        System.arraycopy(aFirst ? b : a, 0, joined, 32, 32);
        return Hash.sha3(joined);
    }
}
