package dev.jury.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local chain of {@code ./jury demo}: the anvil binary the rewards build installs (npm {@code
 * @foundry-rs/anvil}, pinned in {@code rewards/package.json}) on 127.0.0.1 with a fixed chain id.
 * Its chain lives in a state file: anvil loads it at start, writes it every few seconds and again
 * when stopped with SIGTERM, so recorded epochs survive a restart of the demo.
 */
final class AnvilNode implements AutoCloseable {

    /** anvil's first well-known development key (public; funded on every dev chain). */
    static final String DEV_KEY =
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /** The chain id of the local chain. */
    static final long CHAIN_ID = 1337;

    /**
     * How often anvil writes its state besides at exit: bounds what a hard kill (no SIGTERM) can
     * lose.
     */
    private static final int STATE_INTERVAL_SECONDS = 2;

    private final Process process;
    private final int port;

    private AnvilNode(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts anvil and waits for its first RPC answer.
     *
     * @param port where it listens on 127.0.0.1
     * @param stateFile where the chain is kept across restarts
     * @return the running node, never null
     * @throws IOException if the binary is missing, it exits or does not answer within 15 s
     */
    static AnvilNode start(int port, Path stateFile) throws IOException {
        Path binary = locateBinary();
        Files.createDirectories(stateFile.getParent());
        Process process =
                new ProcessBuilder(
                                List.of(
                                        binary.toString(),
                                        "--host",
                                        "127.0.0.1",
                                        "--port",
                                        Integer.toString(port),
                                        "--chain-id",
                                        Long.toString(CHAIN_ID),
                                        "--state",
                                        stateFile.toString(),
                                        "--state-interval",
                                        Integer.toString(STATE_INTERVAL_SECONDS),
                                        "--silent"))
                        .redirectErrorStream(true)
                        .redirectOutput(stateFile.resolveSibling("anvil.log").toFile())
                        .start();
        AnvilNode node = new AnvilNode(process, port);
        try {
            node.awaitFirstRpc();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** The anvil process's PID. */
    long pid() {
        return process.pid();
    }

    String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The native binary of the platform package ({@code node_modules/.bin/anvil} is a Node launcher
     * with a child process, which stopping by PID would orphan). Looked up from the repository root
     * ({@code ./jury demo}) and from a module directory (tests).
     */
    private static Path locateBinary() throws IOException {
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
            }
        }
        throw new IOException(
                "anvil not found under rewards/node_modules/@foundry-rs: build first (./jury build"
                        + " runs npm ci in rewards/), or use a chain of your own with JURY_CHAIN_RPC");
    }

    private void awaitFirstRpc() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(rpcUrl()))
                        .header("content-type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                        .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "anvil exited with "
                                + process.exitValue()
                                + " (is port "
                                + port
                                + " taken? JURY_CHAIN_PORT picks another)");
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
                throw new IOException("interrupted while waiting for anvil", e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for anvil", e);
            }
        }
        throw new IOException("anvil did not answer on " + rpcUrl() + " within 15 s");
    }

    /** Stops the node by PID with SIGTERM, so it writes its state, and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
