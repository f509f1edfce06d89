package dev.jury.stream;

import dev.jury.consensus.online.StoppingRule;
import dev.jury.events.Events;
import dev.jury.events.JuryEvent;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.Topics;
import dev.jury.stream.kafka.EventSerializer;
import dev.jury.testsupport.CommittedTopic;
import dev.jury.testsupport.FlinkCheckpointStats;
import dev.jury.testsupport.FreePorts;
import dev.jury.testsupport.KafkaService;
import dev.jury.testsupport.TopicWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Configuration and Kafka plumbing shared by the stream-job ITs. */
final class TestHelper {
    /** Every item stops by its 7th label, so every item ends final in a short test. */
    static final StoppingRule TEST_RULE = new StoppingRule(3, 7, 0.9);

    private TestHelper() {}

    /**
     * A configuration with topics derived from the test name (created here), free local ports, fast
     * checkpoints, a bounded input and no restarts.
     */
    static StreamJobsConfig defaultConfig(String testName) {
        return defaultConfig(testName, 2);
    }

    /**
     * As {@link #defaultConfig(String)}, with the labels topic's partition count: one partition
     * gives one input order, so two runs of the same input must decide identically.
     */
    static StreamJobsConfig defaultConfig(String testName, int labelPartitions) {
        KafkaService kafka = KafkaService.shared();
        String base = testName.replaceAll("[^A-Za-z0-9]", "-") + "-" + System.nanoTime();
        String labels = base + ".labels";
        String resolved = base + ".resolved";
        String reputation = base + ".reputation";
        String metrics = base + ".metrics";
        kafka.createTopic(labels, labelPartitions);
        kafka.createTopic(resolved, 2);
        kafka.createTopic(reputation, 1);
        kafka.createTopic(metrics, 1);
        int[] ports = FreePorts.find(2);
        return StreamJobsConfig.defaults(kafka.bootstrapServers())
                .withTopics(labels, resolved, reputation, metrics, base)
                .withLocalPorts(ports[0], ports[1])
                .withRuntime(Duration.ofMillis(300), null, 0, true)
                .withStoppingRule(TEST_RULE);
    }

    static void produce(StreamJobsConfig config, List<LabelSubmitted> labels) {
        // Keyed by item and encoded by the topic's spec, as the job's own sinks write events.
        EventSerializer<LabelSubmitted> serializer =
                new EventSerializer<>(Topics.LABELS_SUBMITTED_SPEC, config.labelsTopic());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(labels.size());
        for (LabelSubmitted l : labels) {
            records.add(serializer.serialize(l, null, null));
        }
        // Big batches: the dataset replay sends a quarter of a million labels, which at the
        // default 16 KB batches took minutes on a loaded machine.
        TopicWriter.sendAll(
                config.bootstrapServers(),
                records,
                Map.of(
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        512 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"));
    }

    /** Everything committed on a topic, read with read_committed once no transaction is open. */
    static <T extends JuryEvent> List<T> readCommitted(
            StreamJobsConfig config, String topic, Class<T> type) {
        return CommittedTopic.read(config.bootstrapServers(), topic, Events.codec(type)::decode);
    }

    /** The transactional ids the broker knows under this configuration's sink prefix. */
    static Set<String> transactionalIds(StreamJobsConfig config) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                config.bootstrapServers()))) {
            return admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(config.transactionalIdPrefix()))
                    .collect(Collectors.toSet());
        }
    }

    /** Checkpoints the local MiniCluster completed for the job; 0 while its REST API is not up. */
    static long completedCheckpoints(StreamJobsConfig config, JobID job) throws Exception {
        try {
            return FlinkCheckpointStats.fetch(config.restPort(), job.toHexString()).completed();
        } catch (IOException notUpYet) {
            return 0;
        }
    }
}
