package dev.jury.rewards;

import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.ResolutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Consensus events and service settings shared by the integration tests. */
final class Fixtures {

    private Fixtures() {}

    /**
     * A resolved item with one label per contributor; the last contributor disagrees when {@code
     * lastDisagrees}. Label ids are {@code <itemId>/<contributorId>}.
     */
    static ItemResolved resolved(String itemId, boolean lastDisagrees, String... contributors) {
        List<LabelAgreement> agreements = new ArrayList<>();
        for (int i = 0; i < contributors.length; i++) {
            boolean disagrees = lastDisagrees && i == contributors.length - 1;
            agreements.add(
                    new LabelAgreement(
                            itemId + "/" + contributors[i],
                            contributors[i],
                            disagrees ? "dog" : "cat",
                            disagrees ? 0.05 : 0.95));
        }
        return ItemResolved.create(
                "project-1",
                itemId,
                ResolutionStatus.RESOLVED,
                "cat",
                Map.of("cat", 0.95, "dog", 0.05),
                0.95,
                agreements,
                "dawid-skene",
                1,
                1_700_000_000_000L);
    }

    /** Epochs of {@code epochSize}; partial epochs wait an hour unless sealed explicitly. */
    static RewardsService.Settings settings(int epochSize) {
        return new RewardsService.Settings(epochSize, Duration.ofHours(1), Duration.ofSeconds(10));
    }
}
