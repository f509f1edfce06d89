package dev.jury.stream.metrics;

import dev.jury.events.ItemResolved;
import dev.jury.events.LabelSubmitted;

/**
 * What the project-metrics window needs of a label or a consensus decision, flattened into one
 * Flink POJO so both streams share a window. Element timestamps are event times: {@code
 * submittedAt} for labels, {@code resolvedAt} (the latest label's {@code submittedAt}) for
 * decisions, so a decision falls in the same window as the label that triggered it.
 */
public class MetricsInput {
    /** The project. */
    public String projectId;

    /** The item. */
    public String itemId;

    /** True for a label, false for a consensus decision. */
    public boolean label;

    /** Label: the contributor. */
    public String contributorId;

    /** Label: the single-choice class, or null for multi-label and span answers. */
    public String choice;

    /** Decision: the {@code ResolutionStatus} name. */
    public String status;

    /** Decision: labels used. */
    public int labelsUsed;

    /** For Flink. */
    public MetricsInput() {}

    /** The label's part. */
    public static MetricsInput of(LabelSubmitted l) {
        MetricsInput m = new MetricsInput();
        m.projectId = l.projectId();
        m.itemId = l.itemId();
        m.label = true;
        m.contributorId = l.contributorId();
        m.choice = l.label().choice();
        return m;
    }

    /** The decision's part. */
    public static MetricsInput of(ItemResolved r) {
        MetricsInput m = new MetricsInput();
        m.projectId = r.projectId();
        m.itemId = r.itemId();
        m.label = false;
        m.status = r.status().name();
        m.labelsUsed = r.labelsUsed();
        return m;
    }
}
