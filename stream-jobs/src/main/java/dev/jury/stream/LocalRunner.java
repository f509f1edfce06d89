package dev.jury.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink configuration of a local MiniCluster run: everything bound to 127.0.0.1 (unconfigured,
 * the MiniCluster listens on 0.0.0.0 on random ports), exactly-once checkpoints, bounded restarts
 * and the heap state backend the consensus state is designed for.
 */
public final class LocalRunner {
    static final String LOOPBACK = "127.0.0.1";

    private LocalRunner() {}

    /**
     * The Flink configuration for a configuration of the jobs.
     *
     * @param config the jobs' configuration
     * @return a new Flink configuration, never null
     */
    public static Configuration flinkConfiguration(StreamJobsConfig config) {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.PORT, config.restPort());
        conf.set(RestOptions.BIND_PORT, String.valueOf(config.restPort()));
        conf.set(BlobServerOptions.PORT, String.valueOf(config.blobPort()));

        conf.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
        // The consensus state is one mutable model per project, updated in place: on the heap
        // backend that costs nothing per label; RocksDB would deserialise the model per label.
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        if (config.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
            // Kept when the job is cancelled or the process dies, so a new run can resume.
            conf.set(
                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        // Bounded: a job that keeps failing fails for good instead of restarting forever.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, config.maxRestarts());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return conf;
    }

    /**
     * A local environment (MiniCluster in this JVM) for the jobs.
     *
     * @param config the jobs' configuration
     * @return the environment, never null
     */
    public static StreamExecutionEnvironment environment(StreamJobsConfig config) {
        return environment(config, null);
    }

    /**
     * A local environment whose job starts from a savepoint or retained checkpoint.
     *
     * @param config the jobs' configuration
     * @param restoreFrom path of the savepoint or checkpoint to resume from, or null to start fresh
     * @return the environment, never null
     */
    public static StreamExecutionEnvironment environment(
            StreamJobsConfig config, String restoreFrom) {
        Configuration conf = flinkConfiguration(config);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    /**
     * The newest completed checkpoint retained under a checkpoint directory ({@code <dir>/<job
     * id>/chk-N/_metadata}), for a new job to resume from after the previous one was cancelled or
     * its process died. Newest by the time its metadata was written: checkpoint numbers start again
     * at 1 in a job that did not resume.
     *
     * @param checkpointDir the jobs' {@code checkpoint.dir}, as a path
     * @return the checkpoint's directory, or empty if there is none (or no such directory)
     */
    public static Optional<Path> latestCheckpoint(Path checkpointDir) {
        if (!Files.isDirectory(checkpointDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(checkpointDir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .filter(p -> p.getParent().getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparing(LocalRunner::modified))
                    .map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + checkpointDir, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
