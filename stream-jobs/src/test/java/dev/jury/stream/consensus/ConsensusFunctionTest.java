package dev.jury.stream.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.consensus.online.OnlineDawidSkene;
import dev.jury.consensus.online.StoppingRule;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.ResolutionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsensusFunction} driven through Flink's keyed operator test harness: real keyed state,
 * real state serializers and real snapshots, without a cluster.
 */
class ConsensusFunctionTest {
    private static final String PROJECT = "p1";
    private static final long T0 = 1_767_225_600_000L;
    private static final Duration RETENTION = Duration.ofHours(1);

    private final List<KeyedOneInputStreamOperatorTestHarness<String, LabelSubmitted, ItemResolved>>
            harnesses = new ArrayList<>();
    private int labelCount;

    @AfterEach
    void closeHarnesses() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    @Test
    @DisplayName(
            "event ids are the name-based UUIDs the JDK derives, so re-produced events keep them")
    void eventIdsAreTheJdksNameBasedUuids() {
        for (String item : List.of("item-a", "ítem-ü", "x")) {
            for (int revision = 1; revision <= 3; revision++) {
                String name =
                        "item-resolved\u0000" + PROJECT + "\u0000" + item + "\u0000" + revision;
                assertThat(ConsensusFunction.eventId(PROJECT, item, revision))
                        .isEqualTo(
                                UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
                                        .toString());
            }
        }
    }

