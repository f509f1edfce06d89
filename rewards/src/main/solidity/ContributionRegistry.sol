// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title Minimal ERC-20 the registry mints on claims.
/// @dev Only what wallets need to show and move a balance; no hooks, no permit. Supply grows only
///      through {_mint}, called by the registry when a contributor claims a leaf.
abstract contract MinimalERC20 {
    string public constant name = "Jury Contribution Credit";
    string public constant symbol = "JURY";
    /// @dev Six decimals: one whole token is one fully agreeing label at the default project
    ///      reward, and a leaf's weight (millionths of such a label) is paid as base units.
    uint8 public constant decimals = 6;

    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error ZeroAddress();

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        if (spender == address(0)) revert ZeroAddress();
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert InsufficientAllowance(msg.sender, allowed, value);
            allowance[from][msg.sender] = allowed - value;
        }
        _transfer(from, to, value);
        return true;
    }

    function _transfer(address from, address to, uint256 value) private {
        if (to == address(0)) revert ZeroAddress();
        uint256 balance = balanceOf[from];
        if (balance < value) revert InsufficientBalance(from, balance, value);
        unchecked {
            balanceOf[from] = balance - value;
        }
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }

    function _mint(address to, uint256 value) internal {
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }
}

/// @title Jury contribution registry: one Merkle root per rewards epoch, and claims against it.
/// @notice Leaf of an accepted label, computed off chain by the rewards service and here alike:
///
///     inner = keccak256(abi.encode(labelId, itemId, contributor, weight))
///     leaf  = keccak256(abi.encodePacked(inner))
///
///     where labelId = keccak256(bytes(label id string)) and itemId = keccak256(bytes(item id
///     string)) are bytes32, contributor is the wallet address and weight a uint256 (millionths
///     of a fully agreeing label at the default reward). Hashing twice keeps a 64-byte inner node
///     from ever being presented as a leaf (second-preimage resistance).
///
///     Inner nodes hash the sorted pair: parent = keccak256(min(a, b) ++ max(a, b)), so a proof is
///     just the list of siblings from the leaf up. A node without a sibling moves up unchanged.
contract ContributionRegistry is MinimalERC20 {
    /// The account that deployed the contract; it may change the recorder.
    address public immutable owner;
    /// The account allowed to record epoch roots (the rewards service's key).
    address public recorder;
    /// Merkle root of each recorded epoch; zero means not recorded.
    mapping(uint256 => bytes32) public rootOf;
    /// Labels already paid, by labelId; one claim per label whatever epoch holds it.
    mapping(bytes32 => bool) public claimed;

    event EpochRecorded(uint256 indexed epoch, bytes32 root, uint256 leafCount);
    event RecorderChanged(address indexed previous, address indexed next);
    event Claimed(uint256 indexed epoch, bytes32 indexed labelId, address indexed contributor, uint256 amount);

    error NotOwner(address caller);
    error NotRecorder(address caller);
    error EpochAlreadyRecorded(uint256 epoch, bytes32 root);
    error EmptyRoot();
    error EpochNotRecorded(uint256 epoch);
    error AlreadyClaimed(bytes32 labelId);
    error InvalidProof(uint256 epoch, bytes32 leaf);

    constructor(address initialRecorder) {
        owner = msg.sender;
        recorder = initialRecorder == address(0) ? msg.sender : initialRecorder;
        emit RecorderChanged(address(0), recorder);
    }

    function setRecorder(address next) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (next == address(0)) revert ZeroAddress();
        emit RecorderChanged(recorder, next);
        recorder = next;
    }

    /// @notice Stores an epoch's root. Once per epoch: a second call reverts with
    ///         EpochAlreadyRecorded, whatever root it carries. leafCount is only logged (storing it
    ///         would cost a second storage slot per epoch).
    function recordEpoch(uint256 epoch, bytes32 root, uint256 leafCount) external {
        if (msg.sender != recorder) revert NotRecorder(msg.sender);
        if (root == bytes32(0)) revert EmptyRoot();
        bytes32 existing = rootOf[epoch];
        if (existing != bytes32(0)) revert EpochAlreadyRecorded(epoch, existing);
        rootOf[epoch] = root;
        emit EpochRecorded(epoch, root, leafCount);
    }

    function isRecorded(uint256 epoch) external view returns (bool) {
        return rootOf[epoch] != bytes32(0);
    }

    /// @notice Whether `leaf` (already double-hashed, see the contract notice) is in the epoch.
    function verify(uint256 epoch, bytes32 leaf, bytes32[] calldata proof) public view returns (bool) {
        bytes32 root = rootOf[epoch];
        return root != bytes32(0) && _rootFrom(leaf, proof) == root;
    }

    function leafHash(bytes32 labelId, bytes32 itemId, address contributor, uint256 weight)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(keccak256(abi.encode(labelId, itemId, contributor, weight))));
    }

    /// @notice Pays `weight` base units to msg.sender for one label of the epoch, once per label.
    function claim(uint256 epoch, bytes32 labelId, bytes32 itemId, uint256 weight, bytes32[] calldata proof)
        external
    {
        if (rootOf[epoch] == bytes32(0)) revert EpochNotRecorded(epoch);
        if (claimed[labelId]) revert AlreadyClaimed(labelId);
        bytes32 leaf = leafHash(labelId, itemId, msg.sender, weight);
        if (!verify(epoch, leaf, proof)) revert InvalidProof(epoch, leaf);
        claimed[labelId] = true;
        _mint(msg.sender, weight);
        emit Claimed(epoch, labelId, msg.sender, weight);
    }

    function _rootFrom(bytes32 leaf, bytes32[] calldata proof) private pure returns (bytes32 node) {
        node = leaf;
        for (uint256 i = 0; i < proof.length; i++) {
            bytes32 sibling = proof[i];
            node = node < sibling
                ? keccak256(abi.encodePacked(node, sibling))
                : keccak256(abi.encodePacked(sibling, node));
        }
    }
}
