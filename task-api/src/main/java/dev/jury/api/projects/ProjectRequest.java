package dev.jury.api.projects;

import java.math.BigInteger;

/**
 * Body of project create and update requests. Optional fields take the defaults below on create; an
 * update replaces every setting and must send the {@code version} it read.
 *
 * @param name 1 to 200 characters
 * @param instructions shown to contributors (default empty), at most 20,000 characters
 * @param labelSchema what a label may be
 * @param overlap min and max labels per item and the confidence that stops early (default 3, 3,
 *     0.95)
 * @param goldShare share of assignments that are gold items (default 0)
 * @param rewardPerLabel reward per fully agreeing accepted label as a decimal integer in the
 *     registry token's base units (6 decimals: "1000000" is one token), from 0 (the project pays
 *     nothing and gets no contribution records) to {@value #MAX_REWARD_PER_LABEL}, the most a
 *     leaf's weight can carry in the rewards service (default "0")
 * @param reputationGate lowest reputation lower bound that still gets work (default 0)
 * @param assignmentMode {@code open} (default) or {@code explicit}
 * @param leaseSeconds seconds a contributor holds an item (default 600)
 * @param status {@code active} (default), {@code paused} or {@code closed}
 * @param version on update, the version read; ignored on create
 */
public record ProjectRequest(
        String name,
        String instructions,
        LabelSchema labelSchema,
        Project.Overlap overlap,
        Double goldShare,
        String rewardPerLabel,
        Double reputationGate,
        String assignmentMode,
        Integer leaseSeconds,
        String status,
        Integer version) {

    /**
     * The largest reward per label: the rewards service weighs leaves in a signed 64-bit integer
     * (9.2 × 10^12 tokens), so a larger amount could never be paid as set.
     */
    public static final String MAX_REWARD_PER_LABEL = "9223372036854775807";

    public ProjectRequest {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must have 1 to 200 characters");
        }
        if (instructions == null) {
            instructions = "";
        }
        if (instructions.length() > 20_000) {
            throw new IllegalArgumentException("instructions may have at most 20,000 characters");
        }
        if (labelSchema == null) {
            throw new IllegalArgumentException("labelSchema is required");
        }
        if (overlap == null) {
            overlap = new Project.Overlap(3, 3, 0.95);
        }
        if (goldShare == null) {
            goldShare = 0.0;
        }
        if (!(goldShare >= 0 && goldShare <= 1)) {
            throw new IllegalArgumentException("goldShare must be in [0, 1]");
        }
        if (rewardPerLabel == null) {
            rewardPerLabel = "0";
        }
        if (!rewardPerLabel.matches("[0-9]{1,78}")) {
            throw new IllegalArgumentException(
                    "rewardPerLabel must be a non-negative decimal integer (token base units, 6"
                            + " decimals)");
        }
        if (new BigInteger(rewardPerLabel).compareTo(new BigInteger(MAX_REWARD_PER_LABEL)) > 0) {
            throw new IllegalArgumentException(
                    "rewardPerLabel must be at most "
                            + MAX_REWARD_PER_LABEL
                            + " token base units (6 decimals: 1000000 is one token)");
        }
        if (reputationGate == null) {
            reputationGate = 0.0;
        }
        if (!(reputationGate >= 0 && reputationGate <= 1)) {
            throw new IllegalArgumentException("reputationGate must be in [0, 1]");
        }
        if (assignmentMode == null) {
            assignmentMode = "open";
        }
        if (!assignmentMode.equals("open") && !assignmentMode.equals("explicit")) {
            throw new IllegalArgumentException("assignmentMode must be 'open' or 'explicit'");
        }
        if (leaseSeconds == null) {
            leaseSeconds = 600;
        }
        if (leaseSeconds < 5 || leaseSeconds > 86_400) {
            throw new IllegalArgumentException("leaseSeconds must be in 5..86400");
        }
        if (status == null) {
            status = "active";
        }
        if (!status.equals("active") && !status.equals("paused") && !status.equals("closed")) {
            throw new IllegalArgumentException("status must be active, paused or closed");
        }
    }

    BigInteger reward() {
        return new BigInteger(rewardPerLabel);
    }
}
