package dev.jury.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.consensus.Vote;
import dev.jury.datasets.CrowdDataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private static final CrowdDataset DATA =
            new CrowdDataset(
                    "toy",
                    List.of(
                            new Vote("t1", "alice", "1"),
                            new Vote("t1", "bob", "2"),
                            new Vote("t2", "alice", "2"),
                            // alice answers t1 again, differently: her first answer stands
                            new Vote("t1", "alice", "2"),
                            new Vote("t3", "carol", "1")),
                    Map.of("t1", "1", "t2", "2", "t9", "3"));

    @Test
    @DisplayName("each worker gets exactly the items they labeled, with their first label")
    void workersGetTheirItemsAndFirstLabels() {
        ReplayPlan plan = ReplayPlan.of(DATA);

        assertThat(plan.workers()).containsOnlyKeys("alice", "bob", "carol");
        assertThat(plan.workers().get("alice"))
                .containsExactly(Map.entry("t1", "1"), Map.entry("t2", "2"));
        assertThat(plan.workers().get("bob")).containsExactly(Map.entry("t1", "2"));
        assertThat(plan.workers().get("carol")).containsExactly(Map.entry("t3", "1"));
        assertThat(plan.answerRows()).isEqualTo(5);
        assertThat(plan.repeatedRows()).isEqualTo(1);
        assertThat(plan.plannedLabels()).isEqualTo(4);
    }

    @Test
    @DisplayName("items are those with answers; classes also include labels only the truth uses")
    void itemsAndClasses() {
        ReplayPlan plan = ReplayPlan.of(DATA);

        assertThat(plan.items()).containsExactly("t1", "t2", "t3");
        assertThat(plan.classes()).containsExactly("1", "2", "3");
        assertThat(plan.workersByItem())
                .containsEntry("t1", List.of("alice", "bob"))
                .containsEntry("t2", List.of("alice"))
                .containsEntry("t3", List.of("carol"));
    }
}
