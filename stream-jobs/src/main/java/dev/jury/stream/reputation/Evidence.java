package dev.jury.stream.reputation;

import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.ResolutionStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * One piece of evidence about a contributor: a gold answer, or an answer compared with a final
 * consensus. A Flink POJO (public fields, no-argument constructor) so it travels without Kryo.
 */
public class Evidence {
    // Between the contributor and the project id in a key.
    private static final String KEY_SEPARATOR = "\u0000";

    /** The contributor. */
    public String contributorId;

    /** The project. */
    public String projectId;

    /** True for a gold answer, false for a comparison with consensus. */
    public boolean gold;

    /** The true class: the gold answer or the consensus label. */
    public String truth;

    /** The class the contributor answered. */
    public String answered;

    /** Consensus confidence (1 for gold). */
    public double confidence;

    /** Event time of the answer (gold) or of the consensus, epoch millis. */
    public long at;

    /** For Flink. */
    public Evidence() {}

    Evidence(
            String contributorId,
            String projectId,
            boolean gold,
            String truth,
            String answered,
            double confidence,
            long at) {
        this.contributorId = contributorId;
        this.projectId = projectId;
        this.gold = gold;
        this.truth = truth;
        this.answered = answered;
        this.confidence = confidence;
        this.at = at;
    }

    /** The reputation key: a contributor within a project. */
    public String key() {
        return contributorId + KEY_SEPARATOR + projectId;
    }

    /**
     * The contributor and the project of a {@link #key()}.
     *
     * @param key a key made by {@link #key()}
     * @return {contributorId, projectId}
     */
    static String[] splitKey(String key) {
        return key.split(KEY_SEPARATOR, 2);
    }

    /**
     * Gold evidence from a label, if it is a single-choice gold answer (multi-label and span gold
     * need a partial-credit rule that the Beta model does not have yet, so they are not scored).
     *
     * @return the evidence, or null
     */
    public static Evidence fromLabel(LabelSubmitted label) {
        if (!label.gold() || label.label().choice() == null || label.goldLabel().choice() == null) {
            return null;
        }
        return new Evidence(
                label.contributorId(),
                label.projectId(),
                true,
                label.goldLabel().choice(),
                label.label().choice(),
                1.0,
                label.submittedAt());
    }

    /**
     * Consensus evidence from a final item: one per label it aggregated. Items still needing labels
     * give none, so each label is compared with its item's consensus exactly once.
     *
     * @return the evidence, possibly empty, never null
     */
    public static List<Evidence> fromResolution(ItemResolved resolved) {
        List<Evidence> out = new ArrayList<>();
        if (resolved.status() == ResolutionStatus.NEEDS_MORE_LABELS) {
            return out;
        }
        for (LabelAgreement a : resolved.agreements()) {
            out.add(
                    new Evidence(
                            a.contributorId(),
                            resolved.projectId(),
                            false,
                            resolved.label(),
                            a.label(),
                            resolved.confidence(),
                            resolved.resolvedAt()));
        }
        return out;
    }
}
