package dev.jury.rewards;

import dev.jury.events.ContributionRecorded;
import java.util.List;

/**
 * Where the service's {@link ContributionRecorded} events go: Kafka in production, a list in tests.
 */
@FunctionalInterface
public interface ContributionSink {

    /**
     * Publishes events durably before returning.
     *
     * @throws RuntimeException if they could not be published; the service retries them later
     */
    void publish(List<ContributionRecorded> events);
}
