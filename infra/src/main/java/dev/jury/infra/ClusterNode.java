package dev.jury.infra;

import dev.jury.api.ApiConfig;
import dev.jury.api.TaskApi;
import dev.jury.infra.cluster.KafkaBrokerProcess;
import dev.jury.rewards.KafkaRewardsRunner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One part of Jury as a process of its own, for the multi-process deployment ({@code ./jury cluster
 * up}, {@link ClusterStack}). Each role reads its settings from the same {@code JURY_*} variables
 * as {@code ./jury demo}, starts with the demo's own start-up code, prints {@value #READY} and the
 * role once it serves, and stops cleanly on SIGTERM.
 *
 * <ul>
 *   <li>{@code postgres}: zonky's embedded PostgreSQL on 127.0.0.1:{@code JURY_PG_PORT}, data in
 *       {@code JURY_HOME/postgres}, so a fresh machine needs no system PostgreSQL
 *   <li>{@code kafka LOGDIR PORT}: a KRaft broker ({@link KafkaBrokerProcess})
 *   <li>{@code api}: the task API and UI only, against an external PostgreSQL and Kafka ({@code
 *       JURY_DB_URL}, {@code JURY_KAFKA_BOOTSTRAP}, {@code JURY_HTTP_PORT}, {@code JURY_DATA_DIR}
 *       for its own search index, {@code JURY_ADMIN_TOKEN}; see {@link ApiConfig#fromEnvironment})
 *   <li>{@code rewards}: the rewards service only ({@code JURY_DB_URL}, {@code
 *       JURY_KAFKA_BOOTSTRAP}, {@code JURY_CHAIN_RPC}, {@code _ID}, {@code _KEY}, {@code
 *       _CONTRACT}, {@code JURY_REWARDS_*}; see {@link StackConfig})
 * </ul>
 */
public final class ClusterNode {
    /** First word of the line printed once the role serves. */
    public static final String READY = "JURY_READY";

    private ClusterNode() {}

    /**
     * @param args the role, then its arguments
     */
    public static void main(String[] args) throws Exception {
        String role = args.length == 0 ? "" : args[0];
        Map<String, String> env = System.getenv();
        AutoCloseable running;
        try {
            running =
                    switch (role) {
                        case "postgres" -> postgres(StackConfig.fromEnvironment(env));
                        case "kafka" -> {
                            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
                            KafkaBrokerProcess.main(rest);
                            yield null;
                        }
                        case "api" -> api(ApiConfig.fromEnvironment(env));
                        case "rewards" -> rewards(StackConfig.fromEnvironment(env));
                        default ->
                                throw new IllegalArgumentException(
                                        "usage: ClusterNode postgres|kafka LOGDIR PORT|api|rewards");
                    };
        } catch (IllegalArgumentException e) {
            System.err.println("jury node: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (running == null) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        running.close();
                                    } catch (Exception e) {
                                        System.err.println("jury node: stopping failed: " + e);
                                    }
                                    stopped.countDown();
                                },
                                "jury-node-stop"));
        System.out.println(READY + " " + role);
        System.out.flush();
        stopped.await();
    }

    private static AutoCloseable postgres(StackConfig config) throws Exception {
        EmbeddedPostgres postgres =
                LocalStack.embeddedPostgres(
                        config.home().resolve("postgres"), config.postgresPort());
        return postgres;
    }

    private static AutoCloseable api(ApiConfig config) throws Exception {
        if (config.kafkaBootstrap() == null) {
            throw new IllegalArgumentException(
                    "JURY_KAFKA_BOOTSTRAP is required: the API publishes labels to Kafka");
        }
        return TaskApi.start(config);
    }

    private static AutoCloseable rewards(StackConfig config) throws Exception {
        StackConfig.Chain chain = config.externalChain();
        if (config.externalDatabase() == null
                || config.externalKafka() == null
                || chain == null
                || chain.contract() == null) {
            throw new IllegalArgumentException(
                    "the rewards node needs JURY_DB_URL, JURY_KAFKA_BOOTSTRAP, JURY_CHAIN_RPC,"
                            + " JURY_CHAIN_ID, JURY_CHAIN_KEY and JURY_CHAIN_CONTRACT");
        }
        KafkaRewardsRunner.Running running =
                KafkaRewardsRunner.start(
                        LocalStack.rewardsConfig(
                                config.rewards(),
                                config.externalDatabase(),
                                config.externalKafka(),
                                chain.rpcUrl(),
                                chain.chainId(),
                                chain.key(),
                                chain.contract().toLowerCase()));
        return running;
    }
}
