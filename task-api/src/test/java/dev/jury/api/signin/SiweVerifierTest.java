package dev.jury.api.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

class SiweVerifierTest {

    static final String DOMAIN = "jury.example:8080";
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final SiweVerifier VERIFIER = new SiweVerifier(Clock.fixed(NOW, ZoneOffset.UTC));
    static final ECKeyPair KEY = SiweFixtures.key();
    static final String ADDRESS = SiweFixtures.address(KEY);

    static String message() {
        return SiweFixtures.message(DOMAIN, ADDRESS, "abcDEF123456", NOW.minusSeconds(5));
    }

    @Test
    @DisplayName("a message signed by the key it names verifies and parses every field")
    void validMessage() {
        String text =
                message()
                        + "\nNot Before: 2026-11-20T09:00:00Z\nRequest ID: r-1\nResources:\n- https://jury.example/a\n- ipfs://bafy";
        SiweMessage m = VERIFIER.verify(text, SiweFixtures.sign(text, KEY), DOMAIN);
        assertThat(m.domain()).isEqualTo(DOMAIN);
        assertThat(m.address()).isEqualTo(ADDRESS);
        assertThat(m.statement()).isEqualTo("Sign in to Jury to label and get paid.");
        assertThat(m.uri()).isEqualTo("http://" + DOMAIN + "/login");
        assertThat(m.chainId()).isEqualTo(1337);
        assertThat(m.nonce()).isEqualTo("abcDEF123456");
        assertThat(m.expirationTime()).isNotNull();
        assertThat(m.notBefore().toInstant()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(m.requestId()).isEqualTo("r-1");
        assertThat(m.resources()).containsExactly("https://jury.example/a", "ipfs://bafy");
        assertThat(m.walletLowerCase()).isEqualTo(ADDRESS.toLowerCase());
    }

    @Test
    @DisplayName("a message without a statement parses in both blank-line forms, and with a scheme")
    void noStatement() {
        String tail =
                "URI: https://jury.example\nVersion: 1\nChain ID: 1\nNonce: 12345678\nIssued At: 2026-11-20T09:59:00.123Z";
        String header =
                "https://"
                        + DOMAIN
                        + " wants you to sign in with your Ethereum account:\n"
                        + ADDRESS;
        SiweMessage short1 = SiweMessage.parse(header + "\n\n" + tail);
        SiweMessage long1 = SiweMessage.parse(header + "\n\n\n" + tail);
        assertThat(short1.statement()).isNull();
        assertThat(long1.statement()).isNull();
        assertThat(short1.scheme()).isEqualTo("https");
        assertThat(SiweFixtures.sign(header + "\n\n" + tail, KEY)).startsWith("0x").hasSize(132);
    }

    @Test
    @DisplayName("v as 0/1 is accepted as 27/28")
    void lowV() {
        String text = message();
        String sig = SiweFixtures.sign(text, KEY);
        int v = Integer.parseInt(sig.substring(130), 16);
        String low = sig.substring(0, 130) + String.format("%02x", v - 27);
        assertThat(VERIFIER.verify(text, low, DOMAIN).address()).isEqualTo(ADDRESS);
    }

    @Test
    @DisplayName("a signature by another key is refused, not malformed")
    void wrongSigner() {
        String text = message();
        assertRejected(
                () -> VERIFIER.verify(text, SiweFixtures.sign(text, SiweFixtures.key()), DOMAIN),
                false,
                "not made by");
    }

    @Test
    @DisplayName("a signature over other text is refused")
    void tamperedText() {
        String text = message();
        String sig = SiweFixtures.sign(text, KEY);
        assertRejected(
                () -> VERIFIER.verify(text.replace("Chain ID: 1337", "Chain ID: 1"), sig, DOMAIN),
                false,
                "not made by");
    }

    @Test
    @DisplayName("a message for another domain is refused")
    void wrongDomain() {
        String text = message();
        assertRejected(
                () -> VERIFIER.verify(text, SiweFixtures.sign(text, KEY), "evil.example"),
                false,
                "not for this service");
    }

    @Test
    @DisplayName("an expired message, a not-yet-valid one and one issued in the future are refused")
    void times() {
        String expired =
                SiweFixtures.message(DOMAIN, ADDRESS, "abcDEF123456", NOW.minusSeconds(120));
        assertRejected(
                () -> VERIFIER.verify(expired, SiweFixtures.sign(expired, KEY), DOMAIN),
                false,
                "expired");
        String early = message() + "\nNot Before: 2026-11-20T11:00:00Z";
        assertRejected(
                () -> VERIFIER.verify(early, SiweFixtures.sign(early, KEY), DOMAIN),
                false,
                "not valid before");
        String future =
                SiweFixtures.message(DOMAIN, ADDRESS, "abcDEF123456", NOW.plusSeconds(3600));
        assertRejected(
                () -> VERIFIER.verify(future, SiweFixtures.sign(future, KEY), DOMAIN),
                false,
                "future");
    }

    @Test
    @DisplayName("malformed messages name what is wrong")
    void malformed() {
        String good = message();
        assertMalformed(good.replace(ADDRESS, ADDRESS.toLowerCase()), "checksum");
        assertMalformed(good.replace("Version: 1", "Version: 2"), "Version");
        assertMalformed(good.replace("Nonce: abcDEF123456", "Nonce: short"), "Nonce");
        assertMalformed(good.replace("Nonce: abcDEF123456", "Nonce: abc-DEF-123456"), "Nonce");
        assertMalformed(good.replace("Chain ID: 1337", "Chain ID: x"), "Chain ID");
        assertMalformed(good.replace("URI: ", "URI: relative/"), "URI");
        assertMalformed(good.replace(" wants you", " would like you"), "line 1");
        assertMalformed(good.replace("Issued At: ", "Issued At: yesterday "), "Issued At");
        assertMalformed(good.replace("\n", "\r\n"), "LF");
        assertMalformed(good + "\n", "unexpected");
        assertMalformed(good + "\nExtra: field", "unexpected");
        assertMalformed(good.replace("Version: 1\n", ""), "Version");
        assertMalformed("", "empty");
        assertMalformed("x".repeat(SiweMessage.MAX_LENGTH + 1), "longer");
        assertRejected(() -> VERIFIER.verify(good, "0x1234", DOMAIN), true, "signature");
        assertRejected(
                () -> VERIFIER.verify(good, "0x" + "00".repeat(64) + "1b", DOMAIN),
                false,
                "does not verify");
    }

    private static void assertMalformed(String text, String detail) {
        assertRejected(() -> SiweMessage.parse(text), true, detail);
    }

    private static void assertRejected(Runnable call, boolean malformed, String detail) {
        assertThatThrownBy(call::run)
                .isInstanceOf(SiweException.class)
                .hasMessageContaining(detail)
                .satisfies(e -> assertThat(((SiweException) e).malformed()).isEqualTo(malformed));
    }
}
