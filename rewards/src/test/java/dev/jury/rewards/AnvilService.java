package dev.jury.rewards;

import dev.jury.testsupport.FreePorts;
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

/**
 * A real anvil chain node (npm {@code @foundry-rs/anvil}, pinned in {@code package.json}) on
 * 127.0.0.1, chain id {@value #CHAIN_ID}. Started per test class: a fresh chain costs ~0.1 s.
 *
 * <p>Runs the native binary from the platform package rather than {@code node_modules/.bin/anvil}
 * (a Node launcher with a child process), so stopping by PID stops the node itself. With a state
 * file, anvil writes its chain to it when stopped (SIGTERM) and loads it when started again, which
 * lets a test stop the chain and bring back the same one.
 */
final class AnvilService implements AutoCloseable {

    static final long CHAIN_ID = 1337;

    /**
     * anvil's well-known development keys (public test vectors, funded on every dev chain; never
     * use them anywhere real).
     */
    static final String DEPLOYER_KEY =
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    static final String CONTRIBUTOR_KEY =
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    static final String OTHER_KEY =
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

    /** Relative to rewards/ (tests) or the repository root ({@code ./jury bench gas}). */
    private static final Path BINARY = locateBinary();

    private static Path locateBinary() {
        Path inModule = Path.of("node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        Path fromRoot = Path.of("rewards").resolve(inModule);
        return Files.isExecutable(inModule) || !Files.isExecutable(fromRoot) ? inModule : fromRoot;
    }

    private final int port;
    private final Path stateFile;
    private Process process;

    private AnvilService(int port, Path stateFile) {
        this.port = port;
        this.stateFile = stateFile;
    }

    /** A fresh chain on a free port, without persisted state. */
    static AnvilService start() {
        AnvilService anvil = new AnvilService(FreePorts.find(), null);
        anvil.launch();
        return anvil;
    }

    /**
     * A chain that keeps its state in {@code stateFile} across {@link #stop()} and {@link
     * #restart()}.
     */
    static AnvilService startWithState(Path stateFile) {
        AnvilService anvil = new AnvilService(FreePorts.find(), stateFile);
        anvil.launch();
        return anvil;
    }

    String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    private void launch() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    "anvil not found at "
                            + BINARY.toAbsolutePath()
                            + ": run the Maven build (it runs npm ci in rewards/)");
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--host", "127.0.0.1"));
        command.addAll(
                List.of("--port", Integer.toString(port), "--chain-id", Long.toString(CHAIN_ID)));
        command.add("--silent");
        if (stateFile != null) {
            command.addAll(List.of("--state", stateFile.toString()));
        }
        try {
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException("anvil did not start", e);
        }
        // A failed test JVM must not leave a chain node behind.
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "anvil-stop"));
        awaitFirstRpc();
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with " + process.exitValue());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(20);
        }
        throw new IllegalStateException("anvil did not answer on " + rpcUrl() + " within 15 s");
    }

    /** Stops the node by PID (SIGTERM, so a state file is written), waiting for it to exit. */
    void stop() {
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
        }
        process = null;
    }

    /** Starts the node again on the same port (and the same state file, if any). */
    void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
