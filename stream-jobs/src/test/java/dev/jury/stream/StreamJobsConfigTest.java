package dev.jury.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.consensus.online.StoppingRule;
import dev.jury.events.Topics;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamJobsConfigTest {
    @Test
    @DisplayName("defaults need only Kafka and use the events module's topics and stopping rule")
    void defaults() {
        StreamJobsConfig config = StreamJobsConfig.defaults("127.0.0.1:9092");
        assertThat(config.labelsTopic()).isEqualTo(Topics.LABELS_SUBMITTED);
        assertThat(config.stoppingRule()).isEqualTo(StoppingRule.defaults());
        assertThat(config.checkpointDir()).isNull();
        assertThat(config.transactionTimeout()).isLessThan(Duration.ofMinutes(15));
    }

    @Test
    @DisplayName("a builder from a configuration changes only what is set, and validates again")
    void builder() {
        StreamJobsConfig config = StreamJobsConfig.defaults("127.0.0.1:9092");
        assertThat(config.toBuilder().build()).isEqualTo(config);
        StreamJobsConfig ported = config.withLocalPorts(1, 2);
        assertThat(ported.restPort()).isEqualTo(1);
        assertThat(ported.blobPort()).isEqualTo(2);
        assertThat(
                        ported.toBuilder()
                                .restPort(config.restPort())
                                .blobPort(config.blobPort())
                                .build())
                .isEqualTo(config);
        assertThat(config.withTopics("l", "r", "p", "m", "x").groupId()).isEqualTo("x-group");
        assertThatThrownBy(() -> config.toBuilder().parallelism(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("arguments are parsed once, and mistakes name the setting")
    void parsing() {
        StreamJobsConfig config =
                StreamJobsConfig.fromArgs(
                        "--kafka.bootstrap=h:1", "--parallelism=2", "--checkpoint.interval=PT2S");
        assertThat(config.parallelism()).isEqualTo(2);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> StreamJobsConfig.fromArgs("--kafka.bootstrap=h:1", "--nope=1"))
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> StreamJobsConfig.fromArgs("--parallelism=2"))
                .hasMessageContaining("kafka.bootstrap");
        assertThatThrownBy(
                        () ->
                                StreamJobsConfig.fromArgs(
                                        "--kafka.bootstrap=h:1",
                                        "--kafka.transaction-timeout=PT5S",
                                        "--checkpoint.interval=PT10S"))
                .hasMessageContaining("transaction-timeout");
    }

    @Test
    @DisplayName("the local cluster binds every listener to the loopback address")
    void loopbackOnly() {
        var conf =
                LocalRunner.flinkConfiguration(
                        StreamJobsConfig.defaults("h:1").withLocalPorts(18081, 16124));
        assertThat(conf.toMap())
                .containsEntry("jobmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.host", "127.0.0.1")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("rest.bind-port", "18081")
                .containsEntry("blob.server.port", "16124");
    }
}
