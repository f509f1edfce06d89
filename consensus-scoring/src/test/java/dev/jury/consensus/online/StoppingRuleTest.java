package dev.jury.consensus.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.consensus.online.StoppingRule.Decision;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoppingRuleTest {
    private final StoppingRule rule = new StoppingRule(2, 5, 0.9);

    @ParameterizedTest(name = "minLabels={0}, maxLabels={1}, confidence={2}")
    @CsvSource({
        "0, 5, 0.9",
        "-1, 5, 0.9",
        "3, 2, 0.9",
        "1, 5, 0",
        "1, 5, -0.5",
        "1, 5, 1.0000001",
        "1, 5, NaN",
        "1, 5, Infinity"
    })
    void invalidRulesAreRefused(int minLabels, int maxLabels, double confidence) {
        assertThatThrownBy(() -> new StoppingRule(minLabels, maxLabels, confidence))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("boundary values of the parameters are accepted")
    void boundaryRulesAreAccepted() {
        assertThat(new StoppingRule(1, 1, 1.0).maxLabels()).isEqualTo(1);
        assertThat(new StoppingRule(3, 3, Double.MIN_VALUE).minLabels()).isEqualTo(3);
        assertThat(StoppingRule.defaults()).isEqualTo(new StoppingRule(1, 20, 0.975));
    }

    @Test
    @DisplayName("below minLabels an item needs more, however confident")
    void needsMoreBelowMinLabels() {
        assertThat(rule.decide(new double[] {1.0, 0.0}, 0)).isEqualTo(Decision.NEEDS_MORE);
        assertThat(rule.decide(new double[] {1.0, 0.0}, 1)).isEqualTo(Decision.NEEDS_MORE);
    }

    @Test
    @DisplayName("from minLabels on an item is resolved once its top class reaches the confidence")
    void resolvedAtConfidence() {
        assertThat(rule.decide(new double[] {0.9, 0.1}, 2)).isEqualTo(Decision.RESOLVED);
        assertThat(rule.decide(new double[] {0.05, 0.95}, 3)).isEqualTo(Decision.RESOLVED);
        assertThat(rule.decide(new double[] {0.1, 0.9}, 5)).isEqualTo(Decision.RESOLVED);
        assertThat(rule.decide(new double[] {0.89999, 0.10001}, 2)).isEqualTo(Decision.NEEDS_MORE);
        assertThat(rule.decide(new double[] {0.5, 0.3, 0.2}, 4)).isEqualTo(Decision.NEEDS_MORE);
    }

    @Test
    @DisplayName("at maxLabels an unresolved item is exhausted")
    void exhaustedAtMaxLabels() {
        assertThat(rule.decide(new double[] {0.6, 0.4}, 4)).isEqualTo(Decision.NEEDS_MORE);
        assertThat(rule.decide(new double[] {0.6, 0.4}, 5)).isEqualTo(Decision.EXHAUSTED);
        assertThat(rule.decide(new double[] {0.6, 0.4}, 6)).isEqualTo(Decision.EXHAUSTED);
    }

    @Test
    @DisplayName("with minLabels = maxLabels the item stops at that count either way")
    void minEqualsMax() {
        StoppingRule fixed = new StoppingRule(3, 3, 0.99);
        assertThat(fixed.decide(new double[] {0.5, 0.5}, 2)).isEqualTo(Decision.NEEDS_MORE);
        assertThat(fixed.decide(new double[] {0.5, 0.5}, 3)).isEqualTo(Decision.EXHAUSTED);
        assertThat(fixed.decide(new double[] {0.995, 0.005}, 3)).isEqualTo(Decision.RESOLVED);
    }

    @Test
    @DisplayName("confidence 1 resolves only a certain posterior")
    void confidenceOne() {
        StoppingRule certain = new StoppingRule(1, 10, 1.0);
        assertThat(certain.decide(new double[] {1.0, 0.0}, 1)).isEqualTo(Decision.RESOLVED);
        assertThat(certain.decide(new double[] {0.999999, 0.000001}, 1))
                .isEqualTo(Decision.NEEDS_MORE);
    }
}
