package dev.jury.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GoldAccuracyTest {

    private static Map<String, Double> posterior(double a, double b, double c) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("a", a);
        p.put("b", b);
        p.put("c", c);
        return p;
    }

    @Test
    @DisplayName("a clear top class earns 1 if it is the gold label, else 0")
    void clearWinners() {
        Map<String, Map<String, Double>> posteriors =
                Map.of("t1", posterior(0.7, 0.2, 0.1), "t2", posterior(0.1, 0.2, 0.7));

        GoldAccuracy score = GoldAccuracy.score(Map.of("t1", "a", "t2", "a"), posteriors::get);

        assertThat(score.accuracy()).isEqualTo(0.5);
        assertThat(score.goldItems()).isEqualTo(2);
        assertThat(score.ties()).isZero();
    }

    @Test
    @DisplayName("gold among k tied classes earns 1/k; gold outside the tie earns nothing")
    void tieCredit() {
        Map<String, Map<String, Double>> posteriors =
                Map.of(
                        "two-way", posterior(0.4, 0.4, 0.2),
                        "three-way", posterior(1.0 / 3, 1.0 / 3, 1.0 / 3),
                        "outside", posterior(0.45, 0.45, 0.1),
                        "near-tie", posterior(0.5, 0.5 - 1e-12, 1e-12));
        Map<String, String> truth =
                Map.of("two-way", "b", "three-way", "c", "outside", "c", "near-tie", "b");

        GoldAccuracy score = GoldAccuracy.score(truth, posteriors::get);

        assertThat(score.accuracy()).isCloseTo((0.5 + 1.0 / 3 + 0 + 0.5) / 4, within(1e-12));
        assertThat(score.goldItems()).isEqualTo(4);
        assertThat(score.ties()).isEqualTo(4);
    }

    @Test
    @DisplayName("gold items without a posterior are skipped, not counted wrong")
    void itemsWithoutPosteriorAreSkipped() {
        Map<String, Map<String, Double>> posteriors = new HashMap<>();
        posteriors.put("answered", posterior(0.9, 0.05, 0.05));
        posteriors.put("empty", Map.of());
        Map<String, String> truth = Map.of("answered", "a", "empty", "b", "unanswered", "c");

        GoldAccuracy score = GoldAccuracy.score(truth, posteriors::get);

        assertThat(score.accuracy()).isEqualTo(1.0);
        assertThat(score.goldItems()).isEqualTo(1);
    }

    @Test
    @DisplayName("a posterior without the gold class scores 0 for that item")
    void goldClassUnknownToThePosterior() {
        GoldAccuracy score =
                GoldAccuracy.score(Map.of("t", "zebra"), item -> posterior(0.2, 0.3, 0.5));

        assertThat(score.accuracy()).isZero();
        assertThat(score.goldItems()).isEqualTo(1);
    }

    @Test
    @DisplayName("without a single scored gold item accuracy is undefined")
    void noGoldItem() {
        assertThatThrownBy(() -> GoldAccuracy.score(Map.of("t", "a"), item -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no gold item");
        assertThatThrownBy(() -> GoldAccuracy.score(Map.of(), item -> posterior(1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
