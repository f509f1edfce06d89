package dev.jury.api.readmodels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReputationLevelTest {

    @Test
    @DisplayName("levels step up at lower bounds 0.5, 0.75 and 0.9; unscored is a newcomer")
    void steps() {
        assertThat(ReputationLevel.of(null)).isEqualTo(ReputationLevel.NEWCOMER);
        assertThat(ReputationLevel.of(0.49)).isEqualTo(ReputationLevel.NEWCOMER);
        assertThat(ReputationLevel.of(0.5)).isEqualTo(ReputationLevel.REGULAR);
        assertThat(ReputationLevel.of(0.8)).isEqualTo(ReputationLevel.TRUSTED);
        assertThat(ReputationLevel.of(0.9)).isEqualTo(ReputationLevel.EXPERT);
        assertThat(ReputationLevel.of(0.8).view())
                .containsEntry("name", "Trusted")
                .containsEntry("from", 0.75)
                .containsEntry("next", 0.9);
        assertThat(ReputationLevel.EXPERT.view().get("next")).isNull();
    }
}
