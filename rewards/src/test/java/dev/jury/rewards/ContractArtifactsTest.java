package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.rewards.contract.ContributionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContractArtifactsTest {

    @Test
    @DisplayName("The committed wrapper embeds the bytecode the pinned solc builds from the source")
    void wrapperMatchesCompiledContract() throws Exception {
        String compiled;
        try (InputStream in =
                ContractArtifactsTest.class.getResourceAsStream(
                        "/contracts/ContributionRegistry.bin")) {
            if (in == null) {
                throw new IOException(
                        "contracts/ContributionRegistry.bin is not on the class path");
            }
            compiled = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        Field binary = ContributionRegistry.class.getDeclaredField("BINARY");
        binary.setAccessible(true);
        assertThat((String) binary.get(null))
                .as("regenerate with rewards/scripts/generate-wrapper.sh")
                .isEqualTo(compiled);
    }
}
