package dev.jury.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    @Test
    void readsPairsInOrder() {
        assertThat(BenchArgs.options(new String[] {"--rate", "5", "--dataset", "rte"}))
                .containsExactly(
                        new BenchArgs.Option("--rate", "5"),
                        new BenchArgs.Option("--dataset", "rte"));
    }

    @Test
    void aListOptionTakesValuesUpToTheNextOption() {
        assertThat(
                        BenchArgs.options(
                                new String[] {"--datasets", "a", "b", "--seed", "1", "--datasets"},
                                Set.of("--datasets")))
                .containsExactly(
                        new BenchArgs.Option("--datasets", "a"),
                        new BenchArgs.Option("--datasets", "b"),
                        new BenchArgs.Option("--seed", "1"));
    }

    @Test
    void refusesBadInputWithTheOptionsName() {
        assertThatThrownBy(() -> BenchArgs.options(new String[] {"--rate"}))
                .hasMessage("--rate needs a value");
        assertThatThrownBy(() -> BenchArgs.options(new String[] {"--help"})).hasMessage("");
        assertThatThrownBy(() -> new BenchArgs.Option("--rate", "fast").integer(0))
                .hasMessage("--rate needs an integer, got 'fast'");
        assertThatThrownBy(() -> new BenchArgs.Option("--items", "0").smallInteger(1))
                .hasMessage("--items must be at least 1");
        assertThatThrownBy(() -> new BenchArgs.Option("--items", "3000000000").smallInteger(1))
                .hasMessageContaining("must be at most");
        assertThatThrownBy(() -> new BenchArgs.Option("--gold-share", "1.5").fraction())
                .hasMessage("--gold-share must be in [0, 1]");
        assertThat(new BenchArgs.Option("--gold-share", "0.25").fraction()).isEqualTo(0.25);
        assertThat(new BenchArgs.Option("--x", "0").unknown()).hasMessage("unknown option --x");
    }
}
