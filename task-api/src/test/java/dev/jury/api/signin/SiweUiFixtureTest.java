package dev.jury.api.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * The reviewer UI builds its sign-in message in TypeScript; its unit test checks the text byte for
 * byte against this fixture, and this test checks that the API accepts exactly that text. Together
 * they keep the UI's message and the API's parser in step.
 */
class SiweUiFixtureTest {

    /** Read from the UI module's sources, so both sides test the one file. */
    static final Path FIXTURE = Path.of("..", "reviewer-ui", "src", "siwe.fixture.json");

    @Test
    @DisplayName("the message the UI builds parses, and verifies when the wallet's key signs it")
    void uiMessageIsAccepted() throws Exception {
        JsonNode fixture = new ObjectMapper().readTree(Files.readString(FIXTURE));
        String text = fixture.get("message").asText();
        ECKeyPair key = SiweFixtures.devKey();
        assertThat("0x" + Keys.getAddress(key)).isEqualTo(fixture.get("wallet").asText());

        SiweMessage parsed = SiweMessage.parse(text);
        assertThat(parsed.domain()).isEqualTo(fixture.get("host").asText());
        assertThat(parsed.address()).isEqualTo(SiweFixtures.address(key));
        assertThat(parsed.uri()).isEqualTo(fixture.get("origin").asText() + "/");
        assertThat(parsed.chainId()).isEqualTo(Long.decode(fixture.get("chainIdHex").asText()));
        assertThat(parsed.nonce()).isEqualTo(fixture.get("nonce").asText());
        assertThat(parsed.issuedAt().toInstant())
                .isEqualTo(Instant.parse(fixture.get("now").asText()));

        Clock aMomentLater =
                Clock.fixed(parsed.issuedAt().toInstant().plusSeconds(10), ZoneOffset.UTC);
        SiweMessage verified =
                new SiweVerifier(aMomentLater)
                        .verify(text, SiweFixtures.sign(text, key), fixture.get("host").asText());
        assertThat(verified.walletLowerCase()).isEqualTo(fixture.get("wallet").asText());
    }
}
