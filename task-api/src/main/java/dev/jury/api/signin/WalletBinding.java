package dev.jury.api.signin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * The client's side of {@code POST /api/v1/me/wallet}: the EIP-4361 message this API accepts for
 * binding a payout wallet, and its EIP-191 signature. For tools that act as contributors with keys
 * they hold (the replay benchmark, end-to-end tests); a browser signs with the user's wallet.
 */
public final class WalletBinding {
    private WalletBinding() {}

    /**
     * The message binding {@code key}'s address, for the API at {@code baseUrl}.
     *
     * @param baseUrl the API's base URL ({@code http://host:port}); its authority is the domain the
     *     API checks
     * @param key the wallet's key
     * @param chainId the chain the wallet is meant for
     * @param nonce a nonce from {@code POST /api/v1/auth/siwe/nonce}
     * @param issuedAt when the message is made
     * @param validFor how long the API may accept it
     * @return the message text, never null
     */
    public static String message(
            URI baseUrl,
            ECKeyPair key,
            long chainId,
            String nonce,
            Instant issuedAt,
            Duration validFor) {
        String origin = baseUrl.getScheme() + "://" + baseUrl.getRawAuthority();
        return baseUrl.getRawAuthority()
                + " wants you to sign in with your Ethereum account:\n"
                + address(key)
                + "\n\nBind my payout wallet.\n\n"
                + "URI: "
                + origin
                + "/login\n"
                + "Version: 1\n"
                + "Chain ID: "
                + chainId
                + "\n"
                + "Nonce: "
                + nonce
                + "\n"
                + "Issued At: "
                + issuedAt
                + "\n"
                + "Expiration Time: "
                + issuedAt.plus(validFor);
    }

    /**
     * The EIP-191 personal signature of a message, as {@code 0x} + r ‖ s ‖ v in hex.
     *
     * @param message the message text
     * @param key the signing key
     * @return the signature, never null
     */
    public static String sign(String message, ECKeyPair key) {
        Sign.SignatureData sig =
                Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key);
        byte[] signature = new byte[65];
        System.arraycopy(sig.getR(), 0, signature, 0, 32);
        System.arraycopy(sig.getS(), 0, signature, 32, 32);
        signature[64] = sig.getV()[0];
        return "0x" + HexFormat.of().formatHex(signature);
    }

    /**
     * The key's address with its EIP-55 checksum.
     *
     * @param key the key
     * @return the address, never null
     */
    public static String address(ECKeyPair key) {
        return Keys.toChecksumAddress("0x" + Keys.getAddress(key));
    }
}
