package dev.jury.stream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ResolutionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectMetricsWindow} over the {@link ProjectMetricsAggregate} fold, inside the window
 * operator the job builds (1-minute tumbling event-time windows keyed by project), driven by
 * Flink's keyed operator test harness.
 */
class ProjectMetricsWindowTest {
    private static final long START = 1_767_225_600_000L; // a window boundary
    private static final long MINUTE = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, MetricsInput, ProjectMetrics> harness;

    @BeforeEach
    void openHarness() throws Exception {
        WindowOperatorBuilder<MetricsInput, String, TimeWindow> builder =
                new WindowOperatorBuilder<>(
                        TumblingEventTimeWindows.of(Duration.ofMinutes(1)),
                        EventTimeTrigger.create(),
                        new ExecutionConfig(),
                        TypeInformation.of(MetricsInput.class),
                        m -> m.projectId,
                        Types.STRING);
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        builder.aggregate(
                                new ProjectMetricsAggregate(),
                                new ProjectMetricsWindow(),
                                MetricsAccumulatorSerializer.TYPE),
                        m -> m.projectId,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    @DisplayName(
            "a project's window fires when the watermark passes its end, with the window's"
                    + " labels, decisions and agreement, and its state and timer are cleared")
    void windowFiresAtTheWatermark() throws Exception {
        // Two items, three contributors who agree on each: perfect agreement.
        label("p1", "a", "w1", "cat", START + 1_000);
        label("p1", "a", "w2", "cat", START + 2_000);
        label("p1", "b", "w1", "dog", START + 3_000);
        label("p1", "b", "w3", "dog", START + 4_000);
        label("p1", "c", "w3", null, START + 5_000); // a multi-label answer counts as a label
        decision("p1", "a", ResolutionStatus.NEEDS_MORE_LABELS, 1, START + 1_000);
        decision("p1", "a", ResolutionStatus.RESOLVED, 2, START + 2_000);
        decision("p1", "b", ResolutionStatus.EXHAUSTED, 2, START + 4_000);
        label("p2", "x", "w9", "cat", START + 6_000);
        label("p1", "d", "w1", "cat", START + MINUTE + 1); // the next window
        assertThat(harness.numEventTimeTimers()).as("one per key and window").isEqualTo(3);

        harness.processWatermark(START + MINUTE - 2);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(START + MINUTE - 1);
        List<ProjectMetrics> out = harness.extractOutputValues();
        assertThat(out).extracting(ProjectMetrics::projectId).containsExactlyInAnyOrder("p1", "p2");
        ProjectMetrics p1 = out.stream().filter(m -> m.projectId().equals("p1")).findFirst().get();
        assertThat(p1.windowStart()).isEqualTo(START);
        assertThat(p1.windowEnd()).isEqualTo(START + MINUTE);
        assertThat(p1.labelsSubmitted()).isEqualTo(5);
        assertThat(p1.labelsPerMinute()).isEqualTo(5.0);
        assertThat(p1.activeContributors()).isEqualTo(3);
        assertThat(p1.itemsResolved()).isEqualTo(1);
        assertThat(p1.resolutionRate()).isEqualTo(1.0 / 3);
        assertThat(p1.meanLabelsPerItem()).isEqualTo(2.0);
        assertThat(p1.krippendorffAlpha()).isEqualTo(1.0);
        assertThat(p1.fleissKappa()).isEqualTo(1.0);
        assertThat(p1.eventId()).isEqualTo(ProjectMetricsWindow.eventId("p1", START));
        assertThat(harness.numEventTimeTimers()).as("only the next window's").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).as("fired windows are purged").isEqualTo(1);

        label("p1", "e", "w2", "cat", START + 30_000); // behind the watermark: dropped
        harness.processWatermark(START + 2 * MINUTE);
        List<ProjectMetrics> all = harness.extractOutputValues();
        assertThat(all).hasSize(3);
        assertThat(all.get(2).windowStart()).isEqualTo(START + MINUTE);
        assertThat(all.get(2).labelsSubmitted()).isEqualTo(1);
        assertThat(all.get(2).krippendorffAlpha())
                .as("one label: no agreement to measure")
                .isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    private void label(String project, String item, String contributor, String choice, long at)
            throws Exception {
        LabelValue value =
                choice == null
                        ? LabelValue.ofChoices(List.of("x", "y"))
                        : LabelValue.ofChoice(choice);
        LabelSubmitted l =
                LabelSubmitted.create(
                        "l-" + item + contributor,
                        project,
                        item,
                        contributor,
                        value,
                        null,
                        null,
                        null,
                        at,
                        1000);
        harness.processElement(MetricsInput.of(l), at);
    }

    private void decision(String project, String item, ResolutionStatus status, int labels, long at)
            throws Exception {
        ItemResolved r =
                new ItemResolved(
                        UUID.randomUUID().toString(),
                        ItemResolved.SCHEMA_VERSION,
                        at,
                        project,
                        item,
                        status,
                        "cat",
                        Map.of("cat", 0.9, "dog", 0.1),
                        0.9,
                        labels,
                        IntStream.range(0, labels)
                                .mapToObj(i -> new LabelAgreement("l" + i, "w" + i, "cat", 0.9))
                                .toList(),
                        "online-dawid-skene",
                        labels,
                        at);
        harness.processElement(MetricsInput.of(r), at);
    }
}
