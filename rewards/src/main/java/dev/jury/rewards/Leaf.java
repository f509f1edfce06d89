package dev.jury.rewards;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One accepted label as the contract sees it. The hash must match {@code
 * ContributionRegistry.leafHash} byte for byte:
 *
 * <pre>
 * leaf = keccak256(keccak256(abi.encode(keccak256(labelId), keccak256(itemId), wallet, weight)))
 * </pre>
 *
 * where the ids are hashed as UTF-8 strings, {@code abi.encode} of four static values is their four
 * 32-byte words side by side, and the outer hash (over the 32-byte inner hash) keeps a 64-byte
 * inner node of the tree from passing as a leaf.
 *
 * @param labelId the label id string
 * @param itemId the item id string
 * @param wallet the contributor's address, {@code 0x} and 40 hex digits
 * @param weight the reward weight, positive
 */
public record Leaf(String labelId, String itemId, String wallet, long weight) {

    /** Validates and lower-cases the address, so equal leaves have equal fields. */
    public Leaf {
        Objects.requireNonNull(labelId, "labelId");
        Objects.requireNonNull(itemId, "itemId");
        wallet = Wallets.normalise(wallet);
        if (weight <= 0) {
            throw new IllegalArgumentException("weight must be positive: " + weight);
        }
    }

    /** {@code keccak256} of the label id's UTF-8 bytes, the contract's {@code labelId}. */
    public byte[] labelKey() {
        return idKey(labelId);
    }

    /** {@code keccak256} of the item id's UTF-8 bytes, the contract's {@code itemId}. */
    public byte[] itemKey() {
        return idKey(itemId);
    }

    /** The leaf hash, 32 bytes. */
    public byte[] hash() {
        byte[] encoded = new byte[128];
        System.arraycopy(labelKey(), 0, encoded, 0, 32);
        System.arraycopy(itemKey(), 0, encoded, 32, 32);
        // An address is right-aligned in its word, a uint256 too (big-endian).
        System.arraycopy(Numeric.hexStringToByteArray(wallet), 0, encoded, 64 + 12, 20);
        byte[] w = Numeric.toBytesPadded(BigInteger.valueOf(weight), 32);
        System.arraycopy(w, 0, encoded, 96, 32);
        return Hash.sha3(Hash.sha3(encoded));
    }

    /** The leaf hash as {@code 0x} and 64 lower-case hex digits. */
    public String hashHex() {
        return Numeric.toHexString(hash()).toLowerCase(Locale.ROOT);
    }

    static byte[] idKey(String id) {
        return Hash.sha3(id.getBytes(StandardCharsets.UTF_8));
    }
}
