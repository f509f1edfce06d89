package dev.jury.bench.replay;

import dev.jury.bench.BenchArgs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./jury replay} options, parsed once.
 *
 * @param dataset folder holding {@code answers.csv} and {@code truth.csv}
 * @param contributors most contributors working at once; 0 lets every recorded worker work at once
 * @param rate most labels a second over all contributors; 0 for no limit
 * @param targets the running API's instances, e.g. {@code http://127.0.0.1:8080}; the first one
 *     sets up the project, contributors are spread over all of them as a load balancer would
 * @param adminToken a token of an admin account of {@code target}
 * @param stallSeconds give up when nothing happened (no label accepted, no event seen) this long;
 *     well above the stream jobs' checkpoint interval, which is the latency of their output
 * @param chainRpc JSON-RPC endpoint of the chain the rewards service writes to, to read the gas of
 *     its transactions; null to leave gas as n/a
 * @param seed first shuffle seed of the {@code bench consensus} adaptive comparison
 * @param orders shuffled orders the comparison averages
 */
record ReplayOptions(
        Path dataset,
        int contributors,
        double rate,
        List<URI> targets,
        String adminToken,
        int stallSeconds,
        URI chainRpc,
        long seed,
        int orders) {

    ReplayOptions {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("--target needs at least one URL");
        }
    }

    /** The first instance: it sets up the project and serves the live feed. */
    URI target() {
        return targets.get(0);
    }

    static final String USAGE =
            """
            usage: ./jury replay --dataset DIR [--contributors N] [--rate R] [--target URL[,URL...]]
                                 [--admin-token T] [--stall-seconds S] [--chain-rpc URL]
                                 [--seed N] [--orders N]

              Replays a crowd dataset (answers.csv, truth.csv) through a running Jury as real HTTP
              clients and prints one table: labels/s, submit->ItemResolved latency, labels used,
              accuracy against truth.csv next to `./jury bench consensus` adaptive mode, on-chain
              figures and errors. Start the stack first with `./jury demo`.

              --dataset DIR        the dataset folder (e.g. ../shared/datasets/rte)
              --contributors N     most contributors working at once (default: every worker)
              --rate R             most labels per second over all contributors (default: no limit)
              --target URL[,URL...] the API (default http://127.0.0.1:8080); several instances
                                   of one deployment (./jury cluster up) separated by commas:
                                   the first sets up the project, contributors are spread over
                                   all of them, each contributor sticking to one
              --admin-token T      an admin token of the target (default: the "admin" entry of
                                   $JURY_HOME/demo-tokens.properties, which `./jury demo` writes;
                                   JURY_HOME defaults to ./data)
              --stall-seconds S    give up after S seconds without progress (default 60)
              --chain-rpc URL      read gas from this chain's transaction receipts (default: n/a)
              --seed N, --orders N the adaptive comparison's shuffles (default 42, 5: as bench consensus)
            """;

    /**
     * @return the options, never null
     * @throws IllegalArgumentException with a message fit for the user, or with an empty message
     *     when help was asked for
     */
    static ReplayOptions parse(String[] args, Map<String, String> env) {
        Path dataset = null;
        int contributors = 0;
        double rate = 0;
        List<URI> targets = List.of(URI.create("http://127.0.0.1:8080"));
        String adminToken = null;
        int stallSeconds = 60;
        URI chainRpc = null;
        long seed = 42;
        int orders = 5;
        for (BenchArgs.Option o : BenchArgs.options(args)) {
            switch (o.name()) {
                case "--dataset" -> dataset = Path.of(o.value());
                case "--contributors" -> contributors = o.smallInteger(1);
                case "--rate" -> rate = positiveRate(o);
                case "--target" -> {
                    List<URI> urls = new ArrayList<>();
                    for (String url : o.value().split(",")) {
                        urls.add(url(url.trim(), o.name()));
                    }
                    targets = urls;
                }
                case "--admin-token" -> adminToken = o.value();
                case "--stall-seconds" -> stallSeconds = o.smallInteger(1);
                case "--chain-rpc" -> chainRpc = url(o.value(), o.name());
                case "--seed" -> seed = o.integer(Long.MIN_VALUE);
                case "--orders" -> orders = o.smallInteger(1);
                default -> throw o.unknown();
            }
        }
        if (dataset == null) {
            throw new IllegalArgumentException("--dataset DIR is required");
        }
        if (!Files.isRegularFile(dataset.resolve("answers.csv"))) {
            throw new IllegalArgumentException(dataset + " holds no answers.csv");
        }
        if (!Files.isRegularFile(dataset.resolve("truth.csv"))) {
            throw new IllegalArgumentException(
                    dataset + " holds no truth.csv: accuracy cannot be measured");
        }
        if (adminToken == null) {
            adminToken = demoAdminToken(env);
        }
        return new ReplayOptions(
                dataset,
                contributors,
                rate,
                targets,
                adminToken,
                stallSeconds,
                chainRpc,
                seed,
                orders);
    }

    /** The admin token `./jury demo` keeps in its data directory. */
    static String demoAdminToken(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("JURY_HOME", "data"));
        Path file = home.resolve("demo-tokens.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no --admin-token given and "
                            + file.toAbsolutePath()
                            + " does not exist: start `./jury demo` first (with the same"
                            + " JURY_HOME), or pass --admin-token");
        }
        Properties tokens = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            tokens.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        String admin = tokens.getProperty("admin");
        if (admin == null || admin.isBlank()) {
            throw new IllegalArgumentException(file + " has no admin entry; pass --admin-token");
        }
        return admin.trim();
    }

    private static double positiveRate(BenchArgs.Option o) {
        double rate;
        try {
            rate = Double.parseDouble(o.value());
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException(
                    o.name() + " needs a positive number of labels/s, got '" + o.value() + "'");
        }
        return rate;
    }

    private static URI url(String v, String flag) {
        try {
            URI uri = URI.create(v);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    flag + " needs an http:// URL with a host, got '" + v + "'");
        }
    }
}
