package dev.jury.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsensusBenchOptionsTest {
    @TempDir Path root;

    @Test
    @DisplayName("--datasets takes several folders, up to the next option")
    void severalDatasets() throws Exception {
        Path a = dataset("a");
        Path b = dataset("b");
        ConsensusBench.Options options =
                ConsensusBench.Options.parse(
                        new String[] {
                            "--datasets", a.toString(), b.toString(), "--orders", "2", "--seed", "7"
                        });
        assertThat(options.datasets()).containsExactly(a, b);
        assertThat(options.orders()).isEqualTo(2);
        assertThat(options.seed()).isEqualTo(7);
    }

    @Test
    @DisplayName("--help asks for the usage; bad input is refused naming the option")
    void helpAndBadInput() {
        assertThatThrownBy(() -> ConsensusBench.Options.parse(new String[] {"-h"})).hasMessage("");
        assertThatThrownBy(() -> ConsensusBench.Options.parse(new String[] {"--orders", "0"}))
                .hasMessage("--orders must be at least 1");
        assertThatThrownBy(() -> ConsensusBench.Options.parse(new String[] {"--seed"}))
                .hasMessage("--seed needs a value");
        assertThatThrownBy(
                        () ->
                                ConsensusBench.Options.parse(
                                        new String[] {"--datasets", root.toString()}))
                .hasMessageContaining("holds no answers.csv");
    }

    private Path dataset(String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("answers.csv"), "worker,task,label\n");
        return dir;
    }
}
