package dev.jury.infra;

import dev.jury.rewards.contract.ContributionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Finds the stack's {@code ContributionRegistry} on a chain, deploying it the first time: the
 * address is remembered per chain id in {@code <JURY_HOME>/chain/registry.properties}, and reused
 * as long as the chain still has code there (a chain that lost its state gets a new registry).
 */
final class RegistryDeployment {

    private RegistryDeployment() {}

    /**
     * @param web3j the node
     * @param recorder the stack's signing key; deployer, owner and recorder of the registry
     * @param chainId the chain's EIP-155 id
     * @param file where addresses are remembered
     * @return the registry's address, lower-case, and whether it was deployed now
     * @throws IOException if the node cannot be reached or the deployment fails
     */
    static Result findOrDeploy(Web3j web3j, Credentials recorder, long chainId, Path file)
            throws IOException {
        Properties known = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                known.load(in);
            }
        }
        String key = "registry." + chainId;
        String address = known.getProperty(key);
        if (address != null && hasCode(web3j, address)) {
            return new Result(address, false);
        }
        address = deploy(web3j, recorder, chainId);
        known.setProperty(key, address);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            known.store(out, "jury demo: ContributionRegistry address per chain id");
        }
        return new Result(address, true);
    }

    /**
     * @param address the registry's address
     * @param deployedNow true if this start deployed it
     */
    record Result(String address, boolean deployedNow) {}

    static boolean hasCode(Web3j web3j, String address) throws IOException {
        String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        return code != null && code.length() > 2;
    }

    private static String deploy(Web3j web3j, Credentials recorder, long chainId)
            throws IOException {
        String data =
                ContributionRegistry.BINARY
                        + FunctionEncoder.encodeConstructor(
                                List.of(new Address(recorder.getAddress())));
        BigInteger estimate =
                web3j.ethEstimateGas(
                                Transaction.createContractTransaction(
                                        recorder.getAddress(), null, null, data))
                        .send()
                        .getAmountUsed();
        BigInteger tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
        BigInteger baseFee =
                web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                        .send()
                        .getBlock()
                        .getBaseFeePerGas();
        StaticEIP1559GasProvider gas =
                new StaticEIP1559GasProvider(
                        chainId,
                        baseFee.shiftLeft(1).add(tip),
                        tip,
                        estimate.multiply(BigInteger.valueOf(5)).shiftRight(2));
        // Poll every 50 ms: Web3j's default processor sleeps 15 s after a first miss. Two minutes
        // in all, for a real chain's block time.
        RawTransactionManager manager =
                new RawTransactionManager(
                        web3j,
                        recorder,
                        chainId,
                        new PollingTransactionReceiptProcessor(web3j, 50, 2_400));
        try {
            return ContributionRegistry.deploy(web3j, manager, gas, recorder.getAddress())
                    .send()
                    .getContractAddress()
                    .toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(
                    "deploying the ContributionRegistry failed: " + e.getMessage(), e);
        }
    }
}
