package dev.jury.rewards;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The calls the rewards service makes to the chain, over a {@link Web3j} client. Transactions are
 * signed here with an explicit nonce and EIP-1559 fees and returned as raw bytes, so the service
 * can store them before broadcasting: after a crash it re-broadcasts the very same transaction
 * (same nonce, same hash) instead of creating a second one.
 *
 * <p>Every method throws {@link IOException} when the node cannot be reached; callers retry later.
 */
public class ChainClient {

    /** {@code keccak256("EpochRecorded(uint256,bytes32,uint256)")}, the log's first topic. */
    static final String EPOCH_RECORDED_TOPIC =
            Hash.sha3String("EpochRecorded(uint256,bytes32,uint256)");

    private final Web3j web3j;
    private final Credentials credentials;
    private final String contractAddress;
    private final long chainId;
    private final Duration receiptPollInterval;

    /**
     * @param web3j the node client
     * @param credentials the recorder's key; never logged
     * @param contractAddress the deployed ContributionRegistry
     * @param chainId the EIP-155 chain id, checked against the node's at the first call
     * @param receiptPollInterval how long to sleep between receipt polls (~50 ms on a dev chain)
     */
    public ChainClient(
            Web3j web3j,
            Credentials credentials,
            String contractAddress,
            long chainId,
            Duration receiptPollInterval) {
        this.web3j = web3j;
        this.credentials = credentials;
        this.contractAddress = Wallets.normalise(contractAddress);
        this.chainId = chainId;
        this.receiptPollInterval = receiptPollInterval;
    }

    public String contractAddress() {
        return contractAddress;
    }

    public long chainId() {
        return chainId;
    }

    /** The recorder's address (public; the key itself never leaves {@code credentials}). */
    public String recorderAddress() {
        return credentials.getAddress();
    }

    /** The root stored for an epoch by {@code eth_call rootOf(epoch)}; empty if not recorded. */
    public Optional<String> recordedRoot(long epoch) throws IOException {
        return decodeRoot(call(FunctionEncoder.encode(rootOf(epoch))));
    }

    /**
     * The roots stored for several epochs, asked in one JSON-RPC batch ({@code eth_call rootOf}
     * each): one round trip however many epochs.
     *
     * @return each epoch's root, empty where it is not recorded; never null
     * @throws IOException if the node cannot be reached or any call fails
     */
    public Map<Long, Optional<String>> recordedRoots(List<Long> epochs) throws IOException {
        if (epochs.isEmpty()) {
            return Map.of();
        }
        BatchRequest batch = web3j.newBatch();
        Map<Long, Long> epochByRequestId = new HashMap<>();
        for (long epoch : epochs) {
            Request<?, EthCall> request =
                    web3j.ethCall(
                            Transaction.createEthCallTransaction(
                                    credentials.getAddress(),
                                    contractAddress,
                                    FunctionEncoder.encode(rootOf(epoch))),
                            DefaultBlockParameterName.LATEST);
            batch.add(request);
            epochByRequestId.put(request.getId(), epoch);
        }
        BatchResponse responses = batch.send();
        Map<Long, Optional<String>> roots = new HashMap<>();
        for (Response<?> response : responses.getResponses()) {
            EthCall call = (EthCall) check(response);
            Long epoch = epochByRequestId.get(call.getId());
            if (epoch == null) {
                throw new IOException("batch answer with unknown id " + call.getId());
            }
            if (call.isReverted()) {
                throw new IOException("eth_call rootOf(" + epoch + ") reverted");
            }
            roots.put(epoch, decodeRoot(call.getValue()));
        }
        if (roots.size() != epochs.size()) {
            throw new IOException(
                    "batch answered " + roots.size() + " of " + epochs.size() + " rootOf calls");
        }
        return roots;
    }

    private static Function rootOf(long epoch) {
        return new Function(
                "rootOf", List.of(new Uint256(epoch)), List.of(new TypeReference<Bytes32>() {}));
    }

