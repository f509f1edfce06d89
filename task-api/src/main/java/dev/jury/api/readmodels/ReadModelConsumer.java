package dev.jury.api.readmodels;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code ItemResolved}, {@code ReputationUpdated}, {@code ProjectMetrics} and {@code
 * ContributionRecorded} to the read-model tables.
 *
 * <p>Delivery: each poll's records are applied in one database transaction, and their offsets are
 * committed to Kafka only after that transaction committed. A crash in between re-delivers them,
 * and {@link ReadModelWriter} skips every event whose id is already in {@code processed_events}:
 * the effect is exactly once. If the database refuses a batch, the consumer seeks back to the
 * batch's first offsets and retries with back-off, so nothing is skipped. Only records that cannot
 * be decoded are skipped (logged and counted in {@code jury.readmodel.undecodable}); retrying them
 * would stall their partition forever.
 *
 * <p>It reads with {@code isolation.level=read_committed}, so events of an aborted stream-job
 * transaction are never applied. All instances of a deployment share one consumer group (see {@link
 * ReadModelConfig#groupId()}): the tables live in the shared database, so one instance applying an
 * event is enough. The live feed needs every event on every instance and therefore has its own
 * consumer ({@link LiveFeed}).
 *
 * <p>It runs on its own thread because {@link KafkaConsumer#poll} blocks; the database calls are
 * asynchronous and awaited here, never on an event loop.
 */
final class ReadModelConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModelConsumer.class);

    private final Pool pool;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Runnable onItemsChanged;
    private final Thread thread;
    private final CompletableFuture<Void> assigned = new CompletableFuture<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final Counter appliedCounter;
    private final Counter undecodableCounter;
    private volatile boolean running = true;

    ReadModelConsumer(
            Pool pool,
            String bootstrapServers,
            ReadModelConfig config,
            MeterRegistry metrics,
            Runnable onItemsChanged) {
        this.pool = pool;
        this.onItemsChanged = onItemsChanged;
        this.consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers, config));
        this.appliedCounter =
                metrics == null
                        ? null
                        : Counter.builder("jury.readmodel.applied")
                                .description("Read-model events consumed and committed")
                                .register(metrics);
        this.undecodableCounter =
                metrics == null
                        ? null
                        : Counter.builder("jury.readmodel.undecodable")
                                .description("Read-model records skipped as undecodable")
                                .register(metrics);
        this.thread = new Thread(this::loop, "jury-read-models");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static Properties consumerConfig(String bootstrapServers, ReadModelConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "jury-task-api-read-models");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                config.startFromLatest() ? "latest" : "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Events applied (or found already applied) and committed since start. */
    long applied() {
        return applied.get();
    }

    /** Records skipped because they could not be decoded. */
    long undecodable() {
        return undecodable.get();
    }

    /**
     * Waits until the consumer owns its partitions and knows where it reads from, so that events
     * published after this returns are consumed even by a group that starts from "latest".
     */
    boolean awaitAssignment(Duration timeout) {
        try {
            assigned.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void loop() {
        try {
            consumer.subscribe(ReadModelWriter.TOPICS, new Positions());
            long backoffMillis = 0;
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    applyAndCommit(records);
                    backoffMillis = 0;
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    backoffMillis = Math.min(5_000, Math.max(200, backoffMillis * 2));
                    LOG.warn(
                            "read models: batch not applied, retrying in {} ms: {}",
                            backoffMillis,
                            e.toString());
                    rewind(records);
                    Thread.sleep(backoffMillis);
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll: leave the loop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("read-model consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void applyAndCommit(ConsumerRecords<String, byte[]> records) throws Exception {
        List<ReadModelWriter.Change> changes = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        boolean itemsChanged = false;
        for (ConsumerRecord<String, byte[]> record : records) {
            next.put(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
            try {
                ReadModelWriter.Change change =
                        ReadModelWriter.decode(record.topic(), record.value());
                changes.add(change);
                itemsChanged |= change.event() instanceof dev.jury.events.ItemResolved;
            } catch (RuntimeException e) {
                undecodable.incrementAndGet();
                if (undecodableCounter != null) {
                    undecodableCounter.increment();
                }
                LOG.warn(
                        "read models: skipping undecodable record {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }
        if (!changes.isEmpty()) {
            // One batched execution per statement, in record order within each: a round trip per
            // event kept the transaction (and its row locks on items) open for a scheduling of
            // the event loop per event, and under load the consumer fell minutes behind the
            // labels (the rel replay: 56 events/s applied against 200 labels/s). The statements
            // of different topics touch different tables, so their relative order is free.
            Map<String, List<Tuple>> bySql = new LinkedHashMap<>();
            for (ReadModelWriter.Change change : changes) {
                bySql.computeIfAbsent(change.sql(), k -> new ArrayList<>()).add(change.params());
            }
            await(
                    pool.withTransaction(
                            conn -> {
                                Future<Void> chain = Future.succeededFuture();
                                for (Map.Entry<String, List<Tuple>> e : bySql.entrySet()) {
                                    chain =
                                            chain.compose(
                                                    v ->
                                                            conn.preparedQuery(e.getKey())
                                                                    .executeBatch(e.getValue())
                                                                    .mapEmpty());
                                }
                                return chain;
                            }));
        }
        try {
            consumer.commitSync(next);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // The tables already hold the batch; whoever gets it again skips it by event id.
            LOG.info(
                    "read models: offset commit failed, the batch may be re-read: {}",
                    e.toString());
        }
        applied.addAndGet(changes.size());
        if (appliedCounter != null) {
            appliedCounter.increment(changes.size());
        }
        if (itemsChanged) {
            onItemsChanged.run();
        }
    }

    /** Seeks each partition of a failed batch back to its first record, to read it again. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(tp);
            if (!list.isEmpty() && consumer.assignment().contains(tp)) {
                consumer.seek(tp, list.get(0).offset());
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Resolves the read position of new partitions at once, then marks the consumer ready. */
    private final class Positions implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                consumer.position(tp);
            }
            if (!partitions.isEmpty()) {
                assigned.complete(null);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Offsets are committed after each batch; nothing is pending here.
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
