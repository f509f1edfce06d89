package dev.jury.rewards;

import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.ResolutionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which labels of a resolved item earn a reward, and how much. The rule (also in the module's
 * README):
 *
 * <ul>
 *   <li>the item's status is {@code RESOLVED} and its confidence is at least {@code minConfidence};
 *   <li>if the item's gold answer is known, the consensus equals it (a consensus that contradicts
 *       the known answer pays nobody);
 *   <li>the label's class equals the consensus label.
 * </ul>
 *
 * Weight of an accepted label: {@code floor(rewardPerLabel(project) × agreement)}, an integer in
 * the token's base units, where {@code agreement} is the posterior probability of the label's
 * class. A label whose weight rounds to zero is not accepted, so a project whose reward is 0 pays
 * nothing and gets no records.
 *
 * <p>{@code rewardPerLabel(project)} is, in this order: the configured per-project override; the
 * project's own reward from {@link ProjectRewards} (the task API's projects table); the configured
 * default.
 */
public final class AcceptancePolicy {

    /** Default reward per fully agreeing label: one token (six decimals). */
    public static final long DEFAULT_REWARD_PER_LABEL = 1_000_000L;

    private final double minConfidence;
    private final long defaultRewardPerLabel;
    private final Map<String, Long> rewardPerLabelByProject;
    private final ProjectRewards projectRewards;

    /**
     * @param minConfidence lowest consensus confidence that pays, in [0, 1]
     * @param defaultRewardPerLabel reward for a fully agreeing label of a project not in the map
     * @param rewardPerLabelByProject per-project rewards, overriding the default
     */
    public AcceptancePolicy(
            double minConfidence,
            long defaultRewardPerLabel,
            Map<String, Long> rewardPerLabelByProject) {
        this(minConfidence, defaultRewardPerLabel, rewardPerLabelByProject, ProjectRewards.NONE);
    }

    /**
     * @param minConfidence lowest consensus confidence that pays, in [0, 1]
     * @param defaultRewardPerLabel reward for a fully agreeing label of a project known neither to
     *     the map nor to {@code projectRewards}
     * @param rewardPerLabelByProject configured per-project rewards; they win over {@code
     *     projectRewards}
     * @param projectRewards the rewards requesters set on their projects
     */
    public AcceptancePolicy(
            double minConfidence,
            long defaultRewardPerLabel,
            Map<String, Long> rewardPerLabelByProject,
            ProjectRewards projectRewards) {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be in [0, 1]: " + minConfidence);
        }
        if (defaultRewardPerLabel < 0) {
            throw new IllegalArgumentException("rewards must not be negative");
        }
        this.minConfidence = minConfidence;
        this.defaultRewardPerLabel = defaultRewardPerLabel;
        this.rewardPerLabelByProject = Map.copyOf(rewardPerLabelByProject);
        this.projectRewards = projectRewards;
    }

    /** The reward per fully agreeing label of a project, in token base units. */
    long rewardPerLabel(String projectId) {
        Long configured = rewardPerLabelByProject.get(projectId);
        if (configured != null) {
            return configured;
        }
        return projectRewards.rewardPerLabel(projectId).orElse(defaultRewardPerLabel);
    }

    /** Accepts every confident consensus at {@link #DEFAULT_REWARD_PER_LABEL}. */
    public static AcceptancePolicy defaults() {
        return new AcceptancePolicy(0.0, DEFAULT_REWARD_PER_LABEL, Map.of());
    }

    /**
     * The accepted labels of one consensus.
     *
     * @param resolved the consensus
     * @param goldAnswer the item's known answer, if any
     * @return accepted labels, possibly empty, never null
     */
    public List<AcceptedLabel> accept(ItemResolved resolved, Optional<String> goldAnswer) {
        if (resolved.status() != ResolutionStatus.RESOLVED
                || resolved.confidence() < minConfidence
                || goldAnswer.map(g -> !g.equals(resolved.label())).orElse(false)) {
            return List.of();
        }
        long reward = rewardPerLabel(resolved.projectId());
        if (reward == 0) {
            return List.of();
        }
        List<AcceptedLabel> accepted = new ArrayList<>();
        for (LabelAgreement a : resolved.agreements()) {
            if (!a.label().equals(resolved.label())) {
                continue;
            }
            long weight = (long) Math.floor(reward * a.agreement());
            if (weight > 0) {
                accepted.add(
                        new AcceptedLabel(
                                a.labelId(),
                                resolved.itemId(),
                                resolved.projectId(),
                                a.contributorId(),
                                weight));
            }
        }
        return accepted;
    }

    /**
     * Where the rewards requesters set on their projects come from (the task API's projects table,
     * see {@link ProjectRewardsTable}).
     */
    @FunctionalInterface
    public interface ProjectRewards {

        /** Knows no project: every project takes the configured amounts. */
        ProjectRewards NONE = projectId -> OptionalLong.empty();

        /**
         * @param projectId the project id as events carry it
         * @return the project's reward per label in token base units (0 or more), or empty if the
         *     project is unknown here
         */
        OptionalLong rewardPerLabel(String projectId);
    }

    /**
     * A label that earned a reward.
     *
     * @param labelId the label
     * @param itemId its item
     * @param projectId its project
     * @param contributorId who gave it
     * @param weight reward in token base units, positive
     */
    public record AcceptedLabel(
            String labelId, String itemId, String projectId, String contributorId, long weight) {}
}
