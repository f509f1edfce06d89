package dev.jury.infra;

import dev.jury.testsupport.Directories;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One throw-away start of the demo stack, for the launcher to record the classes a start loads:
 * {@code ./jury build} runs it under {@code -XX:ArchiveClassesAtExit}, and {@code ./jury demo} then
 * maps that class-data-sharing archive instead of loading, parsing and verifying about twenty
 * thousand classes from jars again, which halved the JVM's CPU time until "ready".
 *
 * <p>The stack runs in a temporary directory on free ports, so it does not touch {@code JURY_HOME}
 * or collide with a running demo, and is stopped and deleted before the JVM exits (the archive is
 * written at exit).
 */
public final class StartupTraining {
    private StartupTraining() {}

    /** Starts the stack, stops it, deletes its data; exits non-zero if it did not start. */
    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("jury-startup-training");
        StackConfig config = StackConfig.embeddedOnFreePorts(home, StackConfig.REWARDS_DEFAULTS);
        int status = 0;
        try (LocalStack stack = LocalStack.start(config)) {
            System.out.println("jury startup training: stack ready at " + stack.apiBaseUrl());
        } catch (Exception e) {
            System.err.println("jury startup training: the stack did not start: " + e);
            status = 1;
        } finally {
            Directories.deleteTree(home);
        }
        // Library threads (Flink's, Kafka's) may outlive the stack; exit writes the archive.
        System.exit(status);
    }
}
