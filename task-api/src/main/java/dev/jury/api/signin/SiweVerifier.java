package dev.jury.api.signin;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Checks everything about a sign-in message that needs no database: its grammar, that it was made
 * for this API's domain, that it is inside its validity window, and that the EIP-191 personal
 * signature recovers to the address it names. The nonce is checked afterwards, when it is consumed.
 */
public final class SiweVerifier {

    /** How far a wallet's clock may run ahead of ours before "Issued At" is refused. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;

    public SiweVerifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * Parses and verifies a signed message.
     *
     * @param text the exact text that was signed
     * @param signatureHex the 65-byte signature, {@code 0x}-prefixed hex ({@code r || s || v})
     * @param expectedDomain the authority the message must name ({@code host[:port]})
     * @return the verified message
     * @throws SiweException malformed text or signature, or a claim that does not hold
     */
    public SiweMessage verify(String text, String signatureHex, String expectedDomain) {
        SiweMessage message = SiweMessage.parse(text);
        Sign.SignatureData signature = signature(signatureHex);
        if (expectedDomain == null
                || !message.domain()
                        .toLowerCase(Locale.ROOT)
                        .equals(expectedDomain.toLowerCase(Locale.ROOT))) {
            throw SiweException.rejected(
                    "the message is for '"
                            + message.domain()
                            + "', not for this service ('"
                            + expectedDomain
                            + "')");
        }
        Instant now = clock.instant();
        if (message.issuedAt().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw SiweException.rejected("Issued At lies in the future");
        }
        if (message.expirationTime() != null
                && !message.expirationTime().toInstant().isAfter(now)) {
            throw SiweException.rejected("the message expired at " + message.expirationTime());
        }
        if (message.notBefore() != null && message.notBefore().toInstant().isAfter(now)) {
            throw SiweException.rejected("the message is not valid before " + message.notBefore());
        }
        String signer = recover(text, signature);
        if (!signer.equals(message.walletLowerCase())) {
            throw SiweException.rejected("the signature was not made by " + message.address());
        }
        return message;
    }

    /** The lower-case 0x address whose key made an EIP-191 signature over {@code text}. */
    static String recover(String text, Sign.SignatureData signature) {
        try {
            BigInteger publicKey =
                    Sign.signedPrefixedMessageToKey(
                            text.getBytes(StandardCharsets.UTF_8), signature);
            return "0x" + Keys.getAddress(publicKey).toLowerCase(Locale.ROOT);
        } catch (SignatureException | RuntimeException e) {
            // Web3j throws for an r or s off the curve as well as for a bad v: both mean "not
            // signed by anyone we can name".
            throw SiweException.rejected("the signature does not verify");
        }
    }

    /** Splits {@code 0x r(32) s(32) v(1)}; wallets send v as 27/28 or as 0/1. */
    static Sign.SignatureData signature(String hex) {
        if (hex == null || !hex.matches("0x[0-9a-fA-F]{130}")) {
            throw SiweException.malformed("signature must be 0x followed by 65 bytes of hex");
        }
        byte[] bytes = HexFormat.of().parseHex(hex.substring(2));
        int v = bytes[64] & 0xff;
        if (v < 27) {
            v += 27;
        }
        if (v != 27 && v != 28) {
            throw SiweException.malformed("the signature's v must be 27 or 28 (or 0 or 1)");
        }
        return new Sign.SignatureData(
                (byte) v, Arrays.copyOfRange(bytes, 0, 32), Arrays.copyOfRange(bytes, 32, 64));
    }
}
