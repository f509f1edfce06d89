package dev.jury.rewards;

import dev.jury.rewards.AcceptancePolicy.AcceptedLabel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.web3j.utils.Numeric;

/**
 * The rewards service's PostgreSQL state (schema {@value #SCHEMA}): wallets, gold answers, accepted
 * labels and epochs. Plain JDBC; every method is one transaction.
 */
public final class RewardsStore {

    /** The schema every table lives in; the task API keeps its tables elsewhere. */
    public static final String SCHEMA = "rewards";

    /** Flyway history table, named apart from the task API's default one in the same database. */
    public static final String HISTORY_TABLE = "rewards_schema_history";

    /** Only one process seals at a time, so epoch numbers and contents cannot interleave. */
    private static final long SEAL_LOCK = 0x6a7572795f726577L; // "jury_rew"

    private final DataSource dataSource;

    /**
     * The task API's accounts table ({@code id bigint, wallet text}) to take payout addresses from,
     * or null when wallets are only set through {@link #setWallet}.
     */
    private final String accountsTable;

    /**
     * One open connection per calling thread, kept between calls: opening a PostgreSQL connection
     * costs several round trips, more than the statements themselves (the gas benchmark's pipeline
     * ran at ~76 labels/s opening one per call). The service calls from one thread; an API thread
     * setting wallets gets its own.
     */
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    private RewardsStore(DataSource dataSource, String accountsTable) {
        this.dataSource = dataSource;
        this.accountsTable = accountsTable;
    }

    private static final java.util.regex.Pattern TABLE_NAME =
            java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    /**
     * The same store, reading contributors' payout addresses from the task API's accounts table in
     * the same database (the address bound with {@code POST /api/v1/me/wallet} or sign-in with
     * Ethereum; contributor ids in events are the accounts' ids as decimal strings). Before each
     * sealing, in the sealing transaction, the current address of every contributor with pending
     * labels is copied into {@code wallets}; labels already sealed keep the address they were
     * sealed with.
     *
     * @param table schema-qualified table name, e.g. {@code public.accounts}
     * @return a store that syncs wallets, never null
     * @throws IllegalArgumentException if the name is not a plain (optionally qualified) identifier
     */
    public RewardsStore withAccountWallets(String table) {
        return new RewardsStore(dataSource, checkedTableName(table, "public.accounts"));
    }

