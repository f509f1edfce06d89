package dev.jury.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StackConfigTest {
    @Test
    @DisplayName("without JURY_FLINK_REST the jobs run on a MiniCluster; with it, on that cluster")
    void flinkRest() {
        assertThat(StackConfig.fromEnvironment(Map.of()).flinkRest()).isNull();
        assertThat(
                        StackConfig.fromEnvironment(
                                        Map.of("JURY_FLINK_REST", "http://127.0.0.1:8081"))
                                .flinkRest())
                .isEqualTo(URI.create("http://127.0.0.1:8081"));
    }

    @Test
    @DisplayName("a JURY_FLINK_REST that is not http://host:port is refused, naming the variable")
    void badFlinkRest() {
        assertThatThrownBy(
                        () -> StackConfig.fromEnvironment(Map.of("JURY_FLINK_REST", "localhost")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JURY_FLINK_REST");
    }
}
