package dev.jury.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jury.consensus.Vote;
import dev.jury.consensus.online.StoppingRule;
import dev.jury.datasets.CrowdDataset;
import dev.jury.datasets.GoldAccuracy;
import dev.jury.datasets.SharedDatasets;
import dev.jury.events.EventCodec;
import dev.jury.events.Events;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.ResolutionStatus;
import dev.jury.stream.consensus.DirectConsensus;
import dev.jury.stream.consensus.DirectConsensus.Decision;
import dev.jury.testsupport.CommittedTopic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shared crowd dataset replayed through Kafka and the Consensus job gives exactly what the
 * online aggregator gives when fed the same labels in the same order directly ({@link
 * DirectConsensus}): the same decision, posterior and labels used for every item, hence the same
 * accuracy.
 *
 * <p>Which datasets: see {@link #DATASETS_PROPERTY}. Setup: each dataset is a project of its own;
 * its answers, shuffled with a fixed seed (the first order {@code ./jury bench consensus} uses),
 * become plain (non-gold) {@link LabelSubmitted} events on a one-partition topic, so the job sees
 * each project's labels in exactly that order. The job runs with its default stopping rule and
 * skepticism ({@link StoppingRule#defaults()}, the benchmark's {@code adaptive} mode): a label for
 * an item already final is not used, as in production. Truth is used for scoring only. One Kafka
 * broker and one MiniCluster run for all the datasets. Skipped, loudly, where the shared datasets
 * are absent.
 */
class DatasetReplayIT {
    private static final long SHUFFLE_SEED = 42;
    private static final long START = 1_767_225_600_000L;
    private static final long STEP_MILLIS = 10;

    /**
     * Datasets to replay, comma-separated, or {@code all} (the default: all six, 248 k labels,
     * about a minute on an idle 2-core machine; name one or two to iterate faster). An earlier run
     * of all six could not finish: one project's state passed the 5 MB a checkpoint may keep in the
     * JobManager's memory, so this test checkpoints to files.
     */
    static final String DATASETS_PROPERTY = "jury.replay.datasets";

    /** What the test keeps of an {@code ItemResolved}. */
    private record Revision(String projectId, String itemId, int revision, Decision decision) {}

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    @DisplayName(
            "each shared dataset through Kafka and the Consensus job decides every item exactly as"
                    + " the online aggregator fed directly")
    void replayMatchesTheDirectAggregator(TestInfo test, @TempDir Path checkpoints)
            throws Exception {
        Optional<Path> root = SharedDatasets.root();
        if (root.isEmpty()) {
            System.err.println(
                    "*** SKIPPED DatasetReplayIT: ../shared/datasets not found (set"
                            + " JURY_SHARED_DATASETS); replay parity NOT checked ***");
        }
        assumeTrue(root.isPresent(), "shared datasets not found");
        List<CrowdDataset> datasets = new ArrayList<>();
        for (String name : selectedNames()) {
            Optional<Path> dir = SharedDatasets.dataset(name);
            assertThat(dir).as("shared dataset %s in %s", name, root.get()).isPresent();
            datasets.add(CrowdDataset.load(dir.get()));
        }

        // Checkpoints to files, as in production: kept in the JobManager's memory (at most 5 MB per
        // state) they failed on the bigger datasets, whose projects hold a large model and many
        // open items.
        StreamJobsConfig config =
                TestHelper.defaultConfig(test.getDisplayName(), 1)
                        .withRuntime(
                                Duration.ofMillis(300), checkpoints.toUri().toString(), 0, true)
                        .withStoppingRule(StoppingRule.defaults());
        List<LabelSubmitted> labels = new ArrayList<>();
        Map<String, DirectConsensus> direct = new LinkedHashMap<>();
        for (CrowdDataset dataset : datasets) {
            DirectConsensus reference =
                    new DirectConsensus(config.stoppingRule(), config.skepticism());
            direct.put(dataset.name(), reference);
            List<Vote> order = new ArrayList<>(dataset.votes());
            Collections.shuffle(order, new Random(SHUFFLE_SEED));
            for (Vote v : order) {
                reference.observe(v.task(), v.worker(), v.label());
                labels.add(
                        LabelSubmitted.create(
                                dataset.name() + "-" + labels.size(),
                                dataset.name(),
                                v.task(),
                                v.worker(),
                                LabelValue.ofChoice(v.label()),
                                null,
                                null,
                                null,
                                START + STEP_MILLIS * labels.size(),
                                1000));
            }
        }

        long produceStart = System.nanoTime();
        TestHelper.produce(config, labels);
        long jobStart = System.nanoTime();
        JobClient job = StreamJobs.kafka(config).startLocal();
        job.getJobExecutionResult().get(600, TimeUnit.SECONDS);
        long readStart = System.nanoTime();
        EventCodec<ItemResolved> codec = Events.codec(ItemResolved.class);
        List<Revision> revisions =
                CommittedTopic.read(
                        config.bootstrapServers(),
                        config.itemsResolvedTopic(),
                        bytes -> revision(codec.decode(bytes)));
        long end = System.nanoTime();
        System.out.printf(
                "DatasetReplayIT: %d labels; produce %.1f s, job %.1f s, read %d decisions %.1f"
                        + " s%n",
                labels.size(),
                (jobStart - produceStart) / 1e9,
                (readStart - jobStart) / 1e9,
                revisions.size(),
                (end - readStart) / 1e9);

        Map<String, Map<String, Revision>> finals = new HashMap<>();
        Map<String, Long> revisionCounts = new HashMap<>();
        for (Revision r : revisions) {
            revisionCounts.merge(r.projectId(), 1L, Long::sum);
            finals.computeIfAbsent(r.projectId(), k -> new HashMap<>())
                    .merge(r.itemId(), r, (a, b) -> a.revision() >= b.revision() ? a : b);
        }
        System.out.printf(
                "%-10s %7s %7s %6s %9s %9s %10s %10s%n",
                "dataset",
                "labels",
                "used",
                "items",
                "resolved",
                "exhausted",
                "job_acc",
                "direct_acc");
        for (CrowdDataset dataset : datasets) {
            String name = dataset.name();
            DirectConsensus reference = direct.get(name);
            Map<String, Decision> expected = reference.decisions();
            Map<String, Decision> actual = new HashMap<>();
            finals.getOrDefault(name, Map.of())
                    .forEach((item, r) -> actual.put(item, r.decision()));

            assertThat(revisionCounts.getOrDefault(name, 0L))
                    .as("%s: one decision per label the aggregator accepted", name)
                    .isEqualTo(reference.accepted());
            assertThat(actual.keySet()).as("%s: items decided", name).isEqualTo(expected.keySet());
            List<String> differing =
                    expected.keySet().stream()
                            .filter(item -> !expected.get(item).equals(actual.get(item)))
                            .sorted()
                            .toList();
            assertThat(differing)
                    .as(
                            "%s: items decided differently, e.g. %s: job %s, direct %s",
                            name,
                            differing.isEmpty() ? "-" : differing.get(0),
                            differing.isEmpty() ? "-" : actual.get(differing.get(0)),
                            differing.isEmpty() ? "-" : expected.get(differing.get(0)))
                    .isEmpty();

            GoldAccuracy jobAccuracy = accuracy(dataset, actual);
            GoldAccuracy directAccuracy = accuracy(dataset, expected);
            assertThat(jobAccuracy.accuracy())
                    .as("%s accuracy", name)
                    .isEqualTo(directAccuracy.accuracy());
            System.out.printf(
                    "%-10s %7d %7d %6d %9d %9d %10.4f %10.4f%n",
                    name,
                    dataset.votes().size(),
                    reference.accepted(),
                    expected.size(),
                    count(expected, ResolutionStatus.RESOLVED),
                    count(expected, ResolutionStatus.EXHAUSTED),
                    jobAccuracy.accuracy(),
                    directAccuracy.accuracy());
        }
    }

    private static List<String> selectedNames() {
        String selected = System.getProperty(DATASETS_PROPERTY, "all");
        if (selected.isBlank() || selected.trim().equals("all")) {
            return SharedDatasets.NAMES;
        }
        return List.of(selected.trim().split("\\s*,\\s*"));
    }

    private static Revision revision(ItemResolved r) {
        return new Revision(
                r.projectId(),
                r.itemId(),
                r.revision(),
                new Decision(r.status(), r.label(), r.posterior(), r.labelsUsed()));
    }

    private static GoldAccuracy accuracy(CrowdDataset dataset, Map<String, Decision> decisions) {
        return GoldAccuracy.score(
                dataset.truth(),
                item -> {
                    Decision d = decisions.get(item);
                    return d == null ? null : d.posterior();
                });
    }

    private static long count(Map<String, Decision> decisions, ResolutionStatus status) {
        return decisions.values().stream().filter(d -> d.status() == status).count();
    }
}
