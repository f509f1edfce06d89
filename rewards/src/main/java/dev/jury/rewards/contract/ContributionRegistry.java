package dev.jury.rewards.contract;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.BaseEventResponse;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Auto generated code.
 *
 * <p><strong>Do not modify!</strong>
 *
 * <p>Please use the <a href="https://docs.web3j.io/command_line.html">web3j command line tools</a>,
 * or the org.web3j.codegen.SolidityFunctionWrapperGenerator in the <a
 * href="https://github.com/hyperledger-web3j/web3j/tree/main/codegen">codegen module</a> to update.
 *
 * <p>Generated with web3j version 4.13.0.
 */
@SuppressWarnings("rawtypes")
public class ContributionRegistry extends Contract {
    public static final String BINARY =
            "60a060405234801561000f575f5ffd5b50604051610ddb380380610ddb83398101604081905261002e91610098565b336080526001600160a01b038116156100475780610049565b335b600380546001600160a01b0319166001600160a01b039290921691821790556040515f907fb014b436e5f18b2852d7afd0b388053f140b1883a8d4052cfcb863e2f8b4c6d7908290a3506100c5565b5f602082840312156100a8575f5ffd5b81516001600160a01b03811681146100be575f5ffd5b9392505050565b608051610cf76100e45f395f818161022e01526103730152610cf75ff3fe608060405234801561000f575f5ffd5b506004361061011c575f3560e01c806394af3538116100a9578063bdfe61c01161006e578063bdfe61c0146102d7578063cc3c0f06146102ea578063dc299d691461030c578063dd62ed3e1461032b578063f33930d914610355575f5ffd5b806394af35381461026857806395d89b411461027b578063a9059cbb1461029e578063aa62413f146102b1578063b587d188146102c4575f5ffd5b806318160ddd116100ef57806318160ddd146101c757806323b872dd146101dd578063313ce567146101f057806370a082311461020a5780638da5cb5b14610229575f5ffd5b806303bce1b81461012057806304d66df31461013557806306fdde031461016b578063095ea7b3146101b4575b5f5ffd5b61013361012e366004610a3e565b610368565b005b610156610143366004610a5e565b5f90815260046020526040902054151590565b60405190151581526020015b60405180910390f35b6101a76040518060400160405280601881526020017f4a75727920436f6e747269627574696f6e20437265646974000000000000000081525081565b6040516101629190610a75565b6101566101c2366004610aaa565b61043a565b6101cf5f5481565b604051908152602001610162565b6101566101eb366004610ad2565b6104c6565b6101f8600681565b60405160ff9091168152602001610162565b6101cf610218366004610a3e565b60016020525f908152604090205481565b6102507f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610162565b610156610276366004610b54565b610566565b6101a7604051806040016040528060048152602001634a55525960e01b81525081565b6101566102ac366004610aaa565b610596565b6101336102bf366004610ba3565b6105ab565b6101336102d2366004610bcc565b61067f565b6101cf6102e5366004610c31565b610791565b6101566102f8366004610a5e565b60056020525f908152604090205460ff1681565b6101cf61031a366004610a5e565b60046020525f908152604090205481565b6101cf610339366004610c6b565b600260209081525f928352604080842090915290825290205481565b600354610250906001600160a01b031681565b336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146103b85760405163245aecd360e01b81523360048201526024015b60405180910390fd5b6001600160a01b0381166103df5760405163d92e233d60e01b815260040160405180910390fd5b6003546040516001600160a01b038084169216907fb014b436e5f18b2852d7afd0b388053f140b1883a8d4052cfcb863e2f8b4c6d7905f90a3600380546001600160a01b0319166001600160a01b0392909216919091179055565b5f6001600160a01b0383166104625760405163d92e233d60e01b815260040160405180910390fd5b335f8181526002602090815260408083206001600160a01b03881680855290835292819020869055518581529192917f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925910160405180910390a35060015b92915050565b6001600160a01b0383165f9081526002602090815260408083203384529091528120545f198114610550578281101561052257604051630c95cf2760e11b815233600482015260248101829052604481018490526064016103af565b61052c8382610cb0565b6001600160a01b0386165f9081526002602090815260408083203384529091529020555b61055b8585856107fa565b506001949350505050565b5f84815260046020526040812054801580159061058c57508061058a868686610903565b145b9695505050505050565b5f6105a23384846107fa565b50600192915050565b6003546001600160a01b031633146105d8576040516348d9097960e11b81523360048201526024016103af565b816105f6576040516329e7276760e11b815260040160405180910390fd5b5f83815260046020526040902054801561062d5760405163dbfa466d60e01b815260048101859052602481018290526044016103af565b5f84815260046020908152604091829020859055815185815290810184905285917ff433072ba08fff6715cb1155f390acf303f7e04ab6faa3412b87a291c48a1a74910160405180910390a250505050565b5f868152600460205260409020546106ad57604051633048915d60e11b8152600481018790526024016103af565b5f8581526005602052604090205460ff16156106df57604051633210992160e21b8152600481018690526024016103af565b5f6106ec86863387610791565b90506106fa87828585610566565b61072157604051639996e7c960e01b815260048101889052602481018290526044016103af565b5f868152600560205260409020805460ff19166001179055610743338561099e565b336001600160a01b031686887f304a86525c1a4ce4050d1bb31d1932ab484213c2ad9e2fb6c9202fb3e89f02378760405161078091815260200190565b60405180910390a450505050505050565b60408051602081018690529081018490526001600160a01b0383166060820152608081018290525f9060a00160408051601f1981840301815282825280516020918201209083015201604051602081830303815290604052805190602001209050949350505050565b6001600160a01b0382166108215760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b0383165f90815260016020526040902054818110156108735760405163db42144d60e01b81526001600160a01b038516600482015260248101829052604481018390526064016103af565b6001600160a01b038085165f908152600160205260408082208585039055918516815290812080548492906108a9908490610cc3565b92505081905550826001600160a01b0316846001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef846040516108f591815260200190565b60405180910390a350505050565b825f5b82811015610996575f84848381811061092157610921610cd6565b9050602002013590508083106109605760408051602081018390529081018490526060016040516020818303038152906040528051906020012061098b565b6040805160208101859052908101829052606001604051602081830303815290604052805190602001205b925050600101610906565b509392505050565b805f5f8282546109ae9190610cc3565b90915550506001600160a01b0382165f90815260016020526040812080548392906109da908490610cc3565b90915550506040518181526001600160a01b038316905f907fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef9060200160405180910390a35050565b80356001600160a01b0381168114610a39575f5ffd5b919050565b5f60208284031215610a4e575f5ffd5b610a5782610a23565b9392505050565b5f60208284031215610a6e575f5ffd5b5035919050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f60408385031215610abb575f5ffd5b610ac483610a23565b946020939093013593505050565b5f5f5f60608486031215610ae4575f5ffd5b610aed84610a23565b9250610afb60208501610a23565b929592945050506040919091013590565b5f5f83601f840112610b1c575f5ffd5b50813567ffffffffffffffff811115610b33575f5ffd5b6020830191508360208260051b8501011115610b4d575f5ffd5b9250929050565b5f5f5f5f60608587031215610b67575f5ffd5b8435935060208501359250604085013567ffffffffffffffff811115610b8b575f5ffd5b610b9787828801610b0c565b95989497509550505050565b5f5f5f60608486031215610bb5575f5ffd5b505081359360208301359350604090920135919050565b5f5f5f5f5f5f60a08789031215610be1575f5ffd5b86359550602087013594506040870135935060608701359250608087013567ffffffffffffffff811115610c13575f5ffd5b610c1f89828a01610b0c565b979a9699509497509295939492505050565b5f5f5f5f60808587031215610c44575f5ffd5b8435935060208501359250610c5b60408601610a23565b9396929550929360600135925050565b5f5f60408385031215610c7c575f5ffd5b610c8583610a23565b9150610c9360208401610a23565b90509250929050565b634e487b7160e01b5f52601160045260245ffd5b818103818111156104c0576104c0610c9c565b808201808211156104c0576104c0610c9c565b634e487b7160e01b5f52603260045260245ffdfea164736f6c634300081c000a";

