package dev.jury.consensus.aggregation;

import java.nio.file.Path;
import java.util.List;

/**
 * Prints the accuracy and fit time of majority vote, GLAD and MACE on the shared real datasets. Not
 * a test (it takes several seconds): run its {@code main} from the IDE or with {@code java -cp
 * target/classes:target/test-classes dev.jury.consensus.aggregation.GladMaceBenchmark}.
 */
public final class GladMaceBenchmark {
    private static final List<String> DATASETS =
            List.of("product", "possent", "rel", "adult", "rte", "bluebirds");

    private GladMaceBenchmark() {}

    public static void main(String[] args) {
        Path root =
                RealDatasets.locate()
                        .orElseThrow(() -> new IllegalStateException("no shared/datasets found"));
        List<Aggregator> aggregators = List.of(new MajorityVote(), new Glad(), new Mace());
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf(
                "%-10s %7s %7s %8s %5s %8s%n", "dataset", "method", "acc", "ms", "iter", "loss");
        for (String name : DATASETS) {
            RealDatasets.Dataset data = RealDatasets.load(root, name);
            for (Aggregator aggregator : aggregators) {
                Aggregation result = null;
                long best = Long.MAX_VALUE;
                for (int round = 0; round < rounds; round++) {
                    long start = System.nanoTime();
                    result = aggregator.fit(data.answers());
                    best = Math.min(best, System.nanoTime() - start);
                }
                double[] history = result.lossHistory();
                System.out.printf(
                        "%-10s %7s %7.4f %8.1f %5d %8.1f%n",
                        name,
                        aggregator.name(),
                        RealDatasets.accuracy(result, data.truth()),
                        best / 1e6,
                        history.length,
                        history.length == 0 ? Double.NaN : history[history.length - 1]);
            }
        }
    }
}