    private Optional<String> decodeRoot(String result) throws IOException {
        @SuppressWarnings("rawtypes")
        List<Type> decoded = FunctionReturnDecoder.decode(result, rootOf(0).getOutputParameters());
        if (decoded.isEmpty()) {
            // "0x": no code at the address. Not "unrecorded": sending there would "succeed"
            // against an empty account and record nothing.
            throw new IOException("no ContributionRegistry code at " + contractAddress);
        }
        byte[] root = ((Bytes32) decoded.get(0)).getValue();
        return isZero(root) ? Optional.empty() : Optional.of(Numeric.toHexString(root));
    }

    /** {@code eth_call isRecorded(epoch)}. */
    public boolean isRecorded(long epoch) throws IOException {
        return recordedRoot(epoch).isPresent();
    }

    private String call(String data) throws IOException {
        EthCall call =
                check(
                        web3j.ethCall(
                                        Transaction.createEthCallTransaction(
                                                credentials.getAddress(), contractAddress, data),
                                        DefaultBlockParameterName.LATEST)
                                .send());
        if (call.isReverted()) {
            throw new IOException("eth_call reverted: " + call.getRevertReason());
        }
        return call.getValue();
    }

    /** Transactions the recorder has mined ({@code latest}) or queued too ({@code pending}). */
    public long nonce(boolean pending) throws IOException {
        return check(
                        web3j.ethGetTransactionCount(
                                        credentials.getAddress(),
                                        pending
                                                ? DefaultBlockParameterName.PENDING
                                                : DefaultBlockParameterName.LATEST)
                                .send())
                .getTransactionCount()
                .longValueExact();
    }

    /**
     * Signs {@code recordEpoch(epoch, root, leafCount)} with the given nonce. Gas comes from {@code
     * eth_estimateGas} plus a quarter, which also fails early if the call would revert; fees are
     * EIP-1559: tip from the node, cap twice the latest base fee plus the tip.
     */
    public SignedTransaction signRecordEpoch(long epoch, String root, int leafCount, long nonce)
            throws IOException {
        String data =
                FunctionEncoder.encode(
                        new Function(
                                "recordEpoch",
                                List.of(
                                        new Uint256(epoch),
                                        new Bytes32(Numeric.hexStringToByteArray(root)),
                                        new Uint256(leafCount)),
                                List.of()));
        EthEstimateGas estimate =
                check(
                        web3j.ethEstimateGas(
                                        Transaction.createFunctionCallTransaction(
                                                credentials.getAddress(),
                                                BigInteger.valueOf(nonce),
                                                null,
                                                null,
                                                contractAddress,
                                                data))
                                .send());
        BigInteger gasLimit =
                estimate.getAmountUsed().multiply(BigInteger.valueOf(5)).shiftRight(2);
        BigInteger tip = check(web3j.ethMaxPriorityFeePerGas().send()).getMaxPriorityFeePerGas();
        BigInteger baseFee =
                check(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
                        .getBlock()
                        .getBaseFeePerGas();
        BigInteger maxFee = baseFee.shiftLeft(1).add(tip);
        RawTransaction tx =
                RawTransaction.createTransaction(
                        chainId,
                        BigInteger.valueOf(nonce),
                        gasLimit,
                        contractAddress,
                        BigInteger.ZERO,
                        data,
                        tip,
                        maxFee);
        byte[] signed = TransactionEncoder.signMessage(tx, credentials);
        return new SignedTransaction(
                Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), nonce);
    }

    /**
     * Re-signs a stuck transaction with the same nonce, gas limit and call, and fees raised enough
     * for nodes to accept it as a replacement (geth and anvil want both fees at least 10 % higher):
     * each fee becomes the larger of 1.25 × the old one and what the node suggests now.
     *
     * @param stuck the stored EIP-1559 transaction
     * @return the replacement; only one of the two can ever be mined (same nonce)
     */
    public SignedTransaction reprice(SignedTransaction stuck) throws IOException {
        RawTransaction old = TransactionDecoder.decode(stuck.raw());
        if (!(old.getTransaction() instanceof Transaction1559 fees)) {
            throw new IllegalStateException("not an EIP-1559 transaction: " + stuck);
        }
        BigInteger tipNow = check(web3j.ethMaxPriorityFeePerGas().send()).getMaxPriorityFeePerGas();
        BigInteger baseNow =
                check(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
                        .getBlock()
                        .getBaseFeePerGas();
        BigInteger tip = bumped(fees.getMaxPriorityFeePerGas()).max(tipNow);
        BigInteger maxFee = bumped(fees.getMaxFeePerGas()).max(baseNow.shiftLeft(1).add(tip));
        RawTransaction tx =
                RawTransaction.createTransaction(
                        chainId,
                        old.getNonce(),
                        old.getGasLimit(),
                        old.getTo(),
                        old.getValue(),
                        old.getData(),
                        tip,
                        maxFee);
        byte[] signed = TransactionEncoder.signMessage(tx, credentials);
        return new SignedTransaction(
                Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), stuck.nonce());
    }

