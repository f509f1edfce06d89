package dev.jury.bench.jmh;

import dev.jury.consensus.Vote;
import dev.jury.consensus.online.OnlineDawidSkene;
import dev.jury.datasets.CrowdSimulator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Update rate of the online aggregator on one core: labels per second through {@link
 * OnlineDawidSkene#observe}, on a synthetic stream of 1 M labels (200 k items, 5 labels each, 2 000
 * contributors), each invocation starting from an empty aggregator.
 *
 * <p>Run with {@code ./jury bench online}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class OnlineUpdateBenchmark {
    static final int LABELS = 1_000_000;

    @Param({"2", "4"})
    public int classes;

    @Param({"0", "2"})
    public int refreshesPerLabel;

    private String[] items;
    private String[] workers;
    private String[] labels;
    private List<String> classNames;
    private OnlineDawidSkene online;

    @Setup(Level.Trial)
    public void generate() {
        CrowdSimulator simulator = new CrowdSimulator(LABELS / 5, 2_000, classes, 5, 0.55, 0.95, 7);
        List<Vote> votes = simulator.generate().votes();
        items = new String[votes.size()];
        workers = new String[votes.size()];
        labels = new String[votes.size()];
        for (int i = 0; i < votes.size(); i++) {
            // Strings cache their hash: as with deserialised events, each is hashed once per map.
            items[i] = votes.get(i).task();
            workers[i] = votes.get(i).worker();
            labels[i] = votes.get(i).label();
        }
        classNames = simulator.classNames();
    }

    @Setup(Level.Invocation)
    public void freshAggregator() {
        online =
                new OnlineDawidSkene(
                        classNames,
                        OnlineDawidSkene.Config.defaults()
                                .withRefreshesPerLabel(refreshesPerLabel));
    }

    @Benchmark
    @OperationsPerInvocation(LABELS)
    public long observeAll() {
        for (int i = 0; i < items.length; i++) {
            online.observe(items[i], workers[i], labels[i]);
        }
        return online.labelsObserved();
    }
}
