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
 * <p>The stream is synthetic: 1 M labels (200 k items, 5 labels each, 2 000 contributors), in one
 * of two orders ({@link #order}):
 *
 * <ul>
 *   <li>{@code shuffled}: the whole stream shuffled, so an item's five labels are spread over all
 *       of it and most of the 200 k items are open at once: the worst case for the caches, and not
 *       what a project produces;
 *   <li>{@code window}: items start one after another and each item's labels arrive at random
 *       within the next {@value #WINDOW_LABELS} labels (about 4 k items open at once), the shape
 *       the task API gives a project's stream: it hands out the items closest to resolution first,
 *       so an item collects its labels from the contributors working at the same time.
 * </ul>
 *
 * An item is {@linkplain OnlineDawidSkene#forget forgotten} when its last label arrives, as the
 * stream job drops an item once its result is final, so the measured loop includes that. The trial
 * set-up plays the whole stream once; every invocation then restores that warm state (every
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

    /** Arrival order of the labels: {@code shuffled} or {@code window} (see the class comment). */
    @Param({"shuffled", "window"})
    public String order;

    /** How many labels an item's labels are spread over in the {@code window} order. */
    static final int WINDOW_LABELS = 20_000;

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
        List<Vote> votes = arrange(simulator.generate().votes());
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

    /** The simulator's shuffled stream, or the same labels in the window order. */
    private List<Vote> arrange(List<Vote> shuffled) {
        if (order.equals("shuffled")) {
            return shuffled;
        }
        if (!order.equals("window")) {
            throw new IllegalArgumentException("order is shuffled or window, not " + order);
        }
        // Item k opens at label 5k; each of its labels gets a random arrival within the window.
        Map<String, Integer> itemIndex = new HashMap<>();
        java.util.Random random = new java.util.Random(11);
        List<Vote> arranged = new java.util.ArrayList<>(shuffled);
        Map<Vote, Double> arrival = new java.util.IdentityHashMap<>();
        for (Vote v : shuffled) {
            int k = itemIndex.computeIfAbsent(v.task(), t -> itemIndex.size());
            arrival.put(v, k * (double) LABELS_PER_ITEM + random.nextDouble() * WINDOW_LABELS);
        }
        arranged.sort(java.util.Comparator.comparingDouble(arrival::get));
        return arranged;
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
