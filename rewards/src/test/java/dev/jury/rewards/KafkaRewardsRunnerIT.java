package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.ContributionRecorded;
import dev.jury.events.ContributionStatus;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.Topics;
import dev.jury.rewards.contract.ContributionRegistry;
import dev.jury.testsupport.AnvilService;
import dev.jury.testsupport.KafkaService;
import dev.jury.testsupport.PostgresService;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/** The Kafka runner: consensus events in, ContributionRecorded events out, roots on chain. */
class KafkaRewardsRunnerIT {

    @Test
    @DisplayName("Resolved items on Kafka become confirmed contributions on Kafka, gold respected")
    void eventsInEventsOut() throws Exception {
        KafkaService kafka = KafkaService.shared();
        for (String topic :
                List.of(
                        Topics.LABELS_SUBMITTED,
                        Topics.ITEMS_RESOLVED,
                        Topics.CONTRIBUTIONS_RECORDED)) {
            kafka.createTopic(topic, 1);
        }
        PostgresService.Database db = PostgresService.shared().createDatabase("rewards_kafka_it");
        RewardsStore store = RewardsStore.open(db.jdbcUrl(), db.user(), db.password());
        store.setWallet("alice", Credentials.create(AnvilService.CONTRIBUTOR_KEY).getAddress());
        store.setWallet("bob", Credentials.create(AnvilService.OTHER_KEY).getAddress());

        try (AnvilService anvil = AnvilService.start();
                KafkaProducer<String, byte[]> producer =
                        KafkaRewardsRunner.producer(kafka.bootstrapServers())) {
            Web3j web3j = Chains.web3j(anvil);
            ContributionRegistry registry = Chains.deploy(web3j);
            RewardsService service =
                    new RewardsService(
                            store,
                            AcceptancePolicy.defaults(),
                            Chains.client(web3j, registry),
                            KafkaRewardsRunner.kafkaSink(producer),
                            Clock.systemUTC(),
                            // Partial epochs seal at once: every tick records what arrived.
                            new RewardsService.Settings(
                                    1_000, Duration.ZERO, Duration.ofSeconds(10)));
            KafkaRewardsRunner runner =
                    new KafkaRewardsRunner(service, kafka.bootstrapServers(), "rewards-kafka-it");
            Thread thread = new Thread(runner::run, "rewards-runner");
            thread.start();
            try {
                // The gold answer first, so the consensus on the gold item is judged against it.
                producer.send(
                                new ProducerRecord<>(
                                        Topics.LABELS_SUBMITTED,
                                        "gold-1",
                                        LabelSubmitted.CODEC.encode(
                                                LabelSubmitted.create(
                                                        "gold-1/alice",
                                                        "project-1",
                                                        "gold-1",
                                                        "alice",
                                                        LabelValue.ofChoice("cat"),
                                                        LabelValue.ofChoice("dog"),
                                                        null,
                                                        null,
                                                        1_700_000_000_000L,
                                                        1_000))))
                        .get();
                awaitTrue(() -> store.goldAnswer("gold-1").isPresent());
                for (String item : List.of("item-0", "item-1", "item-2", "gold-1")) {
                    ItemResolved resolved = Fixtures.resolved(item, false, "alice", "bob", "carol");
                    producer.send(
                                    new ProducerRecord<>(
                                            Topics.ITEMS_RESOLVED,
                                            item,
                                            ItemResolved.CODEC.encode(resolved)))
                            .get();
                }

                Map<String, ContributionRecorded> confirmed = readConfirmed(kafka, 6);
                assertThat(confirmed.keySet())
                        .containsExactlyInAnyOrder(
                                "item-0/alice",
                                "item-0/bob",
                                "item-1/alice",
                                "item-1/bob",
                                "item-2/alice",
                                "item-2/bob");
                for (ContributionRecorded e : confirmed.values()) {
                    assertThat(
                                    registry.verify(
                                                    BigInteger.valueOf(e.epoch()),
                                                    Numeric.hexStringToByteArray(e.leafHash()),
                                                    e.proof().stream()
                                                            .map(Numeric::hexStringToByteArray)
                                                            .toList())
                                            .send())
                            .isTrue();
                }
                assertThat(store.pendingLabels()).as("carol has no wallet yet").isEqualTo(3);
            } finally {
                runner.stop();
                thread.join(10_000);
                runner.close();
                web3j.shutdown();
            }
        }
    }

    private static Map<String, ContributionRecorded> readConfirmed(KafkaService kafka, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "rewards-kafka-it-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, ContributionRecorded> confirmed = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CONTRIBUTIONS_RECORDED));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (confirmed.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ContributionRecorded e = ContributionRecorded.CODEC.decode(r.value());
                    assertThat(r.key()).isEqualTo(e.contributorId());
                    if (e.status() == ContributionStatus.CONFIRMED) {
                        confirmed.put(e.labelId(), e);
                    }
                }
            }
        }
        return confirmed;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
