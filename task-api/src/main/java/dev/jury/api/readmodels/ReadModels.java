package dev.jury.api.readmodels;

import dev.jury.api.ApiServices;
import dev.jury.api.ApiVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read models of the task API, wired in one place: the routes (always), and, when Kafka is
 * configured, the consumer that fills the tables and the live feed for dashboards.
 *
 * <p>With several API instances the two consumers split the work differently, on purpose: the table
 * consumer uses one shared group ({@link ReadModelConfig#groupId()}), so each event is applied once
 * to the shared database; the live feed reads every partition on every instance ({@link LiveFeed}),
 * so each instance's SSE clients see every event.
 */
public final class ReadModels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModels.class);

    private final ReadModelConsumer consumer;
    private final LiveFeed feed;

    private ReadModels(ReadModelConsumer consumer, LiveFeed feed) {
        this.consumer = consumer;
        this.feed = feed;
    }

    /**
     * Adds the read-model routes to {@code extras} and starts the consumers if Kafka is configured.
     * Call before the HTTP verticles are deployed.
     *
     * @param vertx the application's Vert.x
     * @param services the shared services
     * @param config the consumer settings
     * @param extras the route list the verticles mount
     * @return the running read models; close them to stop the consumers
     */
    public static ReadModels install(
            Vertx vertx,
            ApiServices services,
            ReadModelConfig config,
            List<ApiVerticle.ExtraRoutes> extras) {
        extras.add(new ReadModelRoutes(services.pool(), services.projects()));
        extras.add(
                new ModerationRoutes(services.pool(), services.projects(), services.tokenAuth()));
        extras.add(new LiveFeedRoutes(services.projects()));
        String bootstrap = services.config().kafkaBootstrap();
        if (bootstrap == null) {
            LOG.warn("no Kafka configured: read models and the live feed stay as they are");
            return new ReadModels(null, null);
        }
        MeterRegistry metrics =
                services.metricsRegistry() == null
                        ? null
                        : BackendRegistries.getNow(services.metricsRegistry());
        LiveFeed feed = new LiveFeed(vertx, bootstrap);
        ReadModelConsumer consumer =
                new ReadModelConsumer(
                        services.pool(),
                        bootstrap,
                        config,
                        metrics,
                        () -> services.itemListeners().forEach(Runnable::run));
        return new ReadModels(consumer, feed);
    }

    /**
     * Waits until both consumers read from their partitions, so that anything published afterwards
     * is seen (tests start their groups at "latest"). True at once without Kafka.
     *
     * @param timeout how long to wait
     * @return whether both are ready
     */
    public boolean awaitReady(Duration timeout) {
        if (consumer == null) {
            return true;
        }
        return consumer.awaitAssignment(timeout) && feed.awaitPositioned(timeout);
    }

    /** Events applied to the tables since start (0 without Kafka). */
    public long applied() {
        return consumer == null ? 0 : consumer.applied();
    }

    /** Records skipped as undecodable since start (0 without Kafka). */
    public long undecodable() {
        return consumer == null ? 0 : consumer.undecodable();
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
        if (feed != null) {
            feed.close();
        }
    }
}
