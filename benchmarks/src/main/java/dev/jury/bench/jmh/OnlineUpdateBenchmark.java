package dev.jury.bench.jmh;

import dev.jury.consensus.Vote;
import dev.jury.consensus.online.OnlineDawidSkene;
import dev.jury.datasets.CrowdSimulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * OnlineDawidSkene#observe}, in the steady state of a running consensus job.
 *
 * <p>The stream is synthetic: 1 M labels (200 k items, 5 labels each, 2 000 contributors),
 * shuffled. An item is {@linkplain OnlineDawidSkene#forget forgotten} when its last label arrives,
 * as the stream job drops an item once its result is final, so the measured loop includes that. The
 * trial set-up plays the whole stream once; every invocation then restores that warm state (every
 * contributor known, no open items) and plays the stream again. Without the warm state each
 * invocation measured mostly first-time registration, cold memory and the growth of empty arrays,
 * and its figure swung with the garbage collector; restoring the same state also keeps the
 * contributors' records from growing from one invocation to the next, which would make the figure
 * depend on how long JMH ran.
 *
 * <p>Contributor and class ids are one string per contributor and per class, items one string per
 * item (see {@link #generate}): the input strings of a label should cost what a just-deserialised
 * event costs, not a cache miss per string.
 *
 * <p>Run with {@code ./jury bench online}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class OnlineUpdateBenchmark {
    static final int LABELS = 1_000_000;
    static final int LABELS_PER_ITEM = 5;

    @Param({"2", "4"})
    public int classes;

    @Param({"0", "2"})
    public int refreshesPerLabel;

    private String[] items;
    private String[] workers;
    private String[] labels;
    // True at the position of each item's last label, where the item is forgotten.
    private boolean[] lastOfItem;
    private OnlineDawidSkene.Snapshot warm;
    private OnlineDawidSkene online;

    @Setup(Level.Trial)
    public void generate() {
        CrowdSimulator simulator =
                new CrowdSimulator(
                        LABELS / LABELS_PER_ITEM, 2_000, classes, LABELS_PER_ITEM, 0.55, 0.95, 7);
        List<Vote> votes = simulator.generate().votes();
        items = new String[votes.size()];
        workers = new String[votes.size()];
        labels = new String[votes.size()];
        lastOfItem = new boolean[votes.size()];
        Map<String, Integer> seen = new HashMap<>();
        Map<String, String> canonical = new HashMap<>();
        for (int i = 0; i < votes.size(); i++) {
            // Strings cache their hash: as with deserialised events, each is hashed once per map.
            items[i] = votes.get(i).task();
            // The simulator makes a new contributor and class string for every label: a million
            // objects read once per pass, each a cache miss or two the stream job never pays (its
            // ids were just deserialised, so they are in the cache). One string per contributor and
            // class keeps them cached, as they are in the job. Items keep the simulator's one
            // string
            // per item, cold when an item's next label comes: that stands in for the job's read of
            // the stored id it compares with.
            workers[i] = canonical.computeIfAbsent(votes.get(i).worker(), id -> id);
            labels[i] = canonical.computeIfAbsent(votes.get(i).label(), id -> id);
            lastOfItem[i] = seen.merge(items[i], 1, Integer::sum) == LABELS_PER_ITEM;
        }
        online =
                new OnlineDawidSkene(
                        simulator.classNames(),
                        OnlineDawidSkene.Config.defaults()
                                .withRefreshesPerLabel(refreshesPerLabel));
        playStream();
        warm = online.snapshot();
    }

    @Setup(Level.Invocation)
    public void restoreWarmState() {
        online = OnlineDawidSkene.restore(warm);
    }

    @Benchmark
    @OperationsPerInvocation(LABELS)
    public long observeAll() {
        playStream();
        return online.labelsObserved();
    }

    private void playStream() {
        for (int i = 0; i < items.length; i++) {
            online.observe(items[i], workers[i], labels[i]);
            if (lastOfItem[i]) {
                online.forget(items[i]);
            }
        }
    }
}