    private static String librariesLinkedBinary;

    public static final String FUNC_ALLOWANCE = "allowance";

    public static final String FUNC_APPROVE = "approve";

    public static final String FUNC_BALANCEOF = "balanceOf";

    public static final String FUNC_CLAIM = "claim";

    public static final String FUNC_CLAIMED = "claimed";

    public static final String FUNC_DECIMALS = "decimals";

    public static final String FUNC_ISRECORDED = "isRecorded";

    public static final String FUNC_LEAFHASH = "leafHash";

    public static final String FUNC_NAME = "name";

    public static final String FUNC_OWNER = "owner";

    public static final String FUNC_RECORDEPOCH = "recordEpoch";

    public static final String FUNC_RECORDER = "recorder";

    public static final String FUNC_ROOTOF = "rootOf";

    public static final String FUNC_SETRECORDER = "setRecorder";

    public static final String FUNC_SYMBOL = "symbol";

    public static final String FUNC_TOTALSUPPLY = "totalSupply";

    public static final String FUNC_TRANSFER = "transfer";

    public static final String FUNC_TRANSFERFROM = "transferFrom";

    public static final String FUNC_VERIFY = "verify";

    public static final Event APPROVAL_EVENT =
            new Event(
                    "Approval",
                    Arrays.<TypeReference<?>>asList(
                            new TypeReference<Address>(true) {},
                            new TypeReference<Address>(true) {},
                            new TypeReference<Uint256>() {}));
    ;

