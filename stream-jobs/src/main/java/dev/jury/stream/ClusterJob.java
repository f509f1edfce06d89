package dev.jury.stream;

import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar ({@code stream-jobs-<version>-job.jar}) submitted to a Flink session
 * cluster, by the REST API ({@code POST /jars/upload}, then {@code /jars/<id>/run}) or {@code flink
 * run}. Unlike {@link StreamJobs#main}, it starts no MiniCluster: the environment is the cluster's,
 * and where the job runs (addresses, ports, slots, memory) is the cluster's business. The job
 * itself keeps the settings it owns: parallelism, checkpointing, state backend and restarts.
 */
public final class ClusterJob {
    /** What the job decides for itself; everything else comes from the cluster. */
    private static final List<ConfigOption<?>> JOB_OPTIONS =
            List.of(
                    CoreOptions.DEFAULT_PARALLELISM,
                    StateBackendOptions.STATE_BACKEND,
                    CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                    CheckpointingOptions.CHECKPOINT_STORAGE,
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    RestartStrategyOptions.RESTART_STRATEGY,
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY);

    private ClusterJob() {}

    /**
     * The job-level Flink settings of a configuration: the ones that travel with the job graph and
     * that the cluster does not decide.
     *
     * @param config the jobs' configuration
     * @return a new Flink configuration, never null
     */
    public static Configuration jobConfiguration(StreamJobsConfig config) {
        // Taken from the local runner's settings so both paths checkpoint, restart and keep state
        // the same way; the address and port keys it also sets mean nothing to a job submitted to
        // a running cluster, so they are not shipped in the job graph.
        Configuration local = LocalRunner.flinkConfiguration(config);
        Configuration conf = new Configuration();
        for (ConfigOption<?> option : JOB_OPTIONS) {
            if (local.contains(option)) {
                conf.setString(option.key(), local.getString(option.key(), null));
            }
        }
        return conf;
    }

    /**
     * Builds the jobs on the cluster's environment and runs them until they end (a bounded replay)
     * or are cancelled.
     *
     * @param args {@code --key=value} settings, see {@link StreamJobsConfig#OPTIONS}; {@code
     *     kafka.bootstrap} must be reachable from the TaskManagers
     * @throws Exception if the job cannot be submitted or fails
     */
    public static void main(String[] args) throws Exception {
        // Thrown, not System.exit: inside the JobManager (REST submission) exit would end the
        // cluster; the REST API reports the exception's message to the submitter instead.
        StreamJobsConfig config = StreamJobsConfig.fromArgs(args);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration(config));
        StreamJobs.kafka(config).build(env);
        env.execute("jury-stream-jobs");
    }
}