    /** 1.25 × fee, rounded up, and at least one wei more. */
    private static BigInteger bumped(BigInteger fee) {
        return fee.add(fee.add(BigInteger.valueOf(3)).shiftRight(2)).max(fee.add(BigInteger.ONE));
    }

    /**
     * Broadcasts a signed transaction. A node that already has it (a re-broadcast after a crash) is
     * not an error.
     */
    public void broadcast(SignedTransaction tx) throws IOException {
        EthSendTransaction sent = web3j.ethSendRawTransaction(tx.raw()).send();
        if (sent.hasError()) {
            String message = sent.getError().getMessage();
            String lower = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("already known") || lower.contains("already imported")) {
                return;
            }
            throw new RejectedTransactionException(message);
        }
    }

    /** The latest block's number. */
    public long blockNumber() throws IOException {
        return check(web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    /** The receipt, if the transaction is mined. */
    public Optional<TransactionReceipt> receipt(String txHash) throws IOException {
        EthGetTransactionReceipt r = check(web3j.ethGetTransactionReceipt(txHash).send());
        return r.getTransactionReceipt();
    }

    /**
     * Polls for the receipt every {@code receiptPollInterval} (Web3j's default processor sleeps 15
     * s after a first miss, and a dev node answers within milliseconds).
     *
     * @return the receipt, or empty if none arrived within {@code timeout}
     */
    public Optional<TransactionReceipt> awaitReceipt(String txHash, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<TransactionReceipt> receipt = receipt(txHash);
            if (receipt.isPresent() || System.nanoTime() >= deadline) {
                return receipt;
            }
            try {
                Thread.sleep(receiptPollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + txHash, e);
            }
        }
    }

    /**
     * The {@code EpochRecorded} logs of one epoch: how the service finds the transaction that
     * recorded a root when it has no receipt of its own (a crash, or another instance).
     */
    public List<Log> epochRecordedLogs(long epoch) throws IOException {
        EthFilter filter =
                new EthFilter(
                        DefaultBlockParameter.valueOf(BigInteger.ZERO),
                        DefaultBlockParameterName.LATEST,
                        contractAddress);
        filter.addSingleTopic(EPOCH_RECORDED_TOPIC);
        filter.addSingleTopic(
                Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(epoch), 64));
        EthLog logs = check(web3j.ethGetLogs(filter).send());
        return logs.getLogs().stream().map(r -> (Log) r.get()).toList();
    }

    private static <R extends Response<?>> R check(R response) throws IOException {
        if (response.hasError()) {
            throw new IOException("JSON-RPC error: " + response.getError().getMessage());
        }
        return response;
    }

    private static boolean isZero(byte[] bytes) {
        return Arrays.equals(bytes, new byte[bytes.length]);
    }

    /**
     * A signed transaction, ready to store and broadcast.
     *
     * @param hash its hash, {@code 0x} and 64 hex digits
     * @param raw the signed bytes as hex
     * @param nonce the nonce it uses
     */
    public record SignedTransaction(String hash, String raw, long nonce) {
        /** Hides the raw bytes from logs; they are public data but long. */
        @Override
        public String toString() {
            return "SignedTransaction[hash=" + hash + ", nonce=" + nonce + "]";
        }
    }

    /** The node refused a transaction (nonce too low, underpriced...). */
    public static final class RejectedTransactionException extends IOException {
        RejectedTransactionException(String message) {
            super("node rejected the transaction: " + message);
        }
    }
}
