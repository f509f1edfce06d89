package dev.jury.bench;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import dev.jury.consensus.aggregation.Aggregation;
import dev.jury.consensus.aggregation.Aggregator;
import dev.jury.consensus.aggregation.DawidSkene;
import dev.jury.consensus.aggregation.Glad;
import dev.jury.consensus.aggregation.Mace;
import dev.jury.consensus.aggregation.MajorityVote;
import dev.jury.consensus.aggregation.OneCoinDawidSkene;
import dev.jury.consensus.aggregation.Wawa;
import dev.jury.consensus.online.OnlineDawidSkene;
import dev.jury.consensus.online.StoppingRule;
import dev.jury.datasets.CrowdDataset;
import dev.jury.datasets.GoldAccuracy;
import dev.jury.datasets.SharedDatasets;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code ./jury bench consensus}: accuracy of every aggregation method on crowd datasets with gold
 * truth, in batch, streaming and adaptive (dynamic overlap) modes.
 *
 * <p>One row per dataset, method and mode: {@code dataset method mode accuracy gold_items
 * labels_used seconds}. Modes:
 *
 * <ul>
 *   <li>{@code batch}: every answer at once;
 *   <li>{@code stream}: answers fed one at a time through {@link OnlineDawidSkene} in seeded
 *       shuffled orders (contributors working side by side), accuracy read at the end and averaged
 *       over the orders (5 by default: on a few hundred gold items one order moves by a point);
 *   <li>{@code stream-file}: the same in file order, which for several sets is sorted by
 *       contributor, the hardest order for an online method;
 *   <li>{@code adaptive}: the shuffled streams with {@link StoppingRule#defaults()}: a label that
 *       arrives after its item was resolved is not used;
 *   <li>{@code adaptive-api}: the same rule in the order the task API hands items out and with the
 *       decisions the stream job publishes ({@link ApiOrderSimulation}): what {@code ./jury replay}
 *       should measure.
 * </ul>
 *
 * Accuracy counts gold items with at least one answer and credits 1/k for a k-way tie. A
 * contributor's second answer to the same item is dropped (the API refuses it too). One set of
 * defaults serves every dataset: nothing is tuned per dataset.
 */
public final class ConsensusBench {
    private static final List<Aggregator> BATCH_METHODS =
            List.of(
                    new MajorityVote(),
                    new Wawa(),
                    new DawidSkene(),
                    DawidSkene.empiricalBayes(),
                    new OneCoinDawidSkene(),
                    new Glad(),
                    new Mace());

    private final PrintStream out;
    private final long seed;
    private final int orders;

    /**
     * @param seed the first shuffle seed
     * @param orders how many shuffled orders (seeds {@code seed, seed+1, ...}) the stream and
     *     adaptive rows average over: one order of a small gold set moves by a point or more
     */
    ConsensusBench(PrintStream out, long seed, int orders) {
        this.out = out;
        this.seed = seed;
        this.orders = orders;
    }

    /**
     * Arguments: {@code [--seed N] [--orders N] [--datasets DIR...]}; without datasets, the shared
     * ones.
     */
    public static void main(String[] args) {
        try {
            Options options = Options.parse(args);
            new ConsensusBench(System.out, options.seed(), options.orders())
                    .run(options.datasets());
        } catch (IllegalArgumentException e) {
            if (e.getMessage().isEmpty()) {
                // -h/--help (BenchArgs)
                System.out.println(USAGE);
                return;
            }
            System.err.println("jury bench consensus: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private static final String USAGE =
            "usage: jury bench consensus [--seed N] [--orders N] [--datasets DIR [DIR...]]";

    /** Command-line options, parsed once. */
    record Options(long seed, int orders, List<Path> datasets) {

        /**
         * @return the options, never null
         * @throws IllegalArgumentException with a message fit for the user, or with an empty
         *     message when help was asked for
         */
        static Options parse(String[] args) {
            long seed = 42;
            int orders = 5;
            List<Path> dirs = new ArrayList<>();
            for (BenchArgs.Option o : BenchArgs.options(args, Set.of("--datasets"))) {
                switch (o.name()) {
                    case "--seed" -> seed = o.integer(Long.MIN_VALUE);
                    case "--orders" -> orders = o.smallInteger(1);
                    case "--datasets" -> dirs.add(Path.of(o.value()));
                    default -> throw o.unknown();
                }
            }
            for (Path dir : dirs) {
                if (!Files.isRegularFile(dir.resolve("answers.csv"))) {
                    throw new IllegalArgumentException(dir + " holds no answers.csv");
                }
            }
            return new Options(seed, orders, dirs.isEmpty() ? sharedDatasets() : dirs);
        }

        private static List<Path> sharedDatasets() {
            Path root =
                    SharedDatasets.root()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no --datasets given and ../shared/datasets"
                                                            + " not found; set"
                                                            + " JURY_SHARED_DATASETS"));
            List<Path> dirs = new ArrayList<>();
            for (String name : SharedDatasets.NAMES) {
                Path dir = root.resolve(name);
                if (Files.isRegularFile(dir.resolve("answers.csv"))) {
                    dirs.add(dir);
                } else {
                    System.err.println("SKIPPED: dataset " + dir + " is absent");
                }
            }
            return dirs;
        }
    }

    void run(List<Path> dirs) {
        out.printf(
                "%-10s %-6s %-12s %8s %10s %11s %8s%n",
                "dataset", "method", "mode", "accuracy", "gold_items", "labels_used", "seconds");
        for (Path dir : dirs) {
            CrowdDataset dataset = CrowdDataset.load(dir);
            AnswerTable table = dataset.answerTable();
            for (Aggregator method : BATCH_METHODS) {
                long start = System.nanoTime();
                Aggregation result = method.fit(table);
                double seconds = (System.nanoTime() - start) / 1e9;
                GoldAccuracy accuracy =
                        GoldAccuracy.score(
                                dataset.truth(), task -> result.posterior(task).orElse(null));
                row(
                        dataset.name(),
                        method.name(),
                        "batch",
                        accuracy.accuracy(),
                        accuracy.goldItems(),
                        table.size(),
                        seconds);
            }
            List<String> classes = table.labelNames();
            report(dataset.name(), "stream", shuffledRuns(dataset, classes, null, seed, orders));
            report(
                    dataset.name(),
                    "stream-file",
                    List.of(stream(dataset, classes, dataset.votes(), null)));
            report(
                    dataset.name(),
                    "adaptive",
                    shuffledRuns(dataset, classes, StoppingRule.defaults(), seed, orders));
            report(dataset.name(), "adaptive-api", apiOrderRuns(dataset, classes, seed, orders));
        }
        out.printf(
                "# stream and adaptive: mean over %d shuffled orders (java.util.Random seeds %d..%d);"
                        + " stopping rule %s, skepticism %s per square root of a contributor's"
                        + " record%n",
                orders,
                seed,
                seed + orders - 1,
                StoppingRule.defaults(),
                StoppingRule.DEFAULT_SKEPTICISM);
    }

    /**
     * An {@code adaptive} or {@code adaptive-api} row of one dataset, for tools that compare
     * against it ({@code ./jury replay}).
     *
     * @param accuracy mean accuracy over the orders
     * @param lowest the lowest accuracy of one order
     * @param highest the highest accuracy of one order
     * @param goldItems gold items with at least one answer
     * @param labelsUsed mean labels used over the orders
     * @param seed the first seed
     * @param orders how many orders were averaged
     */
    public record Adaptive(
            double accuracy,
            double lowest,
            double highest,
            int goldItems,
            double labelsUsed,
            long seed,
            int orders) {

        static Adaptive of(List<StreamRun> runs, long seed) {
            double accuracy = 0;
            double used = 0;
            double lowest = Double.POSITIVE_INFINITY;
            double highest = Double.NEGATIVE_INFINITY;
            for (StreamRun run : runs) {
                double a = run.accuracy().accuracy();
                accuracy += a / runs.size();
                used += (double) run.labelsUsed() / runs.size();
                lowest = Math.min(lowest, a);
                highest = Math.max(highest, a);
            }
            int goldItems = runs.get(runs.size() - 1).accuracy().goldItems();
            return new Adaptive(accuracy, lowest, highest, goldItems, used, seed, runs.size());
        }
    }

    /**
     * Runs the adaptive mode on one dataset exactly as {@code ./jury bench consensus} does.
     *
     * @param seed the first shuffle seed (the command's default is 42)
     * @param orders how many shuffled orders to average (the command's default is 5)
     */
    public static Adaptive adaptive(CrowdDataset dataset, long seed, int orders) {
        List<String> classes = dataset.answerTable().labelNames();
        return Adaptive.of(
                shuffledRuns(dataset, classes, StoppingRule.defaults(), seed, orders), seed);
    }

    /**
     * Runs the adaptive-api mode on one dataset exactly as {@code ./jury bench consensus} does: the
     * figure a replay through the running system should land near.
     *
     * @param seed the first seed of the contributors' order (the command's default is 42)
     * @param orders how many orders to average (the command's default is 5)
     */
    public static Adaptive adaptiveInApiOrder(CrowdDataset dataset, long seed, int orders) {
        List<String> classes = dataset.answerTable().labelNames();
        return Adaptive.of(apiOrderRuns(dataset, classes, seed, orders), seed);
    }

    /**
     * The answers streamed in shuffled orders, {@code java.util.Random} seeds {@code seed, seed+1,
     * ...}, with {@code rule} stopping items (null: every answer counts).
     */
    private static List<StreamRun> shuffledRuns(
            CrowdDataset dataset, List<String> classes, StoppingRule rule, long seed, int orders) {
        List<StreamRun> runs = new ArrayList<>();
        for (int order = 0; order < orders; order++) {
            List<Vote> shuffled = new ArrayList<>(dataset.votes());
            Collections.shuffle(shuffled, new Random(seed + order));
            runs.add(stream(dataset, classes, shuffled, rule));
        }
        return runs;
    }

    /**
     * The default rule in the task API's order, contributors ordered by seeds {@code seed, ...}.
     */
    private static List<StreamRun> apiOrderRuns(
            CrowdDataset dataset, List<String> classes, long seed, int orders) {
        List<StreamRun> runs = new ArrayList<>();
        for (int order = 0; order < orders; order++) {
            runs.add(
                    ApiOrderSimulation.run(
                            dataset, classes, StoppingRule.defaults(), seed + order));
        }
        return runs;
    }

    /** One pass of a stream through a fresh online aggregator. */
    record StreamRun(GoldAccuracy accuracy, int labelsUsed, double seconds) {}

    private static StreamRun stream(
            CrowdDataset dataset, List<String> classes, List<Vote> order, StoppingRule rule) {
        long start = System.nanoTime();
        OnlineDawidSkene online = new OnlineDawidSkene(classes, OnlineDawidSkene.Config.defaults());
        Set<String> resolved = new HashSet<>();
        int used = 0;
        for (Vote vote : order) {
            if (rule != null && resolved.contains(vote.task())) {
                continue;
            }
            if (online.observe(vote.task(), vote.worker(), vote.label())
                    != OnlineDawidSkene.Outcome.ACCEPTED) {
                continue;
            }
            used++;
            if (rule != null && isFinal(online, vote.task(), rule)) {
                resolved.add(vote.task());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new StreamRun(GoldAccuracy.score(dataset.truth(), online::posterior), used, seconds);
    }

    /**
     * Whether the rule stops an item now, read as the stream job reads it: on the model's cautious
     * confidence at {@link StoppingRule#DEFAULT_SKEPTICISM}. Both adaptive modes decide here.
     */
    static boolean isFinal(OnlineDawidSkene online, String item, StoppingRule rule) {
        double confidence = online.cautiousConfidence(item, StoppingRule.DEFAULT_SKEPTICISM);
        return rule.decide(confidence, online.labelCount(item)) != StoppingRule.Decision.NEEDS_MORE;
    }

    private void report(String dataset, String mode, List<StreamRun> runs) {
        Adaptive mean = Adaptive.of(runs, seed);
        double seconds = 0;
        for (StreamRun run : runs) {
            seconds += run.seconds() / runs.size();
        }
        row(
                dataset,
                "online",
                mode,
                mean.accuracy(),
                mean.goldItems(),
                (int) Math.round(mean.labelsUsed()),
                seconds);
    }

    private void row(
            String dataset,
            String method,
            String mode,
            double accuracy,
            int goldItems,
            int labelsUsed,
            double seconds) {
        out.printf(
                "%-10s %-6s %-12s %8.4f %10d %11d %8.3f%n",
                dataset, method, mode, accuracy, goldItems, labelsUsed, seconds);
    }
}
