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

    /** Polls and ticks until {@link #stop()}. */
    public void run() {
        consumer.subscribe(List.of(Topics.ITEMS_RESOLVED, Topics.LABELS_SUBMITTED));
        Duration backoff = Duration.ZERO;
        long nextTick = 0;
        while (running.get()) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(100));
            } catch (WakeupException e) {
                break; // stop() was called
            }
            for (ConsumerRecord<String, byte[]> r : records) {
                apply(r);
            }
            if (!records.isEmpty()) {
                consumer.commitSync();
            }
            if (System.nanoTime() >= nextTick) {
                boolean done = service.tick();
                backoff = done ? Duration.ZERO : next(backoff);
                nextTick = System.nanoTime() + backoff.toNanos();
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
        consumer.close();
    }

    /** {@code main(configFile)}: see {@link RewardsConfig} for the keys. */
    public static void main(String[] args) throws IOException {
        Properties file = new Properties();
        if (args.length > 0) {
            try (InputStream in = new FileInputStream(args[0])) {
                file.load(in);
            }
        }
        RewardsConfig config =
                RewardsConfig.from(RewardsConfig.withEnvironment(file, System.getenv()));
        LOG.info("starting with {}", config);
        RewardsStore store =
                RewardsStore.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
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
                                config.rewardPerLabelByProject()),
                        chain,
                        kafkaSink(producer),
                        Clock.systemUTC(),
                        config.settings());
        KafkaRewardsRunner runner =
                new KafkaRewardsRunner(
                        service, config.kafkaBootstrapServers(), config.kafkaGroupId());
        Runtime.getRuntime().addShutdownHook(new Thread(runner::stop, "rewards-stop"));
        try (runner;
                producer) {
            runner.run();
        } finally {
            web3j.shutdown();
        }
    }
}
