package dev.jury.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOptionsTest {
    @TempDir Path dataset;

    private String[] args(String target) throws Exception {
        Files.writeString(dataset.resolve("answers.csv"), "worker,task,label\n");
        Files.writeString(dataset.resolve("truth.csv"), "task,label\n");
        return new String[] {
            "--dataset", dataset.toString(), "--admin-token", "t", "--target", target
        };
    }

    @Test
    @DisplayName("--target takes several instances separated by commas; the first sets up")
    void severalTargets() throws Exception {
        ReplayOptions options =
                ReplayOptions.parse(args("http://127.0.0.1:8080, http://127.0.0.1:8082"), Map.of());
        assertThat(options.targets())
                .containsExactly(
                        URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.1:8082"));
        assertThat(options.target()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    @DisplayName("a malformed instance in --target is refused with the flag named")
    void malformedTarget() throws Exception {
        String[] args = args("http://127.0.0.1:8080,ftp://x");
        assertThatThrownBy(() -> ReplayOptions.parse(args, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--target")
                .hasMessageContaining("ftp://x");
    }

    @Test
    @DisplayName("--help asks for the usage; bad values are refused naming the flag")
    void helpAndBadValues() throws Exception {
        assertThatThrownBy(() -> ReplayOptions.parse(new String[] {"--help"}, Map.of()))
                .hasMessage("");
        String[] base = args("http://127.0.0.1:8080");
        assertThatThrownBy(() -> ReplayOptions.parse(with(base, "--rate", "0"), Map.of()))
                .hasMessage("--rate needs a positive number of labels/s, got '0'");
        assertThatThrownBy(() -> ReplayOptions.parse(with(base, "--orders", "0"), Map.of()))
                .hasMessage("--orders must be at least 1");
        assertThatThrownBy(() -> ReplayOptions.parse(with(base, "--nope", "1"), Map.of()))
                .hasMessage("unknown option --nope");
        assertThatThrownBy(() -> ReplayOptions.parse(new String[] {"--rate", "5"}, Map.of()))
                .hasMessage("--dataset DIR is required");
        ReplayOptions options =
                ReplayOptions.parse(with(base, "--seed", "-3", "--contributors", "4"), Map.of());
        assertThat(options.seed()).isEqualTo(-3);
        assertThat(options.contributors()).isEqualTo(4);
        assertThat(options.stallSeconds()).isEqualTo(60);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
