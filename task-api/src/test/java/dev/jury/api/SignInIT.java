package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jury.api.signin.SiweFixtures;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/** Sign-in with Ethereum over HTTP: the happy path, and every refusal changing nothing. */
class SignInIT {

    static ApiHarness harness;
    static String domain;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
        domain = harness.api.baseUrl().replaceFirst("^http://", "");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static String nonce() {
        var r = harness.post("/api/v1/auth/siwe/nonce", null, null);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("nonce").asText();
    }

    static String body(String message, String signature) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("message", message);
        o.put("signature", signature);
        return o.toString();
    }

    static ApiHarness.Response signIn(String message, String signature) {
        return harness.post("/api/v1/auth/siwe", null, body(message, signature));
    }

    /** Sends a request that must be refused with {@code status} and must change nothing. */
    static ApiHarness.Response refused(
            int status, java.util.function.Supplier<ApiHarness.Response> call) {
        Map<String, String> before = DbState.of(harness);
        ApiHarness.Response r = call.get();
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(DbState.of(harness)).isEqualTo(before);
        return r;
    }

    @Test
    @DisplayName(
            "a signed message signs a new contributor in once; the same wallet signs in to the same account later")
    void signInCreatesThenFindsTheAccount() {
        ECKeyPair key = SiweFixtures.key();
        String address = SiweFixtures.address(key);
        String message = SiweFixtures.message(domain, address, nonce(), Instant.now());
        String signature = SiweFixtures.sign(message, key);
        var first = signIn(message, signature);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        String token = first.json().get("token").asText();
        var me = harness.get("/api/v1/me", token).json();
        assertThat(me.get("wallet").asText()).isEqualTo(address.toLowerCase());
        assertThat(me.get("role").asText()).isEqualTo("contributor");
        assertThat(first.json().get("account").get("id").asText()).isEqualTo(me.get("id").asText());

        var replay = refused(401, () -> signIn(message, signature));
        assertThat(replay.json().get("detail").asText()).contains("nonce");

        String again = SiweFixtures.message(domain, address, nonce(), Instant.now());
        var second = signIn(again, SiweFixtures.sign(again, key));
        assertThat(second.status()).as(second.text()).isEqualTo(200);
        assertThat(second.json().get("account").get("id").asText())
                .isEqualTo(me.get("id").asText());
        assertThat(second.json().get("token").asText()).isNotEqualTo(token);
    }

    @Test
    @DisplayName(
            "a wrong signer, a wrong domain, an expired message, an unknown nonce and a malformed message are refused and change nothing")
    void refusals() {
        ECKeyPair key = SiweFixtures.key();
        String address = SiweFixtures.address(key);
        String nonce = nonce();
        String message = SiweFixtures.message(domain, address, nonce, Instant.now());
        refused(401, () -> signIn(message, SiweFixtures.sign(message, SiweFixtures.key())));
        String foreign = SiweFixtures.message("evil.example", address, nonce, Instant.now());
        refused(401, () -> signIn(foreign, SiweFixtures.sign(foreign, key)));
        String expired =
                SiweFixtures.message(domain, address, nonce, Instant.now().minusSeconds(3600));
        refused(401, () -> signIn(expired, SiweFixtures.sign(expired, key)));
        String unknown = SiweFixtures.message(domain, address, "neverIssued123", Instant.now());
        refused(401, () -> signIn(unknown, SiweFixtures.sign(unknown, key)));
        String bad = message.replace("Version: 1", "Version: one");
        refused(400, () -> signIn(bad, SiweFixtures.sign(bad, key)));
        refused(422, () -> harness.post("/api/v1/auth/siwe", null, "{\"message\":\"x\"}"));
        refused(
                400,
                () ->
                        harness.post(
                                "/api/v1/auth/siwe",
                                null,
                                "{\"message\":\"x\",\"signature\":\"0x00\",\"extra\":1}"));
        // None of the refusals used the nonce up.
        assertThat(signIn(message, SiweFixtures.sign(message, key)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("an expired nonce is refused")
    void expiredNonce() {
        ECKeyPair key = SiweFixtures.key();
        String nonce = nonce();
        DbState.update(
                harness,
                "UPDATE siwe_nonces SET expires_at = now() - interval '1 second' WHERE nonce = '"
                        + nonce
                        + "'");
        String message =
                SiweFixtures.message(domain, SiweFixtures.address(key), nonce, Instant.now());
        var r = refused(401, () -> signIn(message, SiweFixtures.sign(message, key)));
        assertThat(r.json().get("detail").asText()).contains("expired");
    }

    @Test
    @DisplayName(
            "a contributor binds a wallet; a wallet another account holds is a 409 that changes nothing")
    void bindWallet() {
        String alice = harness.account("alice", "contributor");
        String bob = harness.account("bob", "contributor");
        String requester = harness.account("rita", "requester");
        ECKeyPair key = SiweFixtures.key();
        String address = SiweFixtures.address(key);
        String message = SiweFixtures.message(domain, address, nonce(), Instant.now());
        var bound =
                harness.post(
                        "/api/v1/me/wallet", alice, body(message, SiweFixtures.sign(message, key)));
        assertThat(bound.status()).as(bound.text()).isEqualTo(200);
        assertThat(bound.json().get("wallet").asText()).isEqualTo(address.toLowerCase());
        assertThat(harness.get("/api/v1/me", alice).json().get("wallet").asText())
                .isEqualTo(address.toLowerCase());

        String again = SiweFixtures.message(domain, address, nonce(), Instant.now());
        refused(
                409,
                () ->
                        harness.post(
                                "/api/v1/me/wallet",
                                bob,
                                body(again, SiweFixtures.sign(again, key))));
        refused(
                403,
                () ->
                        harness.post(
                                "/api/v1/me/wallet",
                                bob,
                                body(again, SiweFixtures.sign(again, SiweFixtures.key()))));
        refused(
                403,
                () ->
                        harness.post(
                                "/api/v1/me/wallet",
                                requester,
                                body(again, SiweFixtures.sign(again, key))));
        refused(
                401,
                () ->
                        harness.post(
                                "/api/v1/me/wallet",
                                null,
                                body(again, SiweFixtures.sign(again, key))));
    }
}
