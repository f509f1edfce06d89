package dev.jury.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ReputationUpdated;
import dev.jury.events.ResolutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

class StreamJobsIT {
    private static final int ITEMS = 30;
    private static final int GOLD_ITEMS = 3;

    /** Enough checkpoints that ids named per checkpoint would outnumber a pool many times over. */
    private static final long MANY_CHECKPOINTS = 20;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    @DisplayName(
            "labels of a known-truth crowd come out as correct consensus, reputation and metrics")
    void consensusReputationAndMetrics(TestInfo test) throws Exception {
        StreamJobsConfig config = TestHelper.defaultConfig(test.getDisplayName());
        SyntheticCrowd crowd = new SyntheticCrowd("p1", ITEMS, GOLD_ITEMS, 42);
        TestHelper.produce(config, crowd.labels);

        JobClient job = StreamJobs.kafka(config).startLocal();
        job.getJobExecutionResult().get(150, TimeUnit.SECONDS);

        List<ItemResolved> resolved =
                TestHelper.readCommitted(config, config.itemsResolvedTopic(), ItemResolved.class);
        Map<String, ItemResolved> finals = assertEveryLabelCountedOnce(crowd, resolved);
        assertThat(finals).hasSize(ITEMS);
        long correct =
                finals.values().stream()
                        .filter(r -> r.label().equals(crowd.truth.get(r.itemId())))
                        .count();
        assertThat((double) correct / ITEMS).isGreaterThanOrEqualTo(0.9);
        assertThat(finals.values())
                .allSatisfy(
                        r -> assertThat(r.posterior().keySet()).isSubsetOf(SyntheticCrowd.CLASSES));

        List<ReputationUpdated> reputation =
                TestHelper.readCommitted(config, config.reputationTopic(), ReputationUpdated.class);
        Map<String, ReputationUpdated> latest = new HashMap<>();
        for (ReputationUpdated r : reputation) {
            latest.merge(
                    r.contributorId(),
                    r,
                    (a, b) ->
                            a.goldAnswered() + a.consensusAnswered()
                                            >= b.goldAnswered() + b.consensusAnswered()
                                    ? a
                                    : b);
        }
        assertThat(latest).hasSize(SyntheticCrowd.CONTRIBUTORS);
        assertThat(latest.values())
                .allSatisfy(
                        r -> {
                            assertThat(r.projectId()).isEqualTo("p1");
                            assertThat(r.goldAnswered()).isEqualTo(GOLD_ITEMS);
                        });
        long consensusComparisons =
                latest.values().stream().mapToLong(ReputationUpdated::consensusAnswered).sum();
        assertThat(consensusComparisons).isPositive();

        List<ProjectMetrics> metrics =
                TestHelper.readCommitted(config, config.metricsTopic(), ProjectMetrics.class);
        assertThat(metrics.stream().mapToLong(ProjectMetrics::labelsSubmitted).sum())
                .as("every label, gold and late ones included, lands in exactly one window")
                .isEqualTo(crowd.labels.size());
        assertThat(metrics.stream().mapToLong(ProjectMetrics::itemsResolved).sum())
                .isEqualTo(
                        finals.values().stream()
                                .filter(r -> r.status() == ResolutionStatus.RESOLVED)
                                .count());
        assertThat(metrics)
                .allSatisfy(m -> assertThat(m.windowEnd() - m.windowStart()).isEqualTo(60_000));
        assertThat(metrics.stream().filter(m -> m.krippendorffAlpha() != null))
                .allSatisfy(m -> assertThat(m.krippendorffAlpha()).isGreaterThan(0.3));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("the sinks reuse a few transactional ids, however many checkpoints the job takes")
    void transactionalIdsAreReused(TestInfo test) throws Exception {
        // Every transactional id a producer registers stays in the broker's memory and its
        // transaction log for transactional.id.expiration.ms (7 days by default). Named after the
        // checkpoint, as the sink does by default, a job at 4 checkpoints a second registers a
        // million ids a day per sink and subtask.
        StreamJobsConfig config =
                TestHelper.defaultConfig(test.getDisplayName())
                        .withRuntime(Duration.ofMillis(100), null, 0, false);
        TestHelper.produce(config, new SyntheticCrowd("p1", ITEMS, GOLD_ITEMS, 7).labels);
        JobClient job = StreamJobs.kafka(config).startLocal();
        try {
            long completed = 0;
            for (int poll = 0; poll < 600 && completed < MANY_CHECKPOINTS; poll++) {
                Thread.sleep(100);
                completed = TestHelper.completedCheckpoints(config, job.getJobID());
            }
            assertThat(completed).isGreaterThanOrEqualTo(MANY_CHECKPOINTS);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        Set<String> ids = TestHelper.transactionalIds(config);
        // Three sinks at parallelism 1, each with a small pool: one id in use, one committing.
        assertThat(ids).isNotEmpty().hasSizeLessThanOrEqualTo(3 * 2);
    }

    /**
     * For every item: revisions 1..n each exactly once, exactly one final decision and it is the
     * last, and the labels aggregated are the item's first n labels in submission order.
     *
     * @return the final decision per item
     */
    static Map<String, ItemResolved> assertEveryLabelCountedOnce(
            SyntheticCrowd crowd, List<ItemResolved> resolved) {
        Map<String, List<String>> labelsByItem = new HashMap<>();
        for (LabelSubmitted l : crowd.labels) {
            if (!l.gold()) {
                labelsByItem.computeIfAbsent(l.itemId(), k -> new ArrayList<>()).add(l.labelId());
            }
        }
        Map<String, List<ItemResolved>> byItem =
                resolved.stream().collect(Collectors.groupingBy(ItemResolved::itemId));
        assertThat(byItem.keySet()).isEqualTo(labelsByItem.keySet());
        Map<String, ItemResolved> finals = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        for (Map.Entry<String, List<ItemResolved>> e : byItem.entrySet()) {
            List<ItemResolved> events = new ArrayList<>(e.getValue());
            events.sort(Comparator.comparingInt(ItemResolved::revision));
            for (int i = 0; i < events.size(); i++) {
                ItemResolved r = events.get(i);
                assertThat(r.revision()).as("revisions of %s", e.getKey()).isEqualTo(i + 1);
                assertThat(r.labelsUsed()).isEqualTo(i + 1);
                assertThat(eventIds.add(r.eventId())).isTrue();
                boolean last = i == events.size() - 1;
                assertThat(r.status() != ResolutionStatus.NEEDS_MORE_LABELS)
                        .as("only the last revision of %s is final", e.getKey())
                        .isEqualTo(last);
            }
            ItemResolved last = events.get(events.size() - 1);
            List<String> used = last.agreements().stream().map(LabelAgreement::labelId).toList();
            assertThat(used).isEqualTo(labelsByItem.get(e.getKey()).subList(0, last.labelsUsed()));
            finals.put(e.getKey(), last);
        }
        return finals;
    }
}