    public static final Event CLAIMED_EVENT =
            new Event(
                    "Claimed",
                    Arrays.<TypeReference<?>>asList(
                            new TypeReference<Uint256>(true) {},
                            new TypeReference<Bytes32>(true) {},
                            new TypeReference<Address>(true) {},
                            new TypeReference<Uint256>() {}));
    ;

    public static final Event EPOCHRECORDED_EVENT =
            new Event(
                    "EpochRecorded",
                    Arrays.<TypeReference<?>>asList(
                            new TypeReference<Uint256>(true) {},
                            new TypeReference<Bytes32>() {},
                            new TypeReference<Uint256>() {}));
    ;

    public static final Event RECORDERCHANGED_EVENT =
            new Event(
                    "RecorderChanged",
                    Arrays.<TypeReference<?>>asList(
                            new TypeReference<Address>(true) {},
                            new TypeReference<Address>(true) {}));
    ;

    public static final Event TRANSFER_EVENT =
            new Event(
                    "Transfer",
                    Arrays.<TypeReference<?>>asList(
                            new TypeReference<Address>(true) {},
                            new TypeReference<Address>(true) {},
                            new TypeReference<Uint256>() {}));
    ;

    @Deprecated
    protected ContributionRegistry(
            String contractAddress,
            Web3j web3j,
            Credentials credentials,
            BigInteger gasPrice,
            BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected ContributionRegistry(
            String contractAddress,
            Web3j web3j,
            Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected ContributionRegistry(
            String contractAddress,
            Web3j web3j,
            TransactionManager transactionManager,
            BigInteger gasPrice,
            BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected ContributionRegistry(
            String contractAddress,
            Web3j web3j,
            TransactionManager transactionManager,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<ApprovalEventResponse> getApprovalEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList =
                staticExtractEventParametersWithLog(APPROVAL_EVENT, transactionReceipt);
        ArrayList<ApprovalEventResponse> responses =
                new ArrayList<ApprovalEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            ApprovalEventResponse typedResponse = new ApprovalEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.owner = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.spender = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.value = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static ApprovalEventResponse getApprovalEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues =
                staticExtractEventParametersWithLog(APPROVAL_EVENT, log);
        ApprovalEventResponse typedResponse = new ApprovalEventResponse();
        typedResponse.log = log;
        typedResponse.owner = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.spender = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.value = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<ApprovalEventResponse> approvalEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getApprovalEventFromLog(log));
    }

    public Flowable<ApprovalEventResponse> approvalEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(APPROVAL_EVENT));
        return approvalEventFlowable(filter);
    }

