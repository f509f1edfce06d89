package dev.jury.api.readmodels;

import dev.jury.events.ItemResolved;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ReputationUpdated;
import dev.jury.events.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds this instance's server-sent-event clients with item resolutions, reputation updates and
 * project metrics.
 *
 * <p>Why a second consumer: the table consumer ({@link ReadModelConsumer}) shares one group across
 * all API instances, so each event reaches only one of them, but a dashboard connected to any
 * instance must see every event. This consumer therefore takes every partition itself ({@code
 * assign}, no group, no commits) and starts at the end: a live feed has no history to catch up on,
 * and a restart simply continues from "now". Partitions that appear later (a topic created after
 * start) are read from their beginning, since all they hold is new. What it reads it publishes on
 * this instance's event bus ({@link #ADDRESS}), where each SSE connection filters what it may see.
 *
 * <p>The feed announces events; it is not the read model. It may run a moment ahead of the tables
 * (the table consumer may not have committed yet) and shows re-emitted or older revisions as they
 * come, so a dashboard that needs the settled state reads it from the REST endpoints.
 */
final class LiveFeed implements AutoCloseable {

    /** Event-bus address of the feed, local to this instance. */
    static final String ADDRESS = "jury.live-feed";

    /** Header naming the project of an event (absent for a contributor's global reputation). */
    static final String PROJECT = "projectId";

    /** Header naming the kind of event, as in the SSE {@code event:} line. */
    static final String KIND = "kind";

    static final String ITEM_RESOLVED = "item-resolved";
    static final String REPUTATION_UPDATED = "reputation-updated";
    static final String PROJECT_METRICS = "project-metrics";

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final List<String> TOPICS =
            List.of(Topics.ITEMS_RESOLVED, Topics.REPUTATION_UPDATED, Topics.PROJECT_METRICS);
    private static final long REFRESH_MILLIS = 10_000;

    private final Vertx vertx;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();
    private volatile boolean running = true;

    LiveFeed(Vertx vertx, String bootstrapServers) {
        this.vertx = vertx;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "jury-task-api-live-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.thread = new Thread(this::loop, "jury-live-feed");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Waits until the feed reads from the end of every partition it found at start. */
    boolean awaitPositioned(Duration timeout) {
        try {
            positioned.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void loop() {
        try {
            Set<TopicPartition> assigned = new HashSet<>();
            long nextRefresh = 0;
            while (running) {
                long now = System.currentTimeMillis();
                if (now >= nextRefresh) {
                    refresh(assigned);
                    nextRefresh = now + REFRESH_MILLIS;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(500);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    publish(record);
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("live feed stopped; dashboards get no more events from this instance", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Takes every partition of the feed's topics; new ones after the first look start at 0. */
    private void refresh(Set<TopicPartition> assigned) {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debug("live feed: no metadata for {} yet", topic);
                continue;
            }
            for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
                found.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition tp : found) {
            if (!assigned.contains(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            if (!positioned.isDone() && !found.isEmpty()) {
                positioned.complete(null);
            }
            return;
        }
        boolean first = assigned.isEmpty() && !positioned.isDone();
        assigned.addAll(added);
        consumer.assign(new ArrayList<>(assigned));
        if (first) {
            consumer.seekToEnd(added);
        } else {
            consumer.seekToBeginning(added);
        }
        for (TopicPartition tp : added) {
            consumer.position(tp); // Resolves the lazy seek now, so "the end" means now.
        }
        positioned.complete(null);
    }

    private void publish(ConsumerRecord<String, byte[]> record) {
        String kind;
        String project;
        String data;
        String eventId;
        try {
            switch (record.topic()) {
                case Topics.ITEMS_RESOLVED -> {
                    ItemResolved e = ItemResolved.CODEC.decode(record.value());
                    kind = ITEM_RESOLVED;
                    project = e.projectId();
                    eventId = e.eventId();
                    data = json(ItemResolved.CODEC.encode(e));
                }
                case Topics.REPUTATION_UPDATED -> {
                    ReputationUpdated e = ReputationUpdated.CODEC.decode(record.value());
                    kind = REPUTATION_UPDATED;
                    project = e.projectId();
                    eventId = e.eventId();
                    data = json(ReputationUpdated.CODEC.encode(e));
                }
                case Topics.PROJECT_METRICS -> {
                    ProjectMetrics e = ProjectMetrics.CODEC.decode(record.value());
                    kind = PROJECT_METRICS;
                    project = e.projectId();
                    eventId = e.eventId();
                    data = json(ProjectMetrics.CODEC.encode(e));
                }
                default -> {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // The table consumer logs and counts undecodable records; the feed just leaves them
            // out.
            return;
        }
        DeliveryOptions options = new DeliveryOptions().addHeader(KIND, kind);
        if (project != null) {
            options.addHeader(PROJECT, project);
        }
        // The codec writes compact JSON, one line, as an SSE data field needs.
        String frame = "event: " + kind + "\nid: " + eventId + "\ndata: " + data + "\n\n";
        vertx.eventBus().publish(ADDRESS, frame, options);
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
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
