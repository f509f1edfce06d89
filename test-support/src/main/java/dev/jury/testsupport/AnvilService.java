package dev.jury.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real anvil chain node (npm {@code @foundry-rs/anvil}, pinned in {@code rewards/package.json},
 * installed by the rewards build) on 127.0.0.1, chain id {@value #CHAIN_ID}: the one way tests and
 * the local stack ({@code ./jury demo}, {@code ./jury cluster}) start the dev chain.
 *
 * <p>Runs the native binary from the platform package rather than {@code node_modules/.bin/anvil}
 * (a Node launcher with a child process, which stopping by PID would orphan). With a state file,
 * anvil loads its chain from it at start and writes it when stopped with SIGTERM, so a restarted
 * node brings back the same chain.
 *
 * <ul>
 *   <li>{@link #start()} and {@link #startWithState(Path)}: for tests; a free port, output
 *       discarded, the node killed when the JVM exits. A fresh chain costs about 0.1 s.
 *   <li>{@link #startForStack(int, Path)}: for the local stack; a fixed port, the state also
 *       written every few seconds, output to {@code anvil.log} beside the state file, and the node
 *       outlives this JVM unless {@link #close() closed} (the cluster stack stops it by PID).
 * </ul>
 */
public final class AnvilService implements AutoCloseable {

    /** The chain id of every node started here. */
    public static final long CHAIN_ID = 1337;

    /**
     * anvil's well-known development keys (public test vectors, funded on every dev chain; never
     * use them anywhere real). The first deploys the registry and records epochs.
     */
    public static final String DEPLOYER_KEY =
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /** anvil's second development key. */
    public static final String CONTRIBUTOR_KEY =
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    /** anvil's third development key. */
    public static final String OTHER_KEY =
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

    /**
     * How often a stack's node writes its state besides at exit: bounds what a hard kill (no
     * SIGTERM) can lose.
     */
    private static final int STACK_STATE_INTERVAL_SECONDS = 2;

    private static final long ANSWER_TIMEOUT_SECONDS = 15;

    private final int port;
    private final Path stateFile;
    private final boolean forStack;
    private Process process;

    private AnvilService(int port, Path stateFile, boolean forStack) {
        this.port = port;
        this.stateFile = stateFile;
        this.forStack = forStack;
    }

    /**
     * A fresh chain on a free port, without persisted state, killed when the JVM exits.
     *
     * @return the running node, answering RPC; never null
     * @throws IllegalStateException if anvil is not installed, exits or does not answer within 15 s
     */
    public static AnvilService start() {
        AnvilService anvil = new AnvilService(FreePorts.find(), null, false);
        anvil.launch();
        return anvil;
    }

    /**
     * A chain on a free port that keeps its state in {@code stateFile} across {@link #stop()} and
     * {@link #restart()}, killed when the JVM exits.
     *
     * @param stateFile where anvil loads and writes its chain
     * @return the running node, answering RPC; never null
     * @throws IllegalStateException if anvil is not installed, exits or does not answer within 15 s
     */
    public static AnvilService startWithState(Path stateFile) {
        AnvilService anvil = new AnvilService(FreePorts.find(), stateFile, false);
        anvil.launch();
        return anvil;
    }

    /**
     * The local stack's chain: on {@code port}, its state kept in {@code stateFile} (written every
     * {@value #STACK_STATE_INTERVAL_SECONDS} s and at SIGTERM, so recorded epochs survive a
     * restart), its output in {@code anvil.log} beside that file. Not stopped when this JVM exits.
     *
     * @param port where it listens on 127.0.0.1
     * @param stateFile where the chain is kept across restarts (its directory is created)
     * @return the running node, answering RPC; never null
     * @throws IllegalStateException if anvil is not installed, exits (port taken) or does not
     *     answer within 15 s
     */
    public static AnvilService startForStack(int port, Path stateFile) {
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("no directory for the chain state " + stateFile, e);
        }
        AnvilService anvil = new AnvilService(port, stateFile, true);
        anvil.launch();
        return anvil;
    }

    /** anvil's JSON-RPC URL, on 127.0.0.1. */
    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where it listens on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The anvil process's PID. */
    public long pid() {
        return process.pid();
    }

    /** Stops the node by PID (SIGTERM, so a state file is written), waiting for it to exit. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts the node again on the same port (and the same state file, if any). */
    public void restart() {
        stop();
        launch();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void launch() {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                locateBinary().toString(),
                                "--host",
                                "127.0.0.1",
                                "--port",
                                Integer.toString(port),
                                "--chain-id",
                                Long.toString(CHAIN_ID),
                                "--silent"));
        if (stateFile != null) {
            command.addAll(List.of("--state", stateFile.toString()));
        }
        if (forStack) {
            command.addAll(
                    List.of("--state-interval", Integer.toString(STACK_STATE_INTERVAL_SECONDS)));
        }
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                forStack
                                        ? ProcessBuilder.Redirect.to(
                                                stateFile.resolveSibling("anvil.log").toFile())
                                        : ProcessBuilder.Redirect.DISCARD);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("anvil did not start", e);
        }
        if (!forStack) {
            // A failed test JVM must not leave a chain node behind.
            Process started = process;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(started::destroyForcibly, "anvil-stop"));
        }
        try {
            awaitFirstRpc();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * The native binary of the platform package, looked up from the repository root ({@code
     * ./jury}) and from a module directory (tests).
     */
    private static Path locateBinary() {
        for (Path root : List.of(Path.of("rewards"), Path.of("..", "rewards"))) {
            Path scope = root.resolve("node_modules").resolve("@foundry-rs");
            if (!Files.isDirectory(scope)) {
                continue;
            }
            try (Stream<Path> platforms = Files.list(scope)) {
                for (Path platform : platforms.sorted().toList()) {
                    Path binary = platform.resolve("bin").resolve("anvil");
                    if (platform.getFileName().toString().startsWith("anvil-")
                            && Files.isExecutable(binary)) {
                        return binary.toAbsolutePath();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + scope, e);
            }
        }
        throw new IllegalStateException(
                "anvil not found under rewards/node_modules/@foundry-rs: build first (./jury build"
                        + " and the Maven build run npm ci in rewards/), or use a chain of your own"
                        + " with JURY_CHAIN_RPC");
    }

    private void awaitFirstRpc() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(rpcUrl()))
                        .header("content-type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                        .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "anvil exited with "
                                + process.exitValue()
                                + (forStack
                                        ? " (is port "
                                                + port
                                                + " taken? JURY_CHAIN_PORT picks another)"
                                        : ""));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for anvil", e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for anvil", e);
            }
        }
        throw new IllegalStateException(
                "anvil did not answer on " + rpcUrl() + " within " + ANSWER_TIMEOUT_SECONDS + " s");
    }
}
