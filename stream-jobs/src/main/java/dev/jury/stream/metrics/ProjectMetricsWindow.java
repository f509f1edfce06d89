package dev.jury.stream.metrics;

import dev.jury.consensus.agreement.AgreementAccumulator;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ResolutionStatus;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns one project's window of labels and consensus decisions into {@link ProjectMetrics}.
 *
 * <p>Agreement (Krippendorff's alpha, Fleiss' kappa) is over the single-choice labels of the
 * window, grouped by item: an item labelled across two windows counts in each with the labels it
 * got there. The window keeps its inputs until it fires (a minute of one project's labels), so the
 * state is bounded by the label rate; an incremental aggregate is the next step if that ever
 * matters. Inputs later than the watermark are dropped by the window operator and counted in its
 * {@code numLateRecordsDropped} metric.
 */
public class ProjectMetricsWindow
        extends ProcessWindowFunction<MetricsInput, ProjectMetrics, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(
            String projectId,
            Context context,
            Iterable<MetricsInput> inputs,
            Collector<ProjectMetrics> out) {
        Map<String, Integer> classIndex = new HashMap<>();
        Map<String, int[]> perItem = new HashMap<>();
        Set<String> contributors = new HashSet<>();
        Set<String> resolvedItems = new HashSet<>();
        long labels = 0;
        long decisions = 0;
        long resolvedDecisions = 0;
        long resolvedLabelsUsed = 0;
        for (MetricsInput in : inputs) {
            if (in.label) {
                labels++;
                contributors.add(in.contributorId);
                if (in.choice != null) {
                    int c = classIndex.computeIfAbsent(in.choice, k -> classIndex.size());
                    int[] counts = perItem.computeIfAbsent(in.itemId, k -> new int[0]);
                    if (counts.length <= c) {
                        counts = java.util.Arrays.copyOf(counts, c + 1);
                        perItem.put(in.itemId, counts);
                    }
                    counts[c]++;
                }
            } else {
                decisions++;
                if (ResolutionStatus.RESOLVED.name().equals(in.status)) {
                    resolvedDecisions++;
                    if (resolvedItems.add(in.itemId)) {
                        resolvedLabelsUsed += in.labelsUsed;
                    }
                }
            }
        }
        AgreementAccumulator agreement = new AgreementAccumulator();
        perItem.values().forEach(agreement::add);
        TimeWindow window = context.window();
        double minutes = (window.getEnd() - window.getStart()) / 60_000.0;
        out.collect(
                new ProjectMetrics(
                        eventId(projectId, window.getStart()),
                        ProjectMetrics.SCHEMA_VERSION,
                        System.currentTimeMillis(),
                        projectId,
                        window.getStart(),
                        window.getEnd(),
                        boxed(agreement.krippendorffAlpha().alpha()),
                        boxed(agreement.fleissKappa().kappa()),
                        labels,
                        labels / minutes,
                        resolvedItems.size(),
                        decisions == 0 ? null : (double) resolvedDecisions / decisions,
                        resolvedItems.isEmpty()
                                ? null
                                : (double) resolvedLabelsUsed / resolvedItems.size(),
                        contributors.size()));
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    static String eventId(String projectId, long windowStart) {
        String name = "project-metrics\u0000" + projectId + "\u0000" + windowStart;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
