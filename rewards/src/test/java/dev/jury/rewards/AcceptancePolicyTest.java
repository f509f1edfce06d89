package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.ResolutionStatus;
import dev.jury.rewards.AcceptancePolicy.AcceptedLabel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AcceptancePolicyTest {

    static ItemResolved resolved(ResolutionStatus status, double confidence) {
        return ItemResolved.create(
                "p1",
                "item-1",
                status,
                "cat",
                Map.of("cat", confidence, "dog", 1 - confidence),
                confidence,
                List.of(
                        new LabelAgreement("l1", "alice", "cat", confidence),
                        new LabelAgreement("l2", "bob", "dog", 1 - confidence),
                        new LabelAgreement("l3", "carol", "cat", confidence)),
                "dawid-skene",
                1,
                1_700_000_000_000L);
    }

    @Test
    @DisplayName("Labels agreeing with a resolved consensus are accepted, weighted by agreement")
    void acceptsAgreeingLabels() {
        List<AcceptedLabel> accepted =
                AcceptancePolicy.defaults()
                        .accept(resolved(ResolutionStatus.RESOLVED, 0.9), Optional.empty());
        assertThat(accepted)
                .extracting(AcceptedLabel::labelId, AcceptedLabel::weight)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("l1", 900_000L),
                        org.assertj.core.groups.Tuple.tuple("l3", 900_000L));
    }

    @Test
    @DisplayName("Unresolved items, low confidence and a consensus against gold pay nobody")
    void refusesDoubtfulConsensus() {
        AcceptancePolicy policy = new AcceptancePolicy(0.95, 1_000_000, Map.of());
        assertThat(policy.accept(resolved(ResolutionStatus.RESOLVED, 0.9), Optional.empty()))
                .isEmpty();
        assertThat(
                        AcceptancePolicy.defaults()
                                .accept(
                                        resolved(ResolutionStatus.NEEDS_MORE_LABELS, 0.99),
                                        Optional.empty()))
                .isEmpty();
        assertThat(
                        AcceptancePolicy.defaults()
                                .accept(
                                        resolved(ResolutionStatus.RESOLVED, 0.99),
                                        Optional.of("dog")))
                .isEmpty();
        assertThat(
                        AcceptancePolicy.defaults()
                                .accept(
                                        resolved(ResolutionStatus.RESOLVED, 0.99),
                                        Optional.of("cat")))
                .hasSize(2);
    }

    @Test
    @DisplayName("A project's own reward per label replaces the default")
    void projectReward() {
        AcceptancePolicy policy = new AcceptancePolicy(0, 1_000_000, Map.of("p1", 50L));
        assertThat(policy.accept(resolved(ResolutionStatus.RESOLVED, 0.9), Optional.empty()))
                .extracting(AcceptedLabel::weight)
                .containsExactly(45L, 45L);
    }
}
