package dev.jury.rewards;

import dev.jury.rewards.contract.ContributionRegistry;
import dev.jury.testsupport.AnvilService;
import java.math.BigInteger;
import java.time.Duration;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** Test helpers: Web3j clients, transaction managers and deployments against an anvil node. */
final class Chains {

    /** Generous caps for the dev chain; anvil's base fee starts at 1 gwei and falls. */
    static final StaticEIP1559GasProvider GAS =
            new StaticEIP1559GasProvider(
                    AnvilService.CHAIN_ID,
                    BigInteger.valueOf(10_000_000_000L),
                    BigInteger.valueOf(1_000_000_000L),
                    BigInteger.valueOf(3_000_000));

    private Chains() {}

    static Web3j web3j(AnvilService anvil) {
        return Web3j.build(new HttpService(anvil.rpcUrl()));
    }

    /** Polls receipts every 20 ms: Web3j's default sleeps 15 s after a first miss. */
    static TransactionManager manager(Web3j web3j, String key) {
        return new RawTransactionManager(
                web3j,
                Credentials.create(key),
                AnvilService.CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, 20, 500));
    }

    /** Deploys the registry from the deployer account, with it as the recorder. */
    static ContributionRegistry deploy(Web3j web3j) throws Exception {
        return ContributionRegistry.deploy(
                        web3j,
                        manager(web3j, AnvilService.DEPLOYER_KEY),
                        GAS,
                        Credentials.create(AnvilService.DEPLOYER_KEY).getAddress())
                .send();
    }

    /** The contract as seen by another account (its own key signs). */
    static ContributionRegistry as(Web3j web3j, ContributionRegistry registry, String key) {
        return ContributionRegistry.load(
                registry.getContractAddress(), web3j, manager(web3j, key), GAS);
    }

    static ChainClient client(Web3j web3j, ContributionRegistry registry) {
        return new ChainClient(
                web3j,
                Credentials.create(AnvilService.DEPLOYER_KEY),
                registry.getContractAddress(),
                AnvilService.CHAIN_ID,
                Duration.ofMillis(50));
    }
}