    public static List<ClaimedEventResponse> getClaimedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList =
                staticExtractEventParametersWithLog(CLAIMED_EVENT, transactionReceipt);
        ArrayList<ClaimedEventResponse> responses =
                new ArrayList<ClaimedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            ClaimedEventResponse typedResponse = new ClaimedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.epoch = (BigInteger) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.labelId = (byte[]) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.contributor = (String) eventValues.getIndexedValues().get(2).getValue();
            typedResponse.amount = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static ClaimedEventResponse getClaimedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues =
                staticExtractEventParametersWithLog(CLAIMED_EVENT, log);
        ClaimedEventResponse typedResponse = new ClaimedEventResponse();
        typedResponse.log = log;
        typedResponse.epoch = (BigInteger) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.labelId = (byte[]) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.contributor = (String) eventValues.getIndexedValues().get(2).getValue();
        typedResponse.amount = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<ClaimedEventResponse> claimedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getClaimedEventFromLog(log));
    }

    public Flowable<ClaimedEventResponse> claimedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(CLAIMED_EVENT));
        return claimedEventFlowable(filter);
    }

    public static List<EpochRecordedEventResponse> getEpochRecordedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList =
                staticExtractEventParametersWithLog(EPOCHRECORDED_EVENT, transactionReceipt);
        ArrayList<EpochRecordedEventResponse> responses =
                new ArrayList<EpochRecordedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            EpochRecordedEventResponse typedResponse = new EpochRecordedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.epoch = (BigInteger) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.root = (byte[]) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.leafCount =
                    (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static EpochRecordedEventResponse getEpochRecordedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues =
                staticExtractEventParametersWithLog(EPOCHRECORDED_EVENT, log);
        EpochRecordedEventResponse typedResponse = new EpochRecordedEventResponse();
        typedResponse.log = log;
        typedResponse.epoch = (BigInteger) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.root = (byte[]) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.leafCount = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<EpochRecordedEventResponse> epochRecordedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getEpochRecordedEventFromLog(log));
    }

    public Flowable<EpochRecordedEventResponse> epochRecordedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(EPOCHRECORDED_EVENT));
        return epochRecordedEventFlowable(filter);
    }

    public static List<RecorderChangedEventResponse> getRecorderChangedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList =
                staticExtractEventParametersWithLog(RECORDERCHANGED_EVENT, transactionReceipt);
        ArrayList<RecorderChangedEventResponse> responses =
                new ArrayList<RecorderChangedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            RecorderChangedEventResponse typedResponse = new RecorderChangedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.previous = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.next = (String) eventValues.getIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static RecorderChangedEventResponse getRecorderChangedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues =
                staticExtractEventParametersWithLog(RECORDERCHANGED_EVENT, log);
        RecorderChangedEventResponse typedResponse = new RecorderChangedEventResponse();
        typedResponse.log = log;
        typedResponse.previous = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.next = (String) eventValues.getIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<RecorderChangedEventResponse> recorderChangedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getRecorderChangedEventFromLog(log));
    }

    public Flowable<RecorderChangedEventResponse> recorderChangedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(RECORDERCHANGED_EVENT));
        return recorderChangedEventFlowable(filter);
    }

    public static List<TransferEventResponse> getTransferEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList =
                staticExtractEventParametersWithLog(TRANSFER_EVENT, transactionReceipt);
        ArrayList<TransferEventResponse> responses =
                new ArrayList<TransferEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            TransferEventResponse typedResponse = new TransferEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.from = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.to = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.value = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static TransferEventResponse getTransferEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues =
                staticExtractEventParametersWithLog(TRANSFER_EVENT, log);
        TransferEventResponse typedResponse = new TransferEventResponse();
        typedResponse.log = log;
        typedResponse.from = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.to = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.value = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<TransferEventResponse> transferEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getTransferEventFromLog(log));
    }

    public Flowable<TransferEventResponse> transferEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(TRANSFER_EVENT));
        return transferEventFlowable(filter);
    }

    public RemoteFunctionCall<BigInteger> allowance(String param0, String param1) {
        final Function function =
                new Function(
                        FUNC_ALLOWANCE,
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.Address(160, param0),
                                new org.web3j.abi.datatypes.Address(160, param1)),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> approve(String spender, BigInteger value) {
        final Function function =
                new Function(
                        FUNC_APPROVE,
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.Address(160, spender),
                                new org.web3j.abi.datatypes.generated.Uint256(value)),
                        Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<BigInteger> balanceOf(String param0) {
        final Function function =
                new Function(
                        FUNC_BALANCEOF,
                        Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, param0)),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> claim(
            BigInteger epoch,
            byte[] labelId,
            byte[] itemId,
            BigInteger weight,
            List<byte[]> proof) {
        final Function function =
                new Function(
                        FUNC_CLAIM,
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.generated.Uint256(epoch),
                                new org.web3j.abi.datatypes.generated.Bytes32(labelId),
                                new org.web3j.abi.datatypes.generated.Bytes32(itemId),
                                new org.web3j.abi.datatypes.generated.Uint256(weight),
                                new org.web3j.abi.datatypes.DynamicArray<
                                        org.web3j.abi.datatypes.generated.Bytes32>(
                                        org.web3j.abi.datatypes.generated.Bytes32.class,
                                        org.web3j.abi.Utils.typeMap(
                                                proof,
                                                org.web3j.abi.datatypes.generated.Bytes32.class))),
                        Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<Boolean> claimed(byte[] param0) {
        final Function function =
                new Function(
                        FUNC_CLAIMED,
                        Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Bool>() {}));
        return executeRemoteCallSingleValueReturn(function, Boolean.class);
    }

    public RemoteFunctionCall<BigInteger> decimals() {
        final Function function =
                new Function(
                        FUNC_DECIMALS,
                        Arrays.<Type>asList(),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<Boolean> isRecorded(BigInteger epoch) {
        final Function function =
                new Function(
                        FUNC_ISRECORDED,
                        Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Uint256(epoch)),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Bool>() {}));
        return executeRemoteCallSingleValueReturn(function, Boolean.class);
    }

    public RemoteFunctionCall<byte[]> leafHash(
            byte[] labelId, byte[] itemId, String contributor, BigInteger weight) {
        final Function function =
                new Function(
                        FUNC_LEAFHASH,
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.generated.Bytes32(labelId),
                                new org.web3j.abi.datatypes.generated.Bytes32(itemId),
                                new org.web3j.abi.datatypes.Address(160, contributor),
                                new org.web3j.abi.datatypes.generated.Uint256(weight)),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<String> name() {
        final Function function =
                new Function(
                        FUNC_NAME,
                        Arrays.<Type>asList(),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Utf8String>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<String> owner() {
        final Function function =
                new Function(
                        FUNC_OWNER,
                        Arrays.<Type>asList(),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<TransactionReceipt> recordEpoch(
            BigInteger epoch, byte[] root, BigInteger leafCount) {
        final Function function =
                new Function(
                        FUNC_RECORDEPOCH,
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.generated.Uint256(epoch),
                                new org.web3j.abi.datatypes.generated.Bytes32(root),
                                new org.web3j.abi.datatypes.generated.Uint256(leafCount)),
                        Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<String> recorder() {
        final Function function =
                new Function(
                        FUNC_RECORDER,
                        Arrays.<Type>asList(),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<byte[]> rootOf(BigInteger param0) {
        final Function function =
                new Function(
                        FUNC_ROOTOF,
                        Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Uint256(param0)),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<TransactionReceipt> setRecorder(String next) {
        final Function function =
                new Function(
                        FUNC_SETRECORDER,
                        Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, next)),
                        Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<String> symbol() {
        final Function function =
                new Function(
                        FUNC_SYMBOL,
                        Arrays.<Type>asList(),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Utf8String>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<BigInteger> totalSupply() {
        final Function function =
                new Function(
                        FUNC_TOTALSUPPLY,
                        Arrays.<Type>asList(),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> transfer(String to, BigInteger value) {
        final Function function =
                new Function(
                        FUNC_TRANSFER,
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.Address(160, to),
                                new org.web3j.abi.datatypes.generated.Uint256(value)),
                        Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> transferFrom(
            String from, String to, BigInteger value) {
        final Function function =
                new Function(
                        FUNC_TRANSFERFROM,
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.Address(160, from),
                                new org.web3j.abi.datatypes.Address(160, to),
                                new org.web3j.abi.datatypes.generated.Uint256(value)),
                        Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<Boolean> verify(BigInteger epoch, byte[] leaf, List<byte[]> proof) {
        final Function function =
                new Function(
                        FUNC_VERIFY,
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.generated.Uint256(epoch),
                                new org.web3j.abi.datatypes.generated.Bytes32(leaf),
                                new org.web3j.abi.datatypes.DynamicArray<
                                        org.web3j.abi.datatypes.generated.Bytes32>(
                                        org.web3j.abi.datatypes.generated.Bytes32.class,
                                        org.web3j.abi.Utils.typeMap(
                                                proof,
                                                org.web3j.abi.datatypes.generated.Bytes32.class))),
                        Arrays.<TypeReference<?>>asList(new TypeReference<Bool>() {}));
        return executeRemoteCallSingleValueReturn(function, Boolean.class);
    }

    @Deprecated
    public static ContributionRegistry load(
            String contractAddress,
            Web3j web3j,
            Credentials credentials,
            BigInteger gasPrice,
            BigInteger gasLimit) {
        return new ContributionRegistry(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static ContributionRegistry load(
            String contractAddress,
            Web3j web3j,
            TransactionManager transactionManager,
            BigInteger gasPrice,
            BigInteger gasLimit) {
        return new ContributionRegistry(
                contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static ContributionRegistry load(
            String contractAddress,
            Web3j web3j,
            Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return new ContributionRegistry(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static ContributionRegistry load(
            String contractAddress,
            Web3j web3j,
            TransactionManager transactionManager,
            ContractGasProvider contractGasProvider) {
        return new ContributionRegistry(
                contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<ContributionRegistry> deploy(
            Web3j web3j,
            Credentials credentials,
            ContractGasProvider contractGasProvider,
            String initialRecorder) {
        String encodedConstructor =
                FunctionEncoder.encodeConstructor(
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.Address(160, initialRecorder)));
        return deployRemoteCall(
                ContributionRegistry.class,
                web3j,
                credentials,
                contractGasProvider,
                getDeploymentBinary(),
                encodedConstructor);
    }

    public static RemoteCall<ContributionRegistry> deploy(
            Web3j web3j,
            TransactionManager transactionManager,
            ContractGasProvider contractGasProvider,
            String initialRecorder) {
        String encodedConstructor =
                FunctionEncoder.encodeConstructor(
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.Address(160, initialRecorder)));
        return deployRemoteCall(
                ContributionRegistry.class,
                web3j,
                transactionManager,
                contractGasProvider,
                getDeploymentBinary(),
                encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<ContributionRegistry> deploy(
            Web3j web3j,
            Credentials credentials,
            BigInteger gasPrice,
            BigInteger gasLimit,
            String initialRecorder) {
        String encodedConstructor =
                FunctionEncoder.encodeConstructor(
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.Address(160, initialRecorder)));
        return deployRemoteCall(
                ContributionRegistry.class,
                web3j,
                credentials,
                gasPrice,
                gasLimit,
                getDeploymentBinary(),
                encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<ContributionRegistry> deploy(
            Web3j web3j,
            TransactionManager transactionManager,
            BigInteger gasPrice,
            BigInteger gasLimit,
            String initialRecorder) {
        String encodedConstructor =
                FunctionEncoder.encodeConstructor(
                        Arrays.<Type>asList(
                                new org.web3j.abi.datatypes.Address(160, initialRecorder)));
        return deployRemoteCall(
                ContributionRegistry.class,
                web3j,
                transactionManager,
                gasPrice,
                gasLimit,
                getDeploymentBinary(),
                encodedConstructor);
    }

    public static void linkLibraries(List<Contract.LinkReference> references) {
        librariesLinkedBinary = linkBinaryWithReferences(BINARY, references);
    }

    private static String getDeploymentBinary() {
        if (librariesLinkedBinary != null) {
            return librariesLinkedBinary;
        } else {
            return BINARY;
        }
    }

    public static class ApprovalEventResponse extends BaseEventResponse {
        public String owner;

        public String spender;

        public BigInteger value;
    }

    public static class ClaimedEventResponse extends BaseEventResponse {
        public BigInteger epoch;

        public byte[] labelId;

        public String contributor;

        public BigInteger amount;
    }

    public static class EpochRecordedEventResponse extends BaseEventResponse {
        public BigInteger epoch;

        public byte[] root;

        public BigInteger leafCount;
    }

    public static class RecorderChangedEventResponse extends BaseEventResponse {
        public String previous;

        public String next;
    }

    public static class TransferEventResponse extends BaseEventResponse {
        public String from;

        public String to;

        public BigInteger value;
    }
}
