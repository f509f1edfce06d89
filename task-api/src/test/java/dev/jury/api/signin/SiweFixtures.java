package dev.jury.api.signin;

import java.math.BigInteger;
import java.time.Instant;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/** Builds and signs EIP-4361 messages with keys made in the test. */
public final class SiweFixtures {

    private SiweFixtures() {}

    /**
     * The private key of anvil's first dev account: public knowledge, never holds value, and the
     * wallet the UI's tests sign in with.
     */
    public static final String DEV_PRIVATE_KEY =
            "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /** The key of {@link #DEV_PRIVATE_KEY}. */
    public static ECKeyPair devKey() {
        return ECKeyPair.create(new BigInteger(DEV_PRIVATE_KEY, 16));
    }

    /** A fresh key. */
    public static ECKeyPair key() {
        try {
            return Keys.createEcKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checksummed address of a key. */
    public static String address(ECKeyPair key) {
        return Keys.toChecksumAddress("0x" + Keys.getAddress(key));
    }

    /** A message with a statement and an expiration a minute after {@code issuedAt}. */
    public static String message(String domain, String address, String nonce, Instant issuedAt) {
        return domain
                + " wants you to sign in with your Ethereum account:\n"
                + address
                + "\n\nSign in to Jury to label and get paid.\n\n"
                + "URI: http://"
                + domain
                + "/login\n"
                + "Version: 1\n"
                + "Chain ID: 1337\n"
                + "Nonce: "
                + nonce
                + "\n"
                + "Issued At: "
                + issuedAt
                + "\n"
                + "Expiration Time: "
                + issuedAt.plusSeconds(60);
    }

    /** An EIP-191 personal signature, {@code 0x r s v}: the client side's own signing. */
    public static String sign(String message, ECKeyPair key) {
        return WalletBinding.sign(message, key);
    }
}
