package dev.jury.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jury.api.signin.WalletBinding;
import dev.jury.rewards.contract.ContributionRegistry;
import dev.jury.stream.LocalRunner;
import dev.jury.testsupport.AnvilService;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * The whole demo stack, end to end: contributors bind wallets with sign-in with Ethereum and label
 * through the API; the Flink job resolves items; the rewards service records an epoch on anvil; the
 * API serves the contribution with a proof that the registry verifies on chain; after a restart on
 * the same data the chain and the registry are still there.
 */
class DemoStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final List<String> CONTRIBUTORS =
            List.of("contributor", "contributor2", "contributor3");

    @Test
    @DisplayName(
            "a label submitted through the API becomes an epoch on anvil whose proof the API serves"
                    + " and the registry verifies, and the chain survives a restart")
    void labelToVerifiedProof() throws Exception {
        Path home = Files.createTempDirectory("jury-demo-it");
        // Partial epochs seal at once: each tick records whatever was accepted. The configured
        // default reward is 1 base unit, so a weight above 1 can only come from the project's own
        // reward (1000000) read from the API's projects table.
        StackConfig config =
                StackConfig.embeddedOnFreePorts(
                        home,
                        Map.of(
                                "rewards.epoch.size", "100",
                                "rewards.epoch.max.age.seconds", "0",
                                "rewards.wallets.accounts.table", "public.accounts",
                                "rewards.projects.table", "public.projects",
                                "rewards.reward.per.label", "1"));

        JsonNode contribution;
        String registry;
        String wallet;
        try (LocalStack stack = LocalStack.start(config)) {
            assertThat(stack.registryDeployedNow()).isTrue();
            registry = stack.registryAddress();
            String base = stack.apiBaseUrl();
            DemoApiClient api = new DemoApiClient(base);
            String project = stack.tokens().get("project");
            Map<String, String> wallets = new HashMap<>();
            for (String role : CONTRIBUTORS) {
                wallets.put(role, bindWallet(api, base, stack.tokens().get(role)));
            }

            long deadline = System.nanoTime() + DEADLINE.toNanos();
            contribution = null;
            String owner = null;
            while (contribution == null) {
                assertThat(System.nanoTime())
                        .as("a confirmed contribution within " + DEADLINE)
                        .isLessThan(deadline);
                for (String role : CONTRIBUTORS) {
                    api.labelOne(project, stack.tokens().get(role));
                }
                for (String role : CONTRIBUTORS) {
                    JsonNode list =
                            api.send(
                                            "GET",
                                            "/api/v1/me/contributions",
                                            stack.tokens().get(role),
                                            null)
                                    .get("contributions");
                    for (JsonNode c : list) {
                        if (c.get("status").asText().equals("confirmed")) {
                            contribution = c;
                            owner = role;
                            break;
                        }
                    }
                    if (contribution != null) {
                        break;
                    }
                }
            }
            // The record carries every field the OpenAPI document promises.
            JsonNode documented =
                    api.send("GET", "/api/v1/openapi.json", null, null)
                            .at("/components/schemas/Contribution/required");
            assertThat(documented.size()).isGreaterThan(10);
            for (JsonNode field : documented) {
                assertThat(contribution.hasNonNull(field.asText()))
                        .as("documented field %s in %s", field.asText(), contribution)
                        .isTrue();
            }
            assertThat(contribution.get("blockNumber").asLong()).isPositive();
            assertThat(contribution.get("weight").asLong())
                    .as("weighed with the project's rewardPerLabel (1000000), not the default (1)")
                    .isGreaterThan(1)
                    .isLessThanOrEqualTo(1_000_000);
            wallet = wallets.get(owner);
            assertThat(contribution.get("wallet").asText())
                    .as("the leaf pays the wallet the contributor bound")
                    .isEqualTo(wallet);
            assertThat(contribution.get("contractAddress").asText()).isEqualTo(registry);
            assertThat(contribution.get("chainId").asLong()).isEqualTo(AnvilService.CHAIN_ID);
            assertThat(contribution.get("txHash").asText()).matches("0x[0-9a-f]{64}");
            assertThat(contribution.get("merkleRoot").asText()).matches("0x[0-9a-f]{64}");
            assertThat(contribution.get("proof").isArray()).isTrue();
            assertVerifiesOnChain(stack.chainRpcUrl(), registry, contribution);
        }

        // Same data directory: the chain comes back from anvil's state file, the registry is not
        // deployed again, and the recorded epoch still verifies.
        try (LocalStack again = LocalStack.start(config)) {
            assertThat(again.registryDeployedNow()).isFalse();
            // The stream jobs resume their state from the checkpoint the first run left, and run:
            // a checkpoint completes only when every task of the resumed job is up.
            Path resumed = again.jobsResumedFrom().orElseThrow();
            Path checkpoints = home.resolve("flink-checkpoints");
            long resumeDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (LocalRunner.latestCheckpoint(checkpoints).orElseThrow().equals(resumed)) {
                assertThat(System.nanoTime())
                        .as("a checkpoint of the resumed jobs within 90 s")
                        .isLessThan(resumeDeadline);
                Thread.sleep(200);
            }
            assertThat(again.registryAddress()).isEqualTo(registry);
            assertVerifiesOnChain(again.chainRpcUrl(), registry, contribution);
        }
    }

    /** The contract rebuilds the leaf from the label and wallet, and verifies the served proof. */
    private static void assertVerifiesOnChain(String rpc, String registry, JsonNode c)
            throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpc));
        try {
            ContributionRegistry contract =
                    ContributionRegistry.load(
                            registry,
                            web3j,
                            new ReadonlyTransactionManager(web3j, registry),
                            new DefaultGasProvider());
            byte[] leaf = Numeric.hexStringToByteArray(c.get("leafHash").asText());
            byte[] rebuilt =
                    contract.leafHash(
                                    Hash.sha3(
                                            c.get("labelId")
                                                    .asText()
                                                    .getBytes(StandardCharsets.UTF_8)),
                                    Hash.sha3(
                                            c.get("itemId")
                                                    .asText()
                                                    .getBytes(StandardCharsets.UTF_8)),
                                    c.get("wallet").asText(),
                                    BigInteger.valueOf(c.get("weight").asLong()))
                            .send();
            assertThat(Numeric.toHexString(rebuilt)).isEqualTo(c.get("leafHash").asText());
            List<byte[]> proof = new ArrayList<>();
            c.get("proof").forEach(p -> proof.add(Numeric.hexStringToByteArray(p.asText())));
            BigInteger epoch = BigInteger.valueOf(c.get("epoch").asLong());
            assertThat(contract.verify(epoch, leaf, proof).send()).isTrue();
            byte[] forged = leaf.clone();
            forged[31] ^= 1;
            assertThat(contract.verify(epoch, forged, proof).send())
                    .as("a leaf that is not in the epoch does not verify")
                    .isFalse();
        } finally {
            web3j.shutdown();
        }
    }

    /** Binds a fresh key's address as the caller's payout wallet; returns it lower-case. */
    private static String bindWallet(DemoApiClient api, String base, String token)
            throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();
        String nonce =
                api.send("POST", "/api/v1/auth/siwe/nonce", null, null).get("nonce").asText();
        String message =
                WalletBinding.message(
                        URI.create(base),
                        key,
                        AnvilService.CHAIN_ID,
                        nonce,
                        Instant.now(),
                        Duration.ofSeconds(60));
        ObjectNode body = JSON.createObjectNode();
        body.put("message", message);
        body.put("signature", WalletBinding.sign(message, key));
        JsonNode account = api.send("POST", "/api/v1/me/wallet", token, body.toString());
        String address = WalletBinding.address(key).toLowerCase();
        assertThat(account.get("wallet").asText()).isEqualTo(address);
        return address;
    }
}