    /**
     * @return {@code table}, checked to be safe to splice into SQL
     * @throws IllegalArgumentException if it is not a plain (optionally qualified) identifier
     */
    static String checkedTableName(String table, String example) {
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException(
                    "table must be a plain identifier like " + example + ": " + table);
        }
        return table;
    }

    /**
     * Reads one project's {@code reward_per_label} from the task API's projects table ({@code id
     * bigint, reward_per_label numeric(78,0)}) in the same database.
     *
     * @param table a name passed through {@link #checkedTableName}
     * @return the reward, empty if the project or the table (not migrated yet) does not exist; a
     *     value beyond a Java long (the API refuses those, so only a row written before that rule)
     *     is clamped to {@link Long#MAX_VALUE} rather than failing every consensus of the project
     */
    ProjectReward projectReward(String table, long projectId) {
        try (Connection c = borrow()) {
            try (PreparedStatement exists =
                    c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                exists.setString(1, table);
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT least(reward_per_label, 9223372036854775807)::bigint,"
                                    + " reward_per_label > 9223372036854775807 FROM "
                                    + table
                                    + " WHERE id = ?")) {
                ps.setLong(1, projectId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new ProjectReward(rs.getLong(1), rs.getBoolean(2)) : null;
                }
            }
        } catch (SQLException e) {
            discard();
            throw new StoreException("reading the reward of project " + projectId + " failed", e);
        }
    }

    /**
     * A project's reward per label as stored by the task API.
     *
     * @param rewardPerLabel token base units, at most {@link Long#MAX_VALUE}
     * @param clamped whether the stored value was larger and was cut to {@link Long#MAX_VALUE}
     */
    record ProjectReward(long rewardPerLabel, boolean clamped) {}

    /**
     * The thread's connection behind a view whose {@code close()} keeps it open (rolling back and
     * restoring auto-commit if a transaction was left open), so callers can use try-with-resources
     * as with a pool.
     */
    private Connection borrow() throws SQLException {
        Connection real = connections.get();
        if (real == null || real.isClosed()) {
            real = dataSource.getConnection();
            connections.set(real);
        }
        Connection target = real;
        return (Connection)
                Proxy.newProxyInstance(
                        Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("close")
                                    && method.getParameterCount() == 0) {
                                if (!target.getAutoCommit()) {
                                    target.rollback();
                                    target.setAutoCommit(true);
                                }
                                return null;
                            }
                            try {
                                return method.invoke(target, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    /** Drops the thread's connection after an error; the next call opens a fresh one. */
    private void discard() {
        Connection real = connections.get();
        connections.remove();
        if (real != null) {
            try {
                real.close();
            } catch (SQLException ignored) {
                // Already broken; nothing more to release.
            }
        }
    }

    /**
     * Migrates the schema and opens the store.
     *
     * @param jdbcUrl PostgreSQL JDBC URL
     * @param user user name
     * @param password password, never logged
     * @return the store, never null
     */
    public static RewardsStore open(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas(SCHEMA)
                .table(HISTORY_TABLE)
                .locations("classpath:db/rewards")
                .load()
                .migrate();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setCurrentSchema(SCHEMA);
        return new RewardsStore(ds, null);
    }

    /** Sets or replaces a contributor's payout address; labels already sealed keep the old one. */
    public void setWallet(String contributorId, String address) {
        update(
                "INSERT INTO wallets (contributor_id, address) VALUES (?, ?)"
                        + " ON CONFLICT (contributor_id) DO UPDATE"
                        + " SET address = excluded.address, updated_at = now()",
                contributorId,
                Wallets.normalise(address));
    }

    /** The contributor's address, if known. */
    public Optional<String> wallet(String contributorId) {
        return queryString("SELECT address FROM wallets WHERE contributor_id = ?", contributorId);
    }

    void recordGold(String itemId, String goldLabel) {
        update(
                "INSERT INTO gold_answers (item_id, gold_label) VALUES (?, ?)"
                        + " ON CONFLICT (item_id) DO UPDATE SET gold_label = excluded.gold_label",
                itemId,
                goldLabel);
    }

    Optional<String> goldAnswer(String itemId) {
        return queryString("SELECT gold_label FROM gold_answers WHERE item_id = ?", itemId);
    }

    /**
     * Stores accepted labels; a label already stored (a replayed or revised consensus) is left as
     * it is, so a label is rewarded at most once.
     *
     * @return how many were new
     */
    int addAccepted(List<AcceptedLabel> labels, Instant acceptedAt) {
        if (labels.isEmpty()) {
            return 0;
        }
        try (Connection c = borrow();
                PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO accepted_labels (label_id, item_id, project_id,"
                                        + " contributor_id, weight, accepted_at)"
                                        + " VALUES (?, ?, ?, ?, ?, ?)"
                                        + " ON CONFLICT (label_id) DO NOTHING")) {
            for (AcceptedLabel l : labels) {
                ps.setString(1, l.labelId());
                ps.setString(2, l.itemId());
                ps.setString(3, l.projectId());
                ps.setString(4, l.contributorId());
                ps.setLong(5, l.weight());
                ps.setTimestamp(6, Timestamp.from(acceptedAt));
                ps.addBatch();
            }
            int added = 0;
            for (int n : ps.executeBatch()) {
                added += Math.max(n, 0);
            }
            return added;
        } catch (SQLException e) {
            discard();
            throw new StoreException("storing accepted labels failed", e);
        }
    }

    /**
     * Seals pending labels of contributors with a known wallet into new epochs: full epochs of
     * {@code epochSize}, then one partial epoch if its oldest label was accepted at or before
     * {@code sealPartialBefore}. Each epoch's leaves, root and proofs are written in the same
     * transaction, before anything is sent.
     *
     * @return the new epochs' numbers, ascending
     */
    List<Long> sealEpochs(int epochSize, Instant sealPartialBefore) {
        List<Long> sealed = new ArrayList<>();
        try (Connection c = borrow()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock =
                        c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, SEAL_LOCK);
                    lock.execute();
                }
                if (accountsTable != null) {
                    syncWallets(c);
                }
                while (true) {
                    List<Leaf> leaves = new ArrayList<>();
                    Instant oldest = null;
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT a.label_id, a.item_id, w.address, a.weight,"
                                            + " a.accepted_at FROM accepted_labels a"
                                            + " JOIN wallets w USING (contributor_id)"
                                            + " WHERE a.epoch IS NULL"
                                            + " ORDER BY a.accepted_at, a.label_id LIMIT ?")) {
                        ps.setInt(1, epochSize);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                leaves.add(
                                        new Leaf(
                                                rs.getString(1),
                                                rs.getString(2),
                                                rs.getString(3),
                                                rs.getLong(4)));
                                if (oldest == null) {
                                    oldest = rs.getTimestamp(5).toInstant();
                                }
                            }
                        }
                    }
                    if (leaves.isEmpty()
                            || (leaves.size() < epochSize && oldest.isAfter(sealPartialBefore))) {
                        break;
                    }
                    sealed.add(seal(c, leaves));
                }
                c.commit();
                return sealed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            discard();
            throw new StoreException("sealing epochs failed", e);
        }
    }

    /**
     * Copies the accounts' current addresses for contributors with pending labels (only those: the
     * address of a sealed label is frozen, so nobody else's matters). Malformed addresses are
     * skipped rather than failing the sealing of everyone else's labels.
     */
    private void syncWallets(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, accountsTable);
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    // The task API has not migrated yet (they start side by side): no wallets yet.
                    return;
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO wallets (contributor_id, address)"
                                + " SELECT a.id::text, lower(a.wallet) FROM "
                                + accountsTable
                                + " a JOIN (SELECT DISTINCT contributor_id FROM accepted_labels"
                                + " WHERE epoch IS NULL) p ON p.contributor_id = a.id::text"
                                + " WHERE lower(a.wallet) ~ '^0x[0-9a-f]{40}$'"
                                + " ON CONFLICT (contributor_id) DO UPDATE"
                                + " SET address = excluded.address, updated_at = now()"
                                + " WHERE wallets.address <> excluded.address")) {
            ps.executeUpdate();
        }
    }

    private static long seal(Connection c, List<Leaf> leaves) throws SQLException {
        long epoch;
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT coalesce(max(epoch) + 1, 0) FROM epochs");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            epoch = rs.getLong(1);
        }
        List<byte[]> hashes = new ArrayList<>(leaves.size());
        for (Leaf leaf : leaves) {
            hashes.add(leaf.hash());
        }
        MerkleTree tree = MerkleTree.build(hashes);
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO epochs (epoch, merkle_root, leaf_count, status)"
                                + " VALUES (?, ?, ?, 'SEALED')")) {
            ps.setLong(1, epoch);
            ps.setString(2, Numeric.toHexString(tree.root()));
            ps.setInt(3, leaves.size());
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE accepted_labels SET epoch = ?, wallet_address = ?, leaf_hash = ?,"
                                + " proof = ? WHERE label_id = ?")) {
            for (int i = 0; i < leaves.size(); i++) {
                Leaf leaf = leaves.get(i);
                byte[] hash = hashes.get(i);
                String[] proof =
                        tree.proof(hash).stream().map(Numeric::toHexString).toArray(String[]::new);
                ps.setLong(1, epoch);
                ps.setString(2, leaf.wallet());
                ps.setString(3, Numeric.toHexString(hash));
                ps.setArray(4, c.createArrayOf("text", proof));
                ps.setString(5, leaf.labelId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return epoch;
    }

    /** Epochs whose root is not yet known to be on chain, oldest first. */
    List<EpochRow> unconfirmedEpochs() {
        return epochs("WHERE status <> 'CONFIRMED'");
    }

    /** Confirmed epochs whose CONFIRMED events are not yet published, oldest first. */
    List<EpochRow> unpublishedEpochs() {
        return epochs("WHERE status = 'CONFIRMED' AND NOT events_published");
    }

    /** One epoch, if it exists. */
    public Optional<EpochRow> epoch(long epoch) {
        return epochs("WHERE epoch = " + epoch).stream().findFirst();
    }

    /**
     * Confirmed epochs, newest first: the {@code limit} newest below {@code beforeEpoch} (all if
     * null). The reconciliation walks them back in pages.
     */
    List<EpochRow> confirmedEpochsNewestFirst(Long beforeEpoch, int limit) {
        return epochs(
                "WHERE status = 'CONFIRMED'"
                        + (beforeEpoch == null ? "" : " AND epoch < " + beforeEpoch.longValue()),
                " ORDER BY epoch DESC LIMIT " + limit);
    }

    /**
     * Puts a CONFIRMED epoch the chain no longer holds back to SEALED, forgetting its transaction,
     * so the send path records it again (its content and root are unchanged) and its CONFIRMED
     * events go out again with the new transaction.
     *
     * @return whether the epoch was CONFIRMED and is now SEALED
     */
    boolean markLost(long epoch, String reason) {
        return update(
                        "UPDATE epochs SET status = 'SEALED', nonce = NULL, tx_hash = NULL,"
                                + " raw_tx = NULL, block_number = NULL, confirmed_at = NULL,"
                                + " events_published = false, last_error = ?"
                                + " WHERE epoch = ? AND status = 'CONFIRMED'",
                        reason,
                        epoch)
                == 1;
    }

    private List<EpochRow> epochs(String where) {
        return epochs(where, " ORDER BY epoch");
    }

    private List<EpochRow> epochs(String where, String orderAndLimit) {
        String sql =
                "SELECT epoch, merkle_root, leaf_count, status, nonce, tx_hash, raw_tx,"
                        + " block_number, attempts, last_error FROM epochs "
                        + where
                        + orderAndLimit;
        try (Connection c = borrow();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            List<EpochRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(
                        new EpochRow(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getInt(3),
                                EpochStatus.valueOf(rs.getString(4)),
                                (Long) rs.getObject(5),
                                rs.getString(6),
                                rs.getString(7),
                                (Long) rs.getObject(8),
                                rs.getInt(9),
                                rs.getString(10)));
            }
            return rows;
        } catch (SQLException e) {
            discard();
            throw new StoreException("reading epochs failed", e);
        }
    }

    /** Stores the signed transaction before it is sent. */
    void markSubmitted(long epoch, long nonce, String txHash, String rawTx) {
        update(
                "UPDATE epochs SET status = 'SUBMITTED', nonce = ?, tx_hash = ?, raw_tx = ?,"
                        + " attempts = attempts + 1 WHERE epoch = ? AND status = 'SEALED'",
                nonce,
                txHash,
                rawTx,
                epoch);
    }

    /**
     * Replaces the stored transaction of a SUBMITTED epoch by its re-priced copy (same nonce),
     * before the copy is broadcast.
     */
    void markRepriced(long epoch, String oldTxHash, String txHash, String rawTx) {
        update(
                "UPDATE epochs SET tx_hash = ?, raw_tx = ?, attempts = attempts + 1"
                        + " WHERE epoch = ? AND status = 'SUBMITTED' AND tx_hash = ?",
                txHash,
                rawTx,
                epoch,
                oldTxHash);
    }

    /** Forgets a transaction that can no longer be mined (reverted or its nonce was used). */
    void markSealedAgain(long epoch, String reason) {
        update(
                "UPDATE epochs SET status = 'SEALED', nonce = NULL, tx_hash = NULL, raw_tx = NULL,"
                        + " last_error = ? WHERE epoch = ? AND status = 'SUBMITTED'",
                reason,
                epoch);
    }

    void markConfirmed(long epoch, String txHash, long blockNumber) {
        update(
                "UPDATE epochs SET status = 'CONFIRMED', tx_hash = ?, block_number = ?,"
                        + " confirmed_at = now(), last_error = NULL WHERE epoch = ?",
                txHash,
                blockNumber,
                epoch);
    }

    void recordError(long epoch, String error) {
        update("UPDATE epochs SET last_error = ? WHERE epoch = ?", error, epoch);
    }

    void markPublished(long epoch) {
        update("UPDATE epochs SET events_published = true WHERE epoch = ?", epoch);
    }

    /** The sealed labels of an epoch with their proofs, in leaf-hash order. */
    public List<SealedLabel> sealedLabels(long epoch) {
        try (Connection c = borrow();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT label_id, item_id, project_id, contributor_id,"
                                        + " wallet_address, weight, leaf_hash, proof"
                                        + " FROM accepted_labels WHERE epoch = ?"
                                        + " ORDER BY leaf_hash")) {
            ps.setLong(1, epoch);
            try (ResultSet rs = ps.executeQuery()) {
                List<SealedLabel> labels = new ArrayList<>();
                while (rs.next()) {
                    Array proof = rs.getArray(8);
                    labels.add(
                            new SealedLabel(
                                    epoch,
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getLong(6),
                                    rs.getString(7),
                                    List.copyOf(Arrays.asList((String[]) proof.getArray()))));
                }
                return labels;
            }
        } catch (SQLException e) {
            discard();
            throw new StoreException("reading epoch " + epoch + " failed", e);
        }
    }

    /** How many accepted labels wait for an epoch (with or without a wallet). */
    public long pendingLabels() {
        try (Connection c = borrow();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT count(*) FROM accepted_labels WHERE epoch IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            discard();
            throw new StoreException("counting pending labels failed", e);
        }
    }

    private Optional<String> queryString(String sql, String arg) {
        try (Connection c = borrow();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            discard();
            throw new StoreException("query failed: " + sql, e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = borrow();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            discard();
            throw new StoreException("update failed: " + sql, e);
        }
    }

    /** Where an epoch's root stands. */
    public enum EpochStatus {
        SEALED,
        SUBMITTED,
        CONFIRMED
    }

    /** An epoch as stored. Nullable fields are null until the transaction exists. */
    public record EpochRow(
            long epoch,
            String merkleRoot,
            int leafCount,
            EpochStatus status,
            Long nonce,
            String txHash,
            String rawTx,
            Long blockNumber,
            int attempts,
            String lastError) {}

    /** A label sealed into an epoch, with everything a claim needs. */
    public record SealedLabel(
            long epoch,
            String labelId,
            String itemId,
            String projectId,
            String contributorId,
            String walletAddress,
            long weight,
            String leafHash,
            List<String> proof) {}

    /** A database failure; the caller retries later, the state stays consistent. */
    public static final class StoreException extends RuntimeException {
        StoreException(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
