package dev.jury.api.projects;

import dev.jury.api.http.Json;
import java.math.BigInteger;

/**
 * An immutable snapshot of a project's settings, what the hot paths ({@code next}, {@code submit})
 * and the responses read.
 *
 * @param id project id
 * @param ownerId the requester who owns it
 * @param name name
 * @param instructions instructions shown to contributors
 * @param labelSchema what a label may be
 * @param overlap how many labels an item gets
 * @param goldShare share of assignments that are gold items, when gold items remain
 * @param rewardPerLabel reward per fully agreeing accepted label in the registry token's base units
 *     (6 decimals: 1000000 is one token)
 * @param reputationGate contributors whose reputation lower bound is below this get no work
 * @param assignmentMode {@code open} or {@code explicit}
 * @param leaseSeconds how long a contributor holds an item
 * @param status {@code active}, {@code paused} or {@code closed}
 * @param createdAt creation time, ISO-8601
 * @param version optimistic-lock version; send it back to update
 */
public record Project(
        long id,
        long ownerId,
        String name,
        String instructions,
        LabelSchema labelSchema,
        Overlap overlap,
        double goldShare,
        BigInteger rewardPerLabel,
        double reputationGate,
        String assignmentMode,
        int leaseSeconds,
        String status,
        String createdAt,
        int version) {

    /**
     * Dynamic overlap: every item gets {@code minLabels}; the consensus job asks for more, one at a
     * time, until the posterior reaches {@code confidence} or the item holds {@code maxLabels}.
     */
    public record Overlap(int minLabels, int maxLabels, double confidence) {
        public Overlap {
            if (minLabels < 1 || minLabels > 100) {
                throw new IllegalArgumentException("overlap.minLabels must be in 1..100");
            }
            if (maxLabels < minLabels || maxLabels > 100) {
                throw new IllegalArgumentException("overlap.maxLabels must be in minLabels..100");
            }
            if (!(confidence > 0.5 && confidence <= 1)) {
                throw new IllegalArgumentException("overlap.confidence must be in (0.5, 1]");
            }
        }
    }

    /** Whether only uploaded contributor->item pairs may be handed out. */
    public boolean explicitAssignments() {
        return "explicit".equals(assignmentMode);
    }

    /** Whether contributors may currently get work. */
    public boolean active() {
        return "active".equals(status);
    }

    static Project of(ProjectEntity e) {
        return new Project(
                e.id,
                e.ownerId,
                e.name,
                e.instructions,
                Json.read(
                        e.labelSchema.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        LabelSchema.class),
                new Overlap(e.minLabels, e.maxLabels, e.confidence),
                e.goldShare,
                e.rewardPerLabel.toBigIntegerExact(),
                e.reputationGate,
                e.assignmentMode,
                e.leaseSeconds,
                e.status,
                e.createdAt == null ? null : e.createdAt.toString(),
                e.version);
    }
}
