package dev.jury.rewards;

import dev.jury.events.ContributionRecorded;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.Topics;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Runs {@link RewardsService} on Kafka: consumes {@link Topics#ITEMS_RESOLVED} and {@link
 * Topics#LABELS_SUBMITTED}, commits offsets only after the database holds their effect (replays are
 * harmless, see {@link RewardsService#onItemResolved}), calls {@link RewardsService#tick()} between
 * polls with an exponential back-off while the chain or Kafka is unreachable, and publishes {@link
 * ContributionRecorded} to {@link Topics#CONTRIBUTIONS_RECORDED}.
 */
public final class KafkaRewardsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRewardsRunner.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final RewardsService service;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public KafkaRewardsRunner(RewardsService service, String bootstrapServers, String groupId) {
        this.service = service;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A sink that sends every event keyed by contributor and waits for all acknowledgements. */
    public static ContributionSink kafkaSink(KafkaProducer<String, byte[]> producer) {
        return events -> {
            List<Future<RecordMetadata>> acks =
                    events.stream()
                            .map(
                                    e ->
                                            producer.send(
                                                    new ProducerRecord<>(
                                                            Topics.CONTRIBUTIONS_RECORDED,
                                                            e.contributorId(),
                                                            ContributionRecorded.CODEC.encode(e))))
                            .toList();
            for (Future<RecordMetadata> ack : acks) {
                try {
                    ack.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("publishing failed", e.getCause());
                }
            }
        };
    }

    /** An idempotent producer for {@link #kafkaSink}. */
    public static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Polls and ticks until {@link #stop()}. A failed round (PostgreSQL, Kafka or the chain
     * unreachable) commits nothing, rewinds to the uncommitted records and pauses both reading and
     * ticking for the back-off; the thread itself never dies of it.
     */
    public void run() {
        consumer.subscribe(List.of(Topics.ITEMS_RESOLVED, Topics.LABELS_SUBMITTED));
        Duration backoff = Duration.ZERO;
        long nextRound = 0;
        while (running.get()) {
            long wait = nextRound - System.nanoTime();
            if (wait > 0) {
                pause(Math.min(wait, Duration.ofMillis(100).toNanos()));
                continue;
            }
            ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(100));
            } catch (WakeupException e) {
                break; // stop() was called
            }
            boolean done;
            try {
                for (ConsumerRecord<String, byte[]> r : records) {
                    apply(r);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
                done = service.tick();
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                // Nothing of this batch was committed: it is read again (replays are harmless).
                LOG.warn(
                        "rewards round failed, will retry: {}{}",
                        e,
                        e.getCause() == null ? "" : " (" + e.getCause() + ")");
                rewind(records);
                done = false;
            }
            backoff = done ? Duration.ZERO : next(backoff);
            nextRound = System.nanoTime() + backoff.toNanos();
        }
    }

    private void pause(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos).toMillis(), (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false); // interrupted: asked to end, like stop()
        }
    }

    /** Moves back to the first record of each partition in the batch, which is not committed. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        var assigned = consumer.assignment();
        for (org.apache.kafka.common.TopicPartition tp : records.partitions()) {
            // A partition revoked meanwhile is read again by its new owner from the commit.
            if (assigned.contains(tp)) {
                consumer.seek(tp, records.records(tp).get(0).offset());
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals(Topics.ITEMS_RESOLVED)) {
            service.onItemResolved(ItemResolved.CODEC.decode(r.value()));
        } else {
            service.onLabelSubmitted(LabelSubmitted.CODEC.decode(r.value()));
        }
    }

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.isZero() ? MIN_BACKOFF : backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void close() {
        // Leaving the group can wait on the coordinator for the default 30 s (seen on every Ctrl-C
        // of ./jury demo); the offsets are committed per round already, so a bounded close loses
        // nothing and the group rebalances when the session times out.
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }

    /**
     * Wires the service from configuration (store, chain client, producer) and runs it on its own
     * thread; used by {@code main} and by the local stack.
     *
     * @param config the parsed configuration
     * @return the running service; close it to stop the thread and release everything
     */
    public static Running start(RewardsConfig config) {
        LOG.info("starting with {}", config);
        RewardsStore opened =
                RewardsStore.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
        RewardsStore store =
                config.walletsAccountsTable() == null
                        ? opened
                        : opened.withAccountWallets(config.walletsAccountsTable());
        Web3j web3j = Web3j.build(new HttpService(config.rpcUrl()));
        ChainClient chain =
                new ChainClient(
                        web3j,
                        Credentials.create(config.recorderKey()),
                        config.contractAddress(),
                        config.chainId(),
                        Duration.ofMillis(50));
        KafkaProducer<String, byte[]> producer = producer(config.kafkaBootstrapServers());
        RewardsService service =
                new RewardsService(
                        store,
                        new AcceptancePolicy(
                                config.minConfidence(),
                                config.defaultRewardPerLabel(),
                                config.rewardPerLabelByProject(),
                                config.projectsTable() == null
                                        ? AcceptancePolicy.ProjectRewards.NONE
                                        : new ProjectRewardsTable(
                                                store,
                                                config.projectsTable(),
                                                config.projectsCacheTtl(),
                                                Clock.systemUTC())),
                        chain,
                        kafkaSink(producer),
                        Clock.systemUTC(),
                        config.settings());
        KafkaRewardsRunner runner =
                new KafkaRewardsRunner(
                        service, config.kafkaBootstrapServers(), config.kafkaGroupId());
        Thread thread = new Thread(runner::run, "jury-rewards");
        thread.start();
        return new Running(runner, thread, producer, web3j);
    }

    /** A runner on its own thread, with the clients it owns. */
    public static final class Running implements AutoCloseable {
        private final KafkaRewardsRunner runner;
        private final Thread thread;
        private final KafkaProducer<String, byte[]> producer;
        private final Web3j web3j;

        private Running(
                KafkaRewardsRunner runner,
                Thread thread,
                KafkaProducer<String, byte[]> producer,
                Web3j web3j) {
            this.runner = runner;
            this.thread = thread;
            this.producer = producer;
            this.web3j = web3j;
        }

        /** Waits until the thread ends (after {@link #close()} or a fatal error). */
        public void join() throws InterruptedException {
            thread.join();
        }

        /** Stops polling, waits for the current round to finish, then closes the clients. */
        @Override
        public void close() throws InterruptedException {
            runner.stop();
            // A round may be waiting for a receipt (rewards.chain.receipt.timeout.seconds).
            thread.join(Duration.ofSeconds(70).toMillis());
            runner.close();
            producer.close();
            web3j.shutdown();
        }
    }

    /** {@code main(configFile)}: see {@link RewardsConfig} for the keys. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Properties file = new Properties();
        if (args.length > 0) {
            try (InputStream in = new FileInputStream(args[0])) {
                file.load(in);
            }
        }
        RewardsConfig config =
                RewardsConfig.from(RewardsConfig.withEnvironment(file, System.getenv()));
        Running running = start(config);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        running.close();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                "rewards-stop"));
        running.join();
    }
}
