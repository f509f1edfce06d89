package dev.jury.api.projects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A labeling project as Hibernate Reactive maps it. Project settings change rarely and concurrently
 * edited settings must not silently overwrite each other, so they go through Hibernate with
 * optimistic locking ({@code version}); the hot paths read {@link Project} snapshots instead.
 */
@Entity
@Table(name = "projects")
public class ProjectEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "owner_id", nullable = false)
    long ownerId;

    @Column(nullable = false, columnDefinition = "text")
    String name;

    @Column(nullable = false, columnDefinition = "text")
    String instructions;

    @Column(name = "label_schema", nullable = false, columnDefinition = "text")
    String labelSchema;

    @Column(name = "min_labels", nullable = false)
    int minLabels;

    @Column(name = "max_labels", nullable = false)
    int maxLabels;

    @Column(nullable = false)
    double confidence;

    @Column(name = "gold_share", nullable = false)
    double goldShare;

    @Column(name = "reward_per_label", nullable = false, precision = 78, scale = 0)
    BigDecimal rewardPerLabel;

    @Column(name = "reputation_gate", nullable = false)
    double reputationGate;

    @Column(name = "assignment_mode", nullable = false, columnDefinition = "text")
    String assignmentMode;

    @Column(name = "lease_seconds", nullable = false)
    int leaseSeconds;

    @Column(nullable = false, columnDefinition = "text")
    String status;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    OffsetDateTime createdAt;

    @Version int version;

    protected ProjectEntity() {}
}
