package dev.jury.infra.cluster;

import dev.jury.testsupport.KafkaService;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A Kafka 4.2.0 broker (KRaft, broker and controller in one node) as a JVM of its own, for the
 * multi-process deployment on one machine: the Flink TaskManagers and the API instances reach it
 * over 127.0.0.1 like a remote broker. It keeps its log directory across restarts.
 *
 * <p>Usage: {@code java -cp <infra class path> dev.jury.infra.cluster.KafkaBrokerProcess <log dir>
 * <port>}. Prints {@value #READY} followed by the bootstrap address on standard output once it
 * accepts connections; SIGTERM stops it cleanly.
 */
public final class KafkaBrokerProcess {
    /** First word of the line printed once the broker is up. */
    public static final String READY = "KAFKA_READY";

    private KafkaBrokerProcess() {}

    /**
     * Starts the broker and blocks until the JVM is asked to stop.
     *
     * @param args the log directory and the PLAINTEXT port on 127.0.0.1
     * @throws InterruptedException never in practice: the main thread waits until shutdown
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerProcess <log dir> <port>");
            System.exit(2);
        }
        KafkaService.PrivateBroker broker =
                KafkaService.startPrivate(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    // A clean shutdown writes the log's recovery checkpoints, so
                                    // the next start does not replay the whole log.
                                    broker.close();
                                    stopped.countDown();
                                },
                                "kafka-broker-stop"));
        System.out.println(READY + " " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
