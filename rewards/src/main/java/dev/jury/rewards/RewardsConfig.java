package dev.jury.rewards;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Configuration of the rewards service, parsed once in {@code main} from properties (a file, then
 * {@code JURY_REWARDS_*} environment variables: {@code rewards.epoch.size} is {@code
 * JURY_REWARDS_EPOCH_SIZE}). Each key is documented where it is defined.
 *
 * @param kafkaBootstrapServers {@value #KAFKA_BOOTSTRAP}
 * @param kafkaGroupId {@value #KAFKA_GROUP}
 * @param jdbcUrl {@value #JDBC_URL}
 * @param jdbcUser {@value #JDBC_USER}
 * @param jdbcPassword {@value #JDBC_PASSWORD}
 * @param rpcUrl {@value #RPC_URL}
 * @param chainId {@value #CHAIN_ID}
 * @param contractAddress {@value #CONTRACT}
 * @param recorderKey {@value #RECORDER_KEY}
 * @param settings epoch and submission settings
 * @param minConfidence {@value #MIN_CONFIDENCE}
 * @param defaultRewardPerLabel {@value #REWARD_PER_LABEL}
 * @param rewardPerLabelByProject {@value #REWARD_PER_LABEL_PROJECT}
 * @param walletsAccountsTable {@value #WALLETS_ACCOUNTS_TABLE}: the task API's accounts table to
 *     read payout addresses from, or null
 * @param projectsTable {@value #PROJECTS_TABLE}: the task API's projects table to read each
 *     project's reward from, or null
 * @param projectsCacheTtl {@value #PROJECTS_CACHE_SECONDS}: how long a project's reward read from
 *     that table is reused
 */
public record RewardsConfig(
        String kafkaBootstrapServers,
        String kafkaGroupId,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String rpcUrl,
        long chainId,
        String contractAddress,
        String recorderKey,
        RewardsService.Settings settings,
        double minConfidence,
        long defaultRewardPerLabel,
        Map<String, Long> rewardPerLabelByProject,
        String walletsAccountsTable,
        String projectsTable,
        Duration projectsCacheTtl) {

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String KAFKA_GROUP = "rewards.kafka.group.id";
    public static final String JDBC_URL = "rewards.jdbc.url";
    public static final String JDBC_USER = "rewards.jdbc.user";
    public static final String JDBC_PASSWORD = "rewards.jdbc.password";
    public static final String RPC_URL = "rewards.chain.rpc.url";
    public static final String CHAIN_ID = "rewards.chain.id";
    public static final String CONTRACT = "rewards.chain.contract";

    /** Hex private key of the recorder account. Never logged: {@link #toString()} masks it. */
    public static final String RECORDER_KEY = "rewards.chain.recorder.key";

    public static final String EPOCH_SIZE = "rewards.epoch.size";
    public static final String EPOCH_MAX_AGE = "rewards.epoch.max.age.seconds";
    public static final String RECEIPT_TIMEOUT = "rewards.chain.receipt.timeout.seconds";

    /**
     * Blocks that must hold an epoch's recording (its own included) before it counts as confirmed
     * and CONFIRMED events go out. Default 1 (anvil has no reorgs); on a real chain choose the
     * depth you trust (e.g. 12 or more).
     */
    public static final String CONFIRMATIONS = "rewards.chain.confirmations";

    /**
     * Seconds between checks that every CONFIRMED epoch is still on chain (default 60; also at
     * start): an epoch a reorg or a node's state loss removed is recorded again.
     */
    public static final String RECONCILE_SECONDS = "rewards.chain.reconcile.seconds";

    public static final String MIN_CONFIDENCE = "rewards.min.confidence";
    public static final String REWARD_PER_LABEL = "rewards.reward.per.label";

    /**
     * Optional, e.g. {@code public.accounts}: when the task API shares the database, the payout
     * address of a label is the wallet bound to the contributor's account (sign-in with Ethereum or
     * {@code POST /api/v1/me/wallet}) at the moment the label is sealed into an epoch. Unset, only
     * {@link RewardsService#setWallet} sets addresses.
     */
    public static final String WALLETS_ACCOUNTS_TABLE = "rewards.wallets.accounts.table";

    /**
     * Optional, e.g. {@code public.projects}: when the task API shares the database, a project's
     * reward per label is the {@code reward_per_label} its requester set (token base units) unless
     * {@value #REWARD_PER_LABEL_PROJECT}{@code <id>} overrides it; projects not in the table take
     * {@value #REWARD_PER_LABEL}. Unset, only the configuration decides.
     */
    public static final String PROJECTS_TABLE = "rewards.projects.table";

    /**
     * Seconds a project's reward read from {@value #PROJECTS_TABLE} is reused (default 30): a
     * requester's change applies to consensus events arriving at most this much later.
     */
    public static final String PROJECTS_CACHE_SECONDS = "rewards.projects.cache.seconds";

    /** Prefix: {@code rewards.reward.per.label.project.<projectId>=<base units>}. */
    public static final String REWARD_PER_LABEL_PROJECT = "rewards.reward.per.label.project.";

    /** Parses properties, falling back to defaults where a key is optional. */
    public static RewardsConfig from(Properties p) {
        Map<String, Long> perProject = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(REWARD_PER_LABEL_PROJECT)) {
                perProject.put(
                        key.substring(REWARD_PER_LABEL_PROJECT.length()),
                        Long.parseLong(p.getProperty(key)));
            }
        }
        RewardsService.Settings d = RewardsService.Settings.defaults();
        return new RewardsConfig(
                required(p, KAFKA_BOOTSTRAP),
                p.getProperty(KAFKA_GROUP, "jury-rewards"),
                required(p, JDBC_URL),
                p.getProperty(JDBC_USER, "jury"),
                p.getProperty(JDBC_PASSWORD, ""),
                required(p, RPC_URL),
                Long.parseLong(required(p, CHAIN_ID)),
                required(p, CONTRACT),
                required(p, RECORDER_KEY),
                new RewardsService.Settings(
                        Integer.parseInt(
                                p.getProperty(EPOCH_SIZE, Integer.toString(d.epochSize()))),
                        Duration.ofSeconds(
                                Long.parseLong(
                                        p.getProperty(
                                                EPOCH_MAX_AGE,
                                                Long.toString(d.maxEpochAge().toSeconds())))),
                        Duration.ofSeconds(
                                Long.parseLong(
                                        p.getProperty(
                                                RECEIPT_TIMEOUT,
                                                Long.toString(d.receiptTimeout().toSeconds())))),
                        Integer.parseInt(
                                p.getProperty(CONFIRMATIONS, Integer.toString(d.confirmations()))),
                        Duration.ofSeconds(
                                Long.parseLong(
                                        p.getProperty(
                                                RECONCILE_SECONDS,
                                                Long.toString(
                                                        d.reconcileInterval().toSeconds()))))),
                Double.parseDouble(p.getProperty(MIN_CONFIDENCE, "0")),
                Long.parseLong(
                        p.getProperty(
                                REWARD_PER_LABEL,
                                Long.toString(AcceptancePolicy.DEFAULT_REWARD_PER_LABEL))),
                perProject,
                blankToNull(p.getProperty(WALLETS_ACCOUNTS_TABLE)),
                blankToNull(p.getProperty(PROJECTS_TABLE)),
                Duration.ofSeconds(Long.parseLong(p.getProperty(PROJECTS_CACHE_SECONDS, "30"))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Environment variables {@code JURY_REWARDS_X_Y} override the property {@code rewards.x.y}. */
    public static Properties withEnvironment(Properties base, Map<String, String> env) {
        Properties merged = new Properties();
        merged.putAll(base);
        env.forEach(
                (name, value) -> {
                    if (name.startsWith("JURY_REWARDS_")) {
                        merged.setProperty(
                                "rewards."
                                        + name.substring("JURY_REWARDS_".length())
                                                .toLowerCase(java.util.Locale.ROOT)
                                                .replace('_', '.'),
                                value);
                    }
                });
        return merged;
    }

    private static String required(Properties p, String key) {
        return Objects.requireNonNull(p.getProperty(key), () -> "missing configuration " + key);
    }

    /** Masks secrets so a logged config leaks neither the key nor the database password. */
    @Override
    public String toString() {
        return "RewardsConfig[kafka="
                + kafkaBootstrapServers
                + ", group="
                + kafkaGroupId
                + ", jdbc="
                + jdbcUrl
                + ", rpc="
                + rpcUrl
                + ", chainId="
                + chainId
                + ", contract="
                + contractAddress
                + ", recorderKey=***, settings="
                + settings
                + ", walletsAccountsTable="
                + walletsAccountsTable
                + ", projectsTable="
                + projectsTable
                + "]";
    }
}
