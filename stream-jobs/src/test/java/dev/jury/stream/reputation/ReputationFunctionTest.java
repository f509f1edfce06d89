package dev.jury.stream.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.consensus.reputation.ReputationModel;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.ReputationUpdated;
import dev.jury.events.ResolutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ReputationFunction} driven through Flink's keyed operator test harness. */
class ReputationFunctionTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final List<KeyedOneInputStreamOperatorTestHarness<String, Evidence, ReputationUpdated>>
            harnesses = new ArrayList<>();

    @AfterEach
    void closeHarnesses() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    @Test
    @DisplayName("gold answers update the contributor's score, counts and confusion")
    void goldAnswersUpdateReputation() throws Exception {
        var harness = open();
        feed(harness, Evidence.fromLabel(gold("w1", "cat", "cat", T0)));
        feed(
                harness,
                Evidence.fromLabel(gold("w1", "dog", "cat", T0 + 1000)),
                Evidence.fromLabel(gold("w2", "cat", "cat", T0 + 2000)));

        List<ReputationUpdated> out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        ReputationUpdated w1 = only(out.subList(1, 3), "w1");
        assertThat(w1.contributorId()).isEqualTo("w1");
        assertThat(w1.projectId()).isEqualTo("p1");
        assertThat(w1.goldAnswered()).isEqualTo(2);
        assertThat(w1.goldCorrect()).isEqualTo(1);
        assertThat(w1.consensusAnswered()).isZero();
        assertThat(w1.confusion()).isEqualTo(Map.of("cat", Map.of("cat", 1L, "dog", 1L)));
        assertThat(w1.score()).as("one wrong answer costs").isLessThan(out.get(0).score());
        assertThat(w1.lowerBound()).isLessThanOrEqualTo(w1.score());
        assertThat(w1.eventId()).isEqualTo(ReputationFunction.eventId("w1", "p1", 2));
        assertThat(only(out.subList(1, 3), "w2").goldAnswered())
                .as("w2 has a record of their own")
                .isEqualTo(1);
        assertThat(w1.updatedAt()).isEqualTo(T0 + 1000);
    }

    @Test
    @DisplayName(
            "evidence arriving within one emit interval gives one event per contributor, with all"
                    + " of it; nothing is emitted before the interval ends, no timer is left after")
    void evidenceWithinAnIntervalIsEmittedOnce() throws Exception {
        var harness = open();
        for (int i = 0; i < 5; i++) {
            harness.processElement(
                    Evidence.fromLabel(gold("w1", i < 3 ? "cat" : "dog", "cat", T0 + i)), T0 + i);
        }
        harness.processElement(Evidence.fromLabel(gold("w2", "cat", "cat", T0)), T0);
        assertThat(harness.extractOutputValues()).as("before the interval ends").isEmpty();

        harness.setProcessingTime(harness.getProcessingTime() + INTERVAL.toMillis());
        List<ReputationUpdated> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(ReputationUpdated::contributorId)
                .containsExactlyInAnyOrder("w1", "w2");
        ReputationUpdated w1 = only(out, "w1");
        assertThat(w1.goldAnswered()).isEqualTo(5);
        assertThat(w1.goldCorrect()).isEqualTo(3);
        assertThat(w1.eventId()).isEqualTo(ReputationFunction.eventId("w1", "p1", 5));
        assertThat(harness.numEventTimeTimers() + harness.numProcessingTimeTimers()).isZero();

        harness.setProcessingTime(harness.getProcessingTime() + 10 * INTERVAL.toMillis());
        assertThat(harness.extractOutputValues()).as("nothing changed since").hasSize(2);
    }

    @Test
    @DisplayName(
            "the end of a bounded input (the final watermark) emits what is pending, once, even"
                    + " though processing time never reaches the interval's end")
    void endOfInputEmitsPendingChanges() throws Exception {
        var harness = open();
        harness.processElement(Evidence.fromLabel(gold("w1", "cat", "cat", T0)), T0);
        harness.processElement(Evidence.fromLabel(gold("w1", "dog", "cat", T0 + 1)), T0 + 1);

        harness.processWatermark(Long.MAX_VALUE);
        List<ReputationUpdated> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).goldAnswered()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers() + harness.numProcessingTimeTimers()).isZero();
        harness.setProcessingTime(harness.getProcessingTime() + INTERVAL.toMillis());
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    @DisplayName(
            "a final decision scores each of its labels once; an open item or a doubtful"
                    + " consensus scores nothing")
    void resolvedItemsUpdateReputation() throws Exception {
        var harness = open();
        double floor = ReputationModel.Parameters.defaults().minConsensusConfidence();
        feed(harness, Evidence.fromResolution(resolved(ResolutionStatus.NEEDS_MORE_LABELS, 0.99)));
        assertThat(harness.extractOutputValues()).isEmpty();
        feed(harness, Evidence.fromResolution(resolved(ResolutionStatus.EXHAUSTED, floor / 2)));
        assertThat(harness.extractOutputValues()).isEmpty();

        feed(harness, Evidence.fromResolution(resolved(ResolutionStatus.RESOLVED, 0.99)));
        List<ReputationUpdated> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(ReputationUpdated::contributorId)
                .containsExactlyInAnyOrder("w1", "w2");
        ReputationUpdated w1 = only(out, "w1");
        ReputationUpdated w2 = only(out, "w2");
        assertThat(w1.consensusAnswered()).isEqualTo(1);
        assertThat(w1.consensusAgreed()).isEqualTo(1);
        assertThat(w2.consensusAgreed()).as("w2 said dog").isZero();
        assertThat(w2.confusion()).isEqualTo(Map.of("cat", Map.of("dog", 1L)));
        assertThat(w1.score()).isGreaterThan(w2.score());
        assertThat(harness.numEventTimeTimers() + harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    @DisplayName("a snapshot restored into a new operator continues exactly as the original")
    void snapshotAndRestore() throws Exception {
        var original = open();
        feed(original, Evidence.fromLabel(gold("w1", "cat", "cat", T0)));
        // A change not emitted yet: its emission is part of the snapshot too.
        original.processElement(Evidence.fromLabel(gold("w3", "cat", "cat", T0)), T0);
        OperatorSubtaskState snapshot = original.snapshot(1L, T0);
        long snapshotTime = original.getProcessingTime();
        List<Evidence> rest = new ArrayList<>();
        rest.add(Evidence.fromLabel(gold("w1", "dog", "cat", T0 + 1000)));
        rest.addAll(Evidence.fromResolution(resolved(ResolutionStatus.RESOLVED, 0.95)));
        int before = original.extractOutputValues().size();
        feed(original, rest.toArray(Evidence[]::new));

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        // The clock the snapshot was taken at: the pending emission is due one interval later.
        restored.setProcessingTime(snapshotTime);
        feed(restored, rest.toArray(Evidence[]::new));

        List<ReputationUpdated> expected =
                original.extractOutputValues()
                        .subList(before, original.extractOutputValues().size());
        assertThat(expected)
                .extracting(ReputationUpdated::contributorId)
                .containsExactlyInAnyOrder("w1", "w2", "w3");
        expected = byContributor(expected);
        assertThat(withoutEmissionTime(byContributor(restored.extractOutputValues())))
                .isEqualTo(withoutEmissionTime(expected));
        assertThat(expected.get(0).goldAnswered()).as("restored state was used").isEqualTo(2);
    }

    private static ReputationUpdated only(List<ReputationUpdated> out, String contributor) {
        List<ReputationUpdated> of =
                out.stream().filter(r -> r.contributorId().equals(contributor)).toList();
        assertThat(of).as("updates of %s", contributor).hasSize(1);
        return of.get(0);
    }

    private static List<ReputationUpdated> byContributor(List<ReputationUpdated> out) {
        return out.stream()
                .sorted(java.util.Comparator.comparing(ReputationUpdated::contributorId))
                .toList();
    }

    private static List<ReputationUpdated> withoutEmissionTime(List<ReputationUpdated> events) {
        return events.stream()
                .map(
                        r ->
                                new ReputationUpdated(
                                        r.eventId(),
                                        r.schemaVersion(),
                                        T0,
                                        r.contributorId(),
                                        r.projectId(),
                                        r.score(),
                                        r.lowerBound(),
                                        r.goldAnswered(),
                                        r.goldCorrect(),
                                        r.consensusAnswered(),
                                        r.consensusAgreed(),
                                        r.confusion(),
                                        r.updatedAt()))
                .toList();
    }

    private static ItemResolved resolved(ResolutionStatus status, double confidence) {
        return new ItemResolved(
                UUID.randomUUID().toString(),
                ItemResolved.SCHEMA_VERSION,
                T0,
                "p1",
                "item-a",
                status,
                "cat",
                Map.of("cat", confidence, "dog", 1 - confidence),
                confidence,
                2,
                List.of(
                        new LabelAgreement("l1", "w1", "cat", confidence),
                        new LabelAgreement("l2", "w2", "dog", 1 - confidence)),
                "online-dawid-skene",
                2,
                T0 + 5000);
    }

    private static LabelSubmitted gold(String contributor, String answer, String truth, long at) {
        return LabelSubmitted.create(
                "l-" + contributor + at,
                "p1",
                "gold-" + at,
                contributor,
                LabelValue.ofChoice(answer),
                LabelValue.ofChoice(truth),
                null,
                null,
                at,
                1000);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Evidence, ReputationUpdated> harness()
            throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ReputationFunction(INTERVAL)),
                        Evidence::key,
                        Types.STRING);
        harnesses.add(harness);
        return harness;
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Evidence, ReputationUpdated> open()
            throws Exception {
        var harness = harness();
        harness.open();
        return harness;
    }

    /** Processes the evidence, then lets processing time pass one emit interval. */
    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Evidence, ReputationUpdated> harness,
            Evidence... evidence)
            throws Exception {
        for (Evidence e : evidence) {
            harness.processElement(e, e.at);
        }
        harness.setProcessingTime(harness.getProcessingTime() + INTERVAL.toMillis());
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Evidence, ReputationUpdated> harness,
            List<Evidence> evidence)
            throws Exception {
        feed(harness, evidence.toArray(Evidence[]::new));
    }
}