    @Test
    @DisplayName(
            "every accepted label emits a revision; the stopping rule read on the online model"
                    + " decides when the item is final")
    void emitsARevisionPerLabelAndStopsWhenTheRuleSays() throws Exception {
        StoppingRule rule = new StoppingRule(2, 3, 0.999);
        var harness = open(rule, 0.5);
        List<LabelSubmitted> labels =
                List.of(
                        label("item-a", "w1", "cat"),
                        label("item-a", "w2", "dog"),
                        label("item-a", "w3", "cat"));
        for (LabelSubmitted l : labels) {
            harness.processElement(l, l.submittedAt());
        }

        List<ItemResolved> out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        // The same labels, in the same order, fed straight into the online aggregator.
        OnlineDawidSkene direct =
                new OnlineDawidSkene(List.of("cat", "dog"), OnlineDawidSkene.Config.defaults());
        for (int i = 0; i < labels.size(); i++) {
            LabelSubmitted l = labels.get(i);
            direct.observe(l.itemId(), l.contributorId(), l.label().choice());
            ItemResolved r = out.get(i);
            // Read as the function reads it (posterior, then cautious confidence): reads refresh
            // the model's caches, so the same reads in the same order give the same numbers.
            Map<String, Double> directPosterior = direct.posterior("item-a");
            double cautious = direct.cautiousConfidence("item-a", 0.5);
            // The job learns classes as labels bring them: on the first label it knows one.
            Map<String, Double> posterior = i == 0 ? Map.of("cat", 1.0) : directPosterior;
            assertThat(r.revision()).isEqualTo(i + 1);
            assertThat(r.labelsUsed()).isEqualTo(i + 1);
            assertThat(r.posterior()).isEqualTo(posterior);
            assertThat(r.label())
                    .isEqualTo(
                            posterior.getOrDefault("cat", 0.0) >= posterior.getOrDefault("dog", 0.0)
                                    ? "cat"
                                    : "dog");
            assertThat(r.confidence()).isEqualTo(posterior.get(r.label()));
            assertThat(r.aggregator()).isEqualTo(ConsensusFunction.AGGREGATOR);
            assertThat(r.resolvedAt()).isEqualTo(l.submittedAt());
            assertThat(r.eventId()).isEqualTo(ConsensusFunction.eventId(PROJECT, "item-a", i + 1));
            assertThat(r.agreements())
                    .extracting(LabelAgreement::labelId)
                    .containsExactlyElementsOf(
                            labels.subList(0, i + 1).stream()
                                    .map(LabelSubmitted::labelId)
                                    .toList());
            assertThat(r.agreements())
                    .allSatisfy(a -> assertThat(a.agreement()).isEqualTo(posterior.get(a.label())));
            StoppingRule.Decision expected =
                    i == 0 ? StoppingRule.Decision.NEEDS_MORE : rule.decide(cautious, i + 1);
            assertThat(r.status().name())
                    .isEqualTo(
                            expected == StoppingRule.Decision.NEEDS_MORE
                                    ? "NEEDS_MORE_LABELS"
                                    : expected.name());
        }
        assertThat(out.get(0).status())
                .as("below minLabels")
                .isEqualTo(ResolutionStatus.NEEDS_MORE_LABELS);
        assertThat(out.get(2).status())
                .as("a split vote at maxLabels runs out of budget")
                .isEqualTo(ResolutionStatus.EXHAUSTED);
        assertThat(harness.numProcessingTimeTimers())
                .as("one sweep of remembered final items per project")
                .isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    @DisplayName("an item the model is confident about resolves before its label budget is spent")
    void confidentItemResolvesEarly() throws Exception {
        var harness = open(new StoppingRule(2, 10, 0.6), 0.0);
        feed(harness, label("item-a", "w1", "cat"), label("item-a", "w2", "cat"));

        List<ItemResolved> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(ItemResolved::status)
                .containsExactly(ResolutionStatus.NEEDS_MORE_LABELS, ResolutionStatus.RESOLVED);
        assertThat(out.get(1).label()).isEqualTo("cat");
        assertThat(out.get(1).confidence()).isGreaterThanOrEqualTo(0.6);
    }

    @Test
    @DisplayName("a LabelSubmitted delivered twice (same event id) is counted once")
    void redeliveredLabelCountsOnce() throws Exception {
        var harness = open(new StoppingRule(3, 5, 0.999), 0.5);
        LabelSubmitted first = label("item-a", "w1", "cat");
        feed(harness, first, first, label("item-a", "w2", "cat"), first);

        List<ItemResolved> out = harness.extractOutputValues();
        assertThat(out).extracting(ItemResolved::revision).containsExactly(1, 2);
        assertThat(out.get(1).agreements())
                .extracting(LabelAgreement::contributorId)
                .containsExactly("w1", "w2");
    }

    @Test
    @DisplayName(
            "a final item's labels leave the state; later labels are ignored until the"
                    + " retention expires")
    void finalItemStateIsCleared() throws Exception {
        var harness = open(new StoppingRule(2, 2, 0.999), 0.5);
        harness.setProcessingTime(0);
        feed(harness, label("item-a", "w1", "cat"), label("item-b", "w1", "dog"));
        assertThat(projectState(harness).openItems).containsOnlyKeys("item-a", "item-b");
        assertThat(projectState(harness).model.itemCount()).isEqualTo(2);

        feed(harness, label("item-a", "w2", "cat"));
        assertThat(harness.extractOutputValues())
                .last()
                .satisfies(
                        r ->
                                assertThat(r.status())
                                        .as("final: resolved or out of budget")
                                        .isNotEqualTo(ResolutionStatus.NEEDS_MORE_LABELS));
        ProjectConsensus state = projectState(harness);
        assertThat(state.openItems).containsOnlyKeys("item-b");
        assertThat(state.model.itemCount()).as("the model forgot item-a").isEqualTo(1);
        assertThat(state.model.workerCount()).as("its evidence about w1, w2 stays").isEqualTo(2);
        assertThat(state.estimatedBytes())
                .as("the running size estimate matches one counted afresh")
                .isEqualTo(new ProjectConsensus(state.model, state.openItems).estimatedBytes());

        int before = harness.extractOutputValues().size();
        feed(harness, label("item-a", "w3", "dog"));
        assertThat(harness.extractOutputValues()).as("late label ignored").hasSize(before);

        // Sweeps run every tenth of the retention and re-arm while items are remembered.
        long sweep = ConsensusFunction.sweepInterval(RETENTION).toMillis();
        harness.setProcessingTime(RETENTION.toMillis() - 1);
        feed(harness, label("item-a", "w4", "dog"));
        assertThat(harness.extractOutputValues()).as("still remembered").hasSize(before);
        harness.setProcessingTime(RETENTION.toMillis() + sweep);
        assertThat(harness.numProcessingTimeTimers()).as("nothing left to sweep").isZero();
        feed(harness, label("item-a", "w4", "dog"));
        assertThat(harness.extractOutputValues())
                .hasSize(before + 1)
                .last()
                .satisfies(r -> assertThat(r.revision()).as("opened afresh").isEqualTo(1));
    }

    @Test
    @DisplayName("gold answers emit nothing but weigh on the contributor's next labels")
    void goldAnswersTeachTheModel() throws Exception {
        StoppingRule rule = new StoppingRule(5, 10, 0.999);
        var withGold = open(rule, 0.5);
        var withoutGold = open(rule, 0.5);
        LabelSubmitted gold =
                LabelSubmitted.create(
                        "gold-1",
                        PROJECT,
                        "gold-item",
                        "w1",
                        LabelValue.ofChoice("dog"),
                        LabelValue.ofChoice("cat"),
                        null,
                        null,
                        T0,
                        1000);
        feed(withGold, gold);
        assertThat(withGold.extractOutputValues()).isEmpty();

        LabelSubmitted next = label("item-a", "w1", "dog");
        feed(withGold, next);
        feed(withoutGold, next);
        assertThat(withGold.extractOutputValues().get(0).posterior().get("dog"))
                .as("w1 was wrong on gold, so their 'dog' counts for less")
                .isLessThan(withoutGold.extractOutputValues().get(0).posterior().get("dog"));
    }

    @Test
    @DisplayName(
            "a posterior renormalised without the unseen class stays within [0, 1], or the"
                    + " event would be refused and the task fail on that label forever")
    void reportedPosteriorIsAProbability() {
        // 0.9999950738232689 / (1 - 4.926176731201437e-06) is 1.0000000000000002 in doubles.
        Map<String, Double> reported =
                ConsensusFunction.reported(
                        Map.of(
                                "cat",
                                0.9999950738232689,
                                ProjectConsensus.UNSEEN,
                                4.926176731201437e-06));
        assertThat(reported).containsOnlyKeys("cat");
        assertThat(reported.get("cat")).isEqualTo(1.0);
        assertThat(ConsensusFunction.reported(Map.of("cat", Math.nextUp(1.0))).get("cat"))
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("multi-label answers are skipped: ItemResolved v1 is single-choice")
    void multiLabelAnswersAreSkipped() throws Exception {
        var harness = open(StoppingRule.defaults(), 0.5);
        feed(
                harness,
                LabelSubmitted.create(
                        "l-multi",
                        PROJECT,
                        "item-a",
                        "w1",
                        LabelValue.ofChoices(List.of("a", "b")),
                        null,
                        null,
                        null,
                        T0,
                        1000));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    @DisplayName("a snapshot restored into a new operator continues exactly as the original")
    void snapshotAndRestoreGiveIdenticalOutput() throws Exception {
        // Items stay open to the fourth label, so the state cut holds open items and a model.
        StoppingRule rule = new StoppingRule(2, 4, 0.99999);
        List<LabelSubmitted> labels = new ArrayList<>();
        String[] classes = {"cat", "dog", "bird"};
        for (int round = 0; round < 4; round++) {
            for (int item = 0; item < 6; item++) {
                int worker = (item + round) % 5;
                String choice = classes[(item + (round == 3 && item % 2 == 0 ? 1 : 0)) % 3];
                labels.add(label("item-" + item, "w" + worker, choice));
            }
        }
        int cut = labels.size() / 2;
        var original = open(rule, 0.5);
        feed(original, labels.subList(0, cut).toArray(LabelSubmitted[]::new));
        OperatorSubtaskState snapshot = original.snapshot(1L, T0);
        int emittedBeforeCut = original.extractOutputValues().size();
        feed(original, labels.subList(cut, labels.size()).toArray(LabelSubmitted[]::new));

        var restored = harness(rule, 0.5);
        restored.initializeState(snapshot);
        restored.open();
        feed(restored, labels.subList(cut, labels.size()).toArray(LabelSubmitted[]::new));

        List<ItemResolved> expected =
                original.extractOutputValues()
                        .subList(emittedBeforeCut, original.extractOutputValues().size());
        assertThat(expected).isNotEmpty();
        assertThat(comparable(restored.extractOutputValues())).isEqualTo(comparable(expected));
        assertThat(expected)
                .anySatisfy(
                        r ->
                                assertThat(r.status())
                                        .isNotEqualTo(ResolutionStatus.NEEDS_MORE_LABELS));
    }

    /** The events with one {@code occurredAt}: it is the wall-clock time of emission. */
    private static List<ItemResolved> comparable(List<ItemResolved> events) {
        return events.stream()
                .map(
                        r ->
                                new ItemResolved(
                                        r.eventId(),
                                        r.schemaVersion(),
                                        T0,
                                        r.projectId(),
                                        r.itemId(),
                                        r.status(),
                                        r.label(),
                                        r.posterior(),
                                        r.confidence(),
                                        r.labelsUsed(),
                                        r.agreements(),
                                        r.aggregator(),
                                        r.revision(),
                                        r.resolvedAt()))
                .toList();
    }

    private KeyedOneInputStreamOperatorTestHarness<String, LabelSubmitted, ItemResolved> harness(
            StoppingRule rule, double skepticism) throws Exception {
        // Not ProcessFunctionTestHarnesses: it opens the harness, and a harness to restore must
        // be initialised from the snapshot before it opens.
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new ConsensusFunction(rule, skepticism, RETENTION)),
                        LabelSubmitted::projectId,
                        Types.STRING);
        harnesses.add(harness);
        return harness;
    }

    private KeyedOneInputStreamOperatorTestHarness<String, LabelSubmitted, ItemResolved> open(
            StoppingRule rule, double skepticism) throws Exception {
        var harness = harness(rule, skepticism);
        harness.open();
        return harness;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, LabelSubmitted, ItemResolved> harness,
            LabelSubmitted... labels)
            throws Exception {
        for (LabelSubmitted l : labels) {
            harness.processElement(l, l.submittedAt());
        }
    }

    /** The project's consensus state as the operator's keyed state backend holds it. */
    private static ProjectConsensus projectState(
            KeyedOneInputStreamOperatorTestHarness<String, LabelSubmitted, ItemResolved> harness)
            throws Exception {
        @SuppressWarnings("unchecked")
        var operator =
                (KeyedProcessOperator<String, LabelSubmitted, ItemResolved>) harness.getOperator();
        operator.setCurrentKey(PROJECT);
        ValueState<ProjectConsensus> state =
                operator.getKeyedStateBackend()
                        .getPartitionedState(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                new ValueStateDescriptor<>(
                                        "project-consensus", new ProjectConsensusSerializer()));
        return state.value();
    }

    private LabelSubmitted label(String item, String contributor, String choice) {
        int n = labelCount++;
        return LabelSubmitted.create(
                "label-" + n,
                PROJECT,
                item,
                contributor,
                LabelValue.ofChoice(choice),
                null,
                null,
                null,
                T0 + 1000L * n,
                1000);
    }
}
