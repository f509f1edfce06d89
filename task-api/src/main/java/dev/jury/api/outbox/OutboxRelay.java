package dev.jury.api.outbox;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox to Kafka, oldest row first, and deletes rows only after Kafka acknowledged
 * them ({@code acks=all}, idempotent producer).
 *
 * <p>One relay publishes at a time across all API instances: each cycle runs in a transaction that
 * holds a PostgreSQL advisory lock, so rows go out in id order and keep their per-key order. If
 * Kafka is down the cycle rolls back and retries with back-off; the rows wait. A crash after Kafka
 * acknowledged but before the delete commits re-sends those rows: delivery is at least once, and
 * consumers drop the repeat by the event's id.
 *
 * <p>It runs on its own thread because a Kafka producer blocks while it has no metadata, and that
 * must never happen on an event loop.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    /** Advisory lock key: "jury-outbox". */
    static final long LOCK_KEY = 0x6a757279L;

    static final int BATCH = 1_000;

    /**
     * Least time between two cycles when a wake arrives right after one: every submit wakes the
     * relay, and a cycle costs five statements (begin, lock, read, delete, commit) however few rows
     * it sends, so without this a busy API ran about one cycle per label. Waiting this long lets
     * the labels of the meantime go out together; it is also the most it delays an event.
     */
    static final long COALESCE_MILLIS = 20;

    /**
     * Longest wait between two looks when nothing woke the relay: each empty look doubles the wait
     * from the configured interval up to this (a wake starts over), so an idle relay does not poll
     * the database ten times a second. Rows written by another instance wait at most this.
     */
    static final long MAX_IDLE_MILLIS = 1_000;

    private final Pool pool;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration interval;
    private final Thread thread;
    private final Object signal = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    private volatile boolean wakeRequested;
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    /**
     * Starts the relay.
     *
     * @param pool the database
     * @param bootstrapServers Kafka
     * @param interval how often to look for rows when nothing woke the relay
     */
    public OutboxRelay(Pool pool, String bootstrapServers, Duration interval) {
        this.pool = pool;
        this.interval = interval;
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers));
        this.thread = new Thread(this::loop, "jury-outbox-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static Properties producerConfig(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "jury-task-api-outbox");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Asks the relay to run a cycle now, e.g. after a label committed. Cheap; never blocks. */
    public void wake() {
        if (!wakeRequested) {
            wakeRequested = true;
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    /** Events this relay published since it started. */
    public long published() {
        return published.get();
    }

    /** Cycles (transactions) this relay ran, sending or not; with {@link #published} a cost. */
    public long cycles() {
        return cycles.get();
    }

    /** False while Kafka or the database refuses the relay's work. */
    public boolean healthy() {
        return healthy;
    }

    private void loop() {
        long backoffMillis = 0;
        long idleMillis = interval.toMillis();
        long lastCycleEnd = 0;
        SqlConnection conn = null;
        while (running) {
            try {
                if (backoffMillis > 0) {
                    sleep(backoffMillis);
                } else if (!wakeRequested) {
                    synchronized (signal) {
                        if (!wakeRequested && running) {
                            signal.wait(idleMillis);
                        }
                    }
                }
                if (wakeRequested) {
                    idleMillis = interval.toMillis();
                    long sinceLast = (System.nanoTime() - lastCycleEnd) / 1_000_000;
                    if (backoffMillis == 0 && sinceLast < COALESCE_MILLIS) {
                        sleep(COALESCE_MILLIS - sinceLast);
                    }
                }
                wakeRequested = false;
                if (!running) {
                    break;
                }
                if (conn == null) {
                    conn = await(pool.getConnection());
                }
                int sent;
                long total = 0;
                do {
                    sent = cycle(conn);
                    total += sent;
                } while (sent == BATCH && running);
                lastCycleEnd = System.nanoTime();
                idleMillis =
                        total > 0
                                ? interval.toMillis()
                                : Math.min(
                                        Math.max(MAX_IDLE_MILLIS, interval.toMillis()),
                                        idleMillis * 2);
                backoffMillis = 0;
                healthy = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (healthy) {
                    LOG.warn(
                            "outbox relay cannot publish; events wait in the outbox: {}",
                            e.toString());
                }
                healthy = false;
                backoffMillis = Math.min(5_000, Math.max(100, backoffMillis * 2));
                if (conn != null) {
                    // cycle() already rolled its transaction back; closing the connection ends
                    // whatever a broken connection still held. (A second ROLLBACK here only made
                    // PostgreSQL warn "there is no transaction in progress".)
                    conn.close();
                    conn = null;
                }
            }
        }
        if (conn != null) {
            conn.close();
        }
    }

    /** One transaction: lock, read a batch, publish it, delete it. Returns rows published. */
    private int cycle(SqlConnection conn) throws Exception {
        cycles.incrementAndGet();
        await(conn.query("BEGIN").execute());
        boolean committed = false;
        try {
            Row lock =
                    await(
                                    conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                                            .execute(Tuple.of(LOCK_KEY)))
                            .iterator()
                            .next();
            if (!lock.getBoolean(0)) {
                return 0; // Another instance is relaying.
            }
            List<Long> ids = new ArrayList<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Row row :
                    await(
                            conn.preparedQuery(
                                            "SELECT id, topic, record_key, payload FROM outbox ORDER BY id LIMIT $1")
                                    .execute(Tuple.of(BATCH)))) {
                ids.add(row.getLong("id"));
                acks.add(
                        producer.send(
                                new ProducerRecord<>(
                                        row.getString("topic"),
                                        row.getString("record_key"),
                                        row.getString("payload")
                                                .getBytes(StandardCharsets.UTF_8))));
            }
            if (ids.isEmpty()) {
                return 0;
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
            await(
                    conn.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                            .execute(Tuple.tuple().addArrayOfLong(ids.toArray(new Long[0]))));
            await(conn.query("COMMIT").execute());
            committed = true;
            published.addAndGet(ids.size());
            return ids.size();
        } finally {
            if (!committed) {
                await(conn.query("ROLLBACK").execute());
            }
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private void sleep(long millis) throws InterruptedException {
        synchronized (signal) {
            if (running) {
                signal.wait(millis);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
