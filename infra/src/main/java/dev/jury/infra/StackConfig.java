package dev.jury.infra;

import dev.jury.api.ApiConfig;
import dev.jury.testsupport.FreePorts;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack keeps its data and which parts it starts itself, read once from {@code
 * JURY_*} environment variables.
 *
 * @param home the one directory holding all data ({@code JURY_HOME}, default {@code ./data})
 * @param httpPort the task API's port ({@code JURY_HTTP_PORT}, 8080)
 * @param postgresPort the embedded PostgreSQL's port ({@code JURY_PG_PORT}, 15432)
 * @param kafkaPort the embedded Kafka's port ({@code JURY_KAFKA_PORT}, 19092)
 * @param flinkRestPort the Flink MiniCluster's REST port ({@code JURY_FLINK_REST_PORT}, 8081)
 * @param externalDatabase an external PostgreSQL ({@code JURY_DB_URL}), or null to embed one
 * @param externalKafka external Kafka bootstrap servers ({@code JURY_KAFKA_BOOTSTRAP}), or null
 * @param chainPort the local anvil chain's port ({@code JURY_CHAIN_PORT}, 18545)
 * @param externalChain a chain of your own ({@code JURY_CHAIN_RPC}, {@code JURY_CHAIN_ID}, {@code
 *     JURY_CHAIN_KEY}), or null to start anvil
 * @param flinkRest a running Flink session cluster's REST address ({@code JURY_FLINK_REST}, e.g.
 *     {@code http://127.0.0.1:8081}) to submit the stream jobs' job jar to, or null to run them on
 *     a MiniCluster in the stack's JVM
 * @param rewards overrides of the rewards service's configuration ({@code JURY_REWARDS_X_Y} sets
 *     {@code rewards.x.y}, see {@code dev.jury.rewards.RewardsConfig}), on top of the stack's demo
 *     defaults ({@link #REWARDS_DEFAULTS})
 */
public record StackConfig(
        Path home,
        int httpPort,
        int postgresPort,
        int kafkaPort,
        int flinkRestPort,
        ApiConfig.Database externalDatabase,
        String externalKafka,
        int chainPort,
        Chain externalChain,
        java.net.URI flinkRest,
        Map<String, String> rewards) {

    /**
     * The rewards settings of the demo, where they differ from the service's own defaults: epochs
     * of 100 labels or 30 s (instead of 1,000 or 10 minutes), so a contributor sees records within
     * a minute; payout addresses from the task API's accounts and each project's reward from the
     * task API's projects (same database).
     */
    public static final Map<String, String> REWARDS_DEFAULTS =
            Map.of(
                    "rewards.epoch.size", "100",
                    "rewards.epoch.max.age.seconds", "30",
                    "rewards.wallets.accounts.table", "public.accounts",
                    "rewards.projects.table", "public.projects");

    /**
     * A chain the stack uses instead of starting anvil; the same code path as anvil (the registry
     * is deployed there once, its address kept in {@code JURY_HOME}).
     *
     * @param rpcUrl JSON-RPC endpoint ({@code JURY_CHAIN_RPC})
     * @param chainId EIP-155 chain id ({@code JURY_CHAIN_ID}); checked against the node's
     * @param key hex private key of the deployer and recorder ({@code JURY_CHAIN_KEY}); it needs
     *     funds for gas. Never logged: {@link #toString()} masks it
     * @param contract an already deployed registry whose recorder is the key's address ({@code
     *     JURY_CHAIN_CONTRACT}), or null to deploy one
     */
    public record Chain(String rpcUrl, long chainId, String key, String contract) {
        @Override
        public String toString() {
            return "Chain[rpcUrl="
                    + rpcUrl
                    + ", chainId="
                    + chainId
                    + ", key=***, contract="
                    + contract
                    + "]";
        }
    }

    public StackConfig {
        rewards = Map.copyOf(rewards);
    }

    /**
     * Every part embedded (PostgreSQL, Kafka, anvil, a MiniCluster) with its data in {@code home}
     * and each server on a free loopback port: a stack that touches no {@code JURY_HOME} and cannot
     * collide with a running demo, for tests and the start-up training.
     *
     * @param rewards the rewards service's overrides, as {@link #rewards()}
     */
    public static StackConfig embeddedOnFreePorts(Path home, Map<String, String> rewards) {
        int[] ports = FreePorts.find(5);
        return new StackConfig(
                home, ports[0], ports[1], ports[2], ports[3], null, null, ports[4], null, null,
                rewards);
    }

    /** Reads the configuration; names the variable that is malformed. */
    public static StackConfig fromEnvironment(Map<String, String> env) {
        String dbUrl = env.get("JURY_DB_URL");
        String kafka = env.get("JURY_KAFKA_BOOTSTRAP");
        return new StackConfig(
                Path.of(env.getOrDefault("JURY_HOME", "data")).toAbsolutePath(),
                port(env, "JURY_HTTP_PORT", 8080),
                port(env, "JURY_PG_PORT", 15432),
                port(env, "JURY_KAFKA_PORT", 19092),
                port(env, "JURY_FLINK_REST_PORT", 8081),
                dbUrl == null || dbUrl.isBlank() ? null : ApiConfig.Database.parse(dbUrl),
                kafka == null || kafka.isBlank() ? null : kafka.trim(),
                port(env, "JURY_CHAIN_PORT", 18545),
                chain(env),
                flinkRest(env),
                rewards(env));
    }

    private static Chain chain(Map<String, String> env) {
        String rpc = blankToNull(env.get("JURY_CHAIN_RPC"));
        String id = blankToNull(env.get("JURY_CHAIN_ID"));
        String key = blankToNull(env.get("JURY_CHAIN_KEY"));
        String contract = blankToNull(env.get("JURY_CHAIN_CONTRACT"));
        if (rpc == null && id == null && key == null && contract == null) {
            return null;
        }
        if (rpc == null || id == null || key == null) {
            throw new IllegalArgumentException(
                    "JURY_CHAIN_RPC, JURY_CHAIN_ID and JURY_CHAIN_KEY go together (missing: "
                            + String.join(
                                    ", ",
                                    java.util.stream.Stream.of(
                                                    rpc == null ? "JURY_CHAIN_RPC" : null,
                                                    id == null ? "JURY_CHAIN_ID" : null,
                                                    key == null ? "JURY_CHAIN_KEY" : null)
                                            .filter(java.util.Objects::nonNull)
                                            .toList())
                            + ")");
        }
        long chainId;
        try {
            chainId = Long.parseLong(id);
            if (chainId < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "JURY_CHAIN_ID must be a positive chain id, got '" + id + "'");
        }
        // The value itself is never echoed: it is a private key.
        if (!key.matches("(0x)?[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(
                    "JURY_CHAIN_KEY must be a private key of 64 hex digits (0x optional)");
        }
        if (contract != null && !contract.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException(
                    "JURY_CHAIN_CONTRACT must be an address (0x and 40 hex digits), got '"
                            + contract
                            + "'");
        }
        return new Chain(rpc, chainId, key, contract);
    }

    private static java.net.URI flinkRest(Map<String, String> env) {
        String value = blankToNull(env.get("JURY_FLINK_REST"));
        if (value == null) {
            return null;
        }
        try {
            java.net.URI uri = java.net.URI.create(value);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "JURY_FLINK_REST must be http://host:port of a Flink REST API, got '"
                            + value
                            + "'");
        }
    }

    private static Map<String, String> rewards(Map<String, String> env) {
        java.util.Properties merged = new java.util.Properties();
        merged.putAll(REWARDS_DEFAULTS);
        merged = dev.jury.rewards.RewardsConfig.withEnvironment(merged, env);
        Map<String, String> out = new java.util.HashMap<>();
        for (String name : merged.stringPropertyNames()) {
            out.put(name, merged.getProperty(name));
        }
        return out;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Masks the chain key. */
    @Override
    public String toString() {
        return "StackConfig[home="
                + home
                + ", httpPort="
                + httpPort
                + ", postgresPort="
                + postgresPort
                + ", kafkaPort="
                + kafkaPort
                + ", flinkRestPort="
                + flinkRestPort
                + ", externalDatabase="
                + (externalDatabase == null
                        ? null
                        : externalDatabase.host() + ":" + externalDatabase.port())
                + ", externalKafka="
                + externalKafka
                + ", chainPort="
                + chainPort
                + ", externalChain="
                + externalChain
                + ", flinkRest="
                + flinkRest
                + ", rewards="
                + rewards
                + "]";
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " must be a port number, got '" + value + "'");
        }
    }
}
