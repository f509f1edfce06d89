package dev.jury.stream.metrics;

import dev.jury.consensus.agreement.AgreementAccumulator;
import dev.jury.events.ProjectMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns one project's window, folded by {@link ProjectMetricsAggregate}, into {@link
 * ProjectMetrics} when the window fires.
 *
 * <p>Agreement (Krippendorff's alpha, Fleiss' kappa) is over the single-choice labels of the
 * window, grouped by item: an item labelled across two windows counts in each with the labels it
 * got there. The window's state is the fold (class counts per item, contributors, resolved items),
 * not its inputs, so it grows with the items of a minute rather than with its labels. Inputs later
 * than the watermark are dropped by the window operator and counted in its {@code
 * numLateRecordsDropped} metric.
 */
public class ProjectMetricsWindow
        extends ProcessWindowFunction<MetricsAccumulator, ProjectMetrics, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(
            String projectId,
            Context context,
            Iterable<MetricsAccumulator> folded,
            Collector<ProjectMetrics> out) {
        MetricsAccumulator fold = folded.iterator().next();
        long labels = fold.labels;
        long decisions = fold.decisions;
        long resolvedDecisions = fold.resolvedDecisions;
        long resolvedLabelsUsed = 0;
        for (int used : fold.resolvedItems.values()) {
            resolvedLabelsUsed += used;
        }
        Map<String, int[]> perItem = fold.perItem;
        Set<String> contributors = fold.contributors;
        Set<String> resolvedItems = fold.resolvedItems.keySet();
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
