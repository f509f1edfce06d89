package dev.jury.consensus.online;

import dev.jury.consensus.internal.Rows;
import dev.jury.consensus.internal.StringIntMap;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dawid–Skene for streams: labels arrive one at a time, and the posterior of any item is available
 * at any moment, in bounded state.
 *
 * <p>The model is the one of {@link dev.jury.consensus.aggregation.DawidSkene}: per contributor a
 * confusion matrix, per item a hidden true class. Estimation is <em>incremental EM</em> (Neal and
 * Hinton, "A View of the EM Algorithm that Justifies Incremental, Sparse, and Other Variants",
 * 1998, doi:10.1007/978-94-011-5014-9_12): the sufficient statistics (soft confusion counts per
 * contributor, soft class counts) are a sum of one contribution per item. When an item receives a
 * label, its old contribution is subtracted, its posterior is recomputed from its labels under the
 * current confusion estimates (an E-step for that item alone), and the new contribution is added
 * back (a partial M-step). Each update also revisits a few older items in round-robin order, so
 * that early items, estimated when little was known about their contributors, are re-estimated as
 * evidence accumulates; over a stream this amounts to repeated EM sweeps spread thin.
 *
 * <p>When an item is re-estimated, its own contribution is left out of the counts, which keeps a
 * contributor seen on only one item from confirming itself. An item with a single label is not
 * counted at all (it enters the counts with its second label): its posterior is its one
 * contributor's own belief, and counting it would let a contributor who labels many items alone
 * build a record of agreeing with themselves. {@link #posterior(String)} and the other read methods
 * use the counts as they stand, the item's own share included, as batch EM does. The Dirichlet
 * prior is that of the batch model (a small pseudo-count on every confusion cell plus an extra one
 * on the diagonal) plus {@link Config#pooledPrior()} pseudo-answers per row shaped like the crowd's
 * pooled confusion (the sum of every contributor's soft counts). In a stream a contributor's prior
 * is all there is to go on for their first answers: the diagonal prior alone takes a newcomer for
 * nearly infallible, whereas the pooled one assumes they err as the crowd errs, and it keeps the
 * incremental estimates close to where batch EM ends.
 *
 * <p>State: per contributor a {@code K×K} matrix of counts and its cached logarithm; per item the
 * (contributor, class) pairs it received and its last contribution. {@link #forget(String)} drops
 * an item once the caller has published its final result; its evidence stays in the contributors'
 * counts.
 *
 * <p>Items live in one {@code int[]} of fixed-size records indexed by a dense slot, rather than as
 * one object per item: a record holds the item's counters and its first labels, so an update of an
 * item whose other state is cold costs about two cache lines there and one in the contributions
 * array, loaded together, and the round-robin refresh walks both in order, loading the records of
 * the items it visits one label ahead. Items with more labels than a record holds move them to one
 * shared pool. A million open items cost a handful of arrays instead of millions of small objects.
 *
 * <p>Not thread-safe: one instance per thread, or per Flink subtask.
 *
 * <pre>{@code
 * OnlineDawidSkene online = new OnlineDawidSkene(List.of("cat", "dog"), OnlineDawidSkene.Config.defaults());
 * online.observe("item-1", "alice", "cat");
 * online.observe("item-1", "bob", "dog");
 * Map<String, Double> posterior = online.posterior("item-1");
 * }</pre>
 */
public final class OnlineDawidSkene {

    /**
     * Hyper-parameters.
     *
     * @param smoothing pseudo-count on every confusion cell and class, at least 0
     * @param diagonalPrior extra pseudo-count on each correct-answer cell: the prior belief that a
     *     contributor is more often right than wrong
     * @param refreshesPerLabel how many older items are re-estimated per incoming label
     * @param maxLabelsPerItem labels kept per item; more are refused, which bounds item state
     * @param cacheStaleness how far a contributor's counts may move, as a share of their answers,
     *     before their cached log-confusion is recomputed (0 recomputes on every change)
     * @param pooledPrior pseudo-answers per confusion row shaped like the crowd's pooled confusion,
     *     at least 0 (0: the diagonal prior alone)
     */
    public record Config(
            double smoothing,
            double diagonalPrior,
            int refreshesPerLabel,
            int maxLabelsPerItem,
            double cacheStaleness,
            double pooledPrior) {
        public Config {
            if (!(smoothing >= 0) || !(diagonalPrior >= 0) || smoothing + diagonalPrior <= 0) {
                throw new IllegalArgumentException(
                        "smoothing and diagonalPrior must be non-negative and not both 0");
            }
            if (!(pooledPrior >= 0) || Double.isInfinite(pooledPrior)) {
                throw new IllegalArgumentException("pooledPrior must be finite and >= 0");
            }
            if (refreshesPerLabel < 0 || maxLabelsPerItem < 1 || !(cacheStaleness >= 0)) {
                throw new IllegalArgumentException(
                        "refreshesPerLabel >= 0, maxLabelsPerItem >= 1, cacheStaleness >= 0");
            }
        }

        /** Settings without a pooled prior (the model before the pooled prior was added). */
        public Config(
                double smoothing,
                double diagonalPrior,
                int refreshesPerLabel,
                int maxLabelsPerItem,
                double cacheStaleness) {
            this(smoothing, diagonalPrior, refreshesPerLabel, maxLabelsPerItem, cacheStaleness, 0);
        }

        /**
         * The defaults the benchmarks use on every dataset: one pooled pseudo-answer per confusion
         * row, and a cache refreshed once a contributor's counts moved by 0.1 % of their answers.
         * Without the pooled prior the shuffled streams ended 1.1 and 0.7 points below batch DS on
         * {@code adult} and {@code bluebirds}; with it they are within 0.5 point of batch DS on
         * four shared datasets and above it on {@code rel} and {@code adult}, where single-label
         * items, which this model does not count as evidence about their contributor, make batch DS
         * weaker; see docs/benchmarks.md.
         */
        public static Config defaults() {
            return new Config(0.01, 1.0, 2, 1024, 0.001, 1.0);
        }

        /** These settings with another number of refreshes per label. */
        public Config withRefreshesPerLabel(int refreshes) {
            return new Config(
                    smoothing,
                    diagonalPrior,
                    refreshes,
                    maxLabelsPerItem,
                    cacheStaleness,
                    pooledPrior);
        }

        /** These settings with another cap on labels per item. */
        public Config withMaxLabelsPerItem(int max) {
            return new Config(
                    smoothing, diagonalPrior, refreshesPerLabel, max, cacheStaleness, pooledPrior);
        }
    }

    /** Outcome of {@link #observe}. */
    public enum Outcome {
        /** The label was counted. */
        ACCEPTED,
        /** This contributor had already labeled this item; nothing changed. */
        DUPLICATE,
        /** The item holds {@link Config#maxLabelsPerItem()} labels already; nothing changed. */
        ITEM_FULL
    }

    private final Config config;
    private final String[] classNames;
    private final StringIntMap classIndex = new StringIntMap();
    private final int k;
    private final double rowPrior;

    private final StringIntMap workerIndex = new StringIntMap();
    private final List<String> workerNames = new ArrayList<>();
    // All of one contributor's state in one stretch of WS doubles, which an update reads and
    // writes together (one or two cache lines for a few classes, rather than one per array):
    // the sum of each count row [true], how far the counts moved since their log-confusion was
    // cached (L1, in answers), the number of answers, the soft confusion counts [true][answered]
    // and their cached logarithm [true][answered].
    private final int ws;
    private static final int TOTALS = 0;
    private final int driftAt;
    private final int answersAt;
    private final int countsAt;
    private final int cacheAt;
    private double[] workerState = new double[0];

    private final double[] classCounts;
    // [true][answered]: every contributor's soft counts summed, the shape of the pooled prior.
    private final double[] crowdCounts;
    private final double[] prior;
    private double priorDrift = Double.POSITIVE_INFINITY;

    // A label is stored as one int: (contributor << labelBits) | class.
    private final int labelBits;
    private final int labelMask;

    /**
     * Pseudo-answers of doubt the {@linkplain #cautiousPosterior cautious posterior} puts on every
     * confusion row whatever its record, when any skepticism is asked for: with none, a contributor
     * who has no counted answers yet is judged by the prior alone, which before the crowd has any
     * counts is the diagonal prior (99 % right), and their first label would resolve an item.
     */
    public static final double NEWCOMER_DOUBT = 0.5;

    // Items, by dense slot 0..itemCount-1; forget() moves the last slot into the freed one.
    // Record of slot s: items[s * RECORD ..]: SIZE labels, of which the first COUNTED were part of
    // the counts before the item's latest re-estimate; while CAPACITY is 0 the labels sit inline
    // from INLINE_AT, else at [OFFSET, OFFSET + SIZE) of the pool. 16 ints: 64 bytes, which lie
    // across two cache lines (an int[]'s elements start 16 bytes into the object); touch() loads
    // both.
    private static final int RECORD = 16;
    // A posterior is a product of one confusion cell per label, each at least about
    // smoothing / answers: every RESCALE_MASK + 1 labels the product is scaled back up if its
    // largest term fell below RESCALE_BELOW, long before it could underflow.
    private static final int RESCALE_MASK = 7;
    private static final double RESCALE_BELOW = 0x1p-100;
    private static final int SIZE = 0;
    private static final int COUNTED = 1;
    private static final int OFFSET = 2;
    private static final int CAPACITY = 3;
    private static final int INLINE_AT = 4;
    private static final int INLINE = RECORD - INLINE_AT;

    private final StringIntMap itemIndex = new StringIntMap();
    private String[] itemName = new String[0];
    // The hash code of each slot's name: forget() re-points the moved item's map entry by hash and
    // slot, without reading its (by then cold) name string.
    private int[] itemHash = new int[0];
    private int[] items = new int[0];
    // [slot][class]: the item's current share of the sufficient statistics (zero until counted).
    private double[] itemContribution = new double[0];
    private int itemCount;

    // The labels of items with more than INLINE labels. An item that outgrows its region moves to
    // the end; the pool is compacted when half of it is abandoned space.
    private int[] pool = new int[64];
    private int poolUsed;
    private int poolLive;

    private int cursor;
    // Sinks for the loads of touch(), so that the compiler keeps them; never read.
    private int touchedInts;
    private double touchedDoubles;
    private long labels;
    private final double[] previous;
    private final double[] productBuffer;
    private final double[] changeBuffer;
    private final double[] bestBuffer;
    private final double[] cautiousBuffer;

    /**
     * @param classes the label schema: every class a label may take, at least two
     * @param config hyper-parameters
     */
    public OnlineDawidSkene(List<String> classes, Config config) {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("at least two classes are needed: " + classes);
        }
        this.config = config;
        this.classNames = classes.toArray(new String[0]);
        for (int c = 0; c < classNames.length; c++) {
            if (classIndex.get(classNames[c]) != StringIntMap.ABSENT) {
                throw new IllegalArgumentException("duplicate class " + classNames[c]);
            }
            classIndex.put(classNames[c], c);
        }
        this.k = classNames.length;
        this.labelBits = 32 - Integer.numberOfLeadingZeros(k - 1);
        this.labelMask = (1 << labelBits) - 1;
        this.driftAt = k;
        this.answersAt = k + 1;
        this.countsAt = k + 2;
        this.cacheAt = k + 2 + k * k;
        this.ws = k + 2 + 2 * k * k;
        this.rowPrior = k * config.smoothing() + config.diagonalPrior() + config.pooledPrior();
        this.classCounts = new double[k];
        this.crowdCounts = new double[k * k];
        this.prior = new double[k];
        this.previous = new double[k];
        this.productBuffer = new double[k];
        this.changeBuffer = new double[k];
        this.bestBuffer = new double[k];
        this.cautiousBuffer = new double[k];
    }

    /**
     * Counts one label.
     *
     * @throws IllegalArgumentException if {@code label} is not one of the classes
     */
    public Outcome observe(String item, String worker, String label) {
        // Freshly deserialised ids are often cold in the cache: touch all three before the
        // lookups, which need each in turn, so that their misses overlap.
        int itemHash = item.hashCode();
        int workerHash = worker.hashCode();
        touchRefreshTargets();
        int c = classIndex.get(label);
        if (c == StringIntMap.ABSENT) {
            throw new IllegalArgumentException(
                    "label '" + label + "' is not in the schema " + Arrays.toString(classNames));
        }
        int slot = itemIndex.get(item, itemHash);
        // Look the contributor up without registering them: a refused label must leave no trace.
        int known = workerIndex.get(worker, workerHash);
        if (slot != StringIntMap.ABSENT) {
            touch(slot);
            if (known != StringIntMap.ABSENT && contains(slot, known)) {
                return Outcome.DUPLICATE;
            }
            if (items[slot * RECORD + SIZE] == config.maxLabelsPerItem()) {
                return Outcome.ITEM_FULL;
            }
        } else {
            slot = newItem(item, itemHash);
        }
        int w = known != StringIntMap.ABSENT ? known : registerWorker(worker);
        addLabel(slot, (w << labelBits) | c);
        workerState[w * ws + answersAt]++;
        reestimate(slot);
        labels++;
        for (int r = 0; r < config.refreshesPerLabel() && itemCount > 1; r++) {
            if (cursor >= itemCount) {
                cursor = 0;
            }
            int other = cursor++;
            if (other != slot) {
                reestimate(other);
            }
        }
        return Outcome.ACCEPTED;
    }

    /**
     * Prepares the round-robin refresh, one label ahead: loads the records and contributions of the
     * items the refresh visits at the next label, and the state of the contributors of the items it
     * visits at this one (whose records this method loaded at the previous label). A refreshed item
     * is cold, the refresh returning to it only after a whole sweep, and so are many of its
     * contributors; the hardware prefetcher does not follow a walk of two records per label among
     * the label's random accesses. Issued here, these misses overlap with those of the label's own
     * item lookup instead of stalling the refresh one after another. Only a hint: which items the
     * refresh visits does not depend on it, and if {@link #forget} moved an item into a visited
     * slot meanwhile, that item is merely loaded late.
     */
    private void touchRefreshTargets() {
        int count = itemCount;
        int refreshes = config.refreshesPerLabel();
        if (count == 0 || refreshes == 0) {
            return;
        }
        int next = cursor < count ? cursor : 0;
        for (int r = 0; r < 2 * refreshes; r++) {
            int slot = next + r;
            if (slot >= count) {
                slot -= count;
                if (slot >= count) {
                    break;
                }
            }
            if (r < refreshes) {
                touchContributors(slot);
            } else {
                touch(slot);
            }
        }
    }

    /** Loads the state of the contributors of an item whose labels sit in its record. */
    private void touchContributors(int slot) {
        int rec = slot * RECORD;
        if (items[rec + CAPACITY] != 0) {
            return;
        }
        int to = rec + INLINE_AT + items[rec + SIZE];
        double sum = 0;
        for (int j = rec + INLINE_AT; j < to; j++) {
            int at = (items[j] >>> labelBits) * ws;
            sum += workerState[at] + workerState[at + ws - 1];
        }
        touchedDoubles += sum;
    }

    /**
     * Loads both cache lines of an item's record (an {@code int[]} starts 16 bytes into its object,
     * so a 64-byte record straddles two lines) and its contribution, without waiting for them.
     */
    private void touch(int slot) {
        int rec = slot * RECORD;
        touchedInts += items[rec] + items[rec + RECORD - 1];
        touchedDoubles += itemContribution[slot * k];
    }

    /**
     * Counts a contributor's answer to a gold item, whose true class is known. The answer goes
     * straight into the contributor's confusion counts as one certain observation in the row of the
     * true class, so what gold shows about a contributor weighs on every item they label next. Gold
     * items are not held as items: their answer is known, there is nothing to estimate.
     *
     * @param worker the contributor
     * @param answered the class the contributor chose
     * @param truth the gold item's true class
     * @throws IllegalArgumentException if either class is not in the schema
     */
    public void observeGold(String worker, String answered, String truth) {
        int a = classIndex.get(answered);
        int t = classIndex.get(truth);
        if (a == StringIntMap.ABSENT || t == StringIntMap.ABSENT) {
            throw new IllegalArgumentException(
                    "gold answer '"
                            + answered
                            + "' or truth '"
                            + truth
                            + "' is not in the schema "
                            + Arrays.toString(classNames));
        }
        int known = workerIndex.get(worker);
        int w = known != StringIntMap.ABSENT ? known : registerWorker(worker);
        int at = w * ws;
        workerState[at + countsAt + t * k + a] += 1;
        crowdCounts[t * k + a] += 1;
        workerState[at + TOTALS + t] += 1;
        workerState[at + answersAt]++;
        workerState[at + driftAt] += 1;
    }

    /**
     * The current posterior of an item by class name, computed with the latest contributor
     * estimates; null if the item has no labels (or was forgotten).
     */
    public Map<String, Double> posterior(String item) {
        int slot = itemIndex.get(item);
        if (slot == StringIntMap.ABSENT) {
            return null;
        }
        double[] q = new double[k];
        posteriorInto(slot, q);
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            byName.put(classNames[c], q[c]);
        }
        return byName;
    }

    /**
     * Fills {@code out} (length = number of classes, in schema order) with the item's current
     * posterior.
     *
     * @return the number of labels the item has, or 0 if unknown (then {@code out} is untouched)
     */
    public int posterior(String item, double[] out) {
        int slot = itemIndex.get(item);
        if (slot == StringIntMap.ABSENT) {
            return 0;
        }
        posteriorInto(slot, out);
        return items[slot * RECORD + SIZE];
    }

    /**
     * Fills {@code out} with a deliberately cautious posterior of the item, for stopping decisions:
     * every contributor's confusion row, estimated from {@code m} (soft) answers, is diluted with
     * {@code skepticism * sqrt(m) + }{@link #NEWCOMER_DOUBT} extra pseudo-answers spread evenly
     * over the classes ({@code skepticism} 0: none, the cautious posterior is the posterior). The
     * doubt thus shrinks like the standard error of the estimate, {@code 1/sqrt(m)} relative to the
     * record: a contributor with a handful of answers counts for less than they seem, one with a
     * long record keeps nearly their estimated accuracy, so an item stops early only on the word of
     * proven contributors. (A fixed number of pseudo-answers, the earlier rule, shrinks like {@code
     * 1/m}: either it is large and newcomers wait for dozens of answers before they count, or it is
     * small and a veteran's estimate is taken at face value.) The ordinary {@link
     * #posterior(String, double[])} is the best estimate; this one answers "are we sure enough even
     * if the contributors are worse than they look?". It may disagree with the best estimate: stop
     * on {@link #cautiousConfidence}.
     *
     * @return the number of labels the item has, or 0 if unknown (then {@code out} is untouched)
     */
    public int cautiousPosterior(String item, double skepticism, double[] out) {
        int slot = itemIndex.get(item);
        if (slot == StringIntMap.ABSENT) {
            return 0;
        }
        cautiousPosteriorInto(slot, skepticism, out);
        return items[slot * RECORD + SIZE];
    }

    /**
     * How sure we are of the item's best class even if its contributors are worse than they look:
     * the smaller of its {@link #posterior(String, double[]) posterior} and its {@link
     * #cautiousPosterior cautious posterior}, both taken for the class the posterior favours. This
     * is what the stopping rule should read. The cautious view alone can disagree with the best
     * estimate (it dilutes each confusion row by that row's own evidence, so it may favour another
     * class or sharpen); the minimum never claims more than either view, and never for a class
     * other than the best one.
     *
     * @return a probability in [0, 1], or {@code NaN} if the item is unknown
     */
    public double cautiousConfidence(String item, double skepticism) {
        int slot = itemIndex.get(item);
        if (slot == StringIntMap.ABSENT) {
            return Double.NaN;
        }
        // Called once per label when stopping is on: reuse buffers rather than allocate.
        posteriorInto(slot, bestBuffer);
        int top = Rows.argmax(bestBuffer);
        cautiousPosteriorInto(slot, skepticism, cautiousBuffer);
        return Math.min(bestBuffer[top], cautiousBuffer[top]);
    }

    /** Number of labels an item holds, 0 if unknown. */
    public int labelCount(String item) {
        int slot = itemIndex.get(item);
        return slot == StringIntMap.ABSENT ? 0 : items[slot * RECORD + SIZE];
    }

    /**
     * Drops an item's state, keeping its evidence in the contributors' estimates. Call it once the
     * item's result is final and published.
     *
     * @return true if the item was known
     */
    public boolean forget(String item) {
        int slot = itemIndex.remove(item);
        if (slot == StringIntMap.ABSENT) {
            return false;
        }
        poolLive -= items[slot * RECORD + CAPACITY];
        int last = --itemCount;
        if (slot != last) {
            moveSlot(last, slot);
            itemIndex.replaceValue(itemHash[slot], last, slot);
        }
        itemName[last] = null;
        if (cursor > itemCount) {
            cursor = 0;
        }
        return true;
    }

    /**
     * The probability that a contributor answers correctly, averaged over the true classes with the
     * current class prior; {@code NaN} for an unknown contributor.
     */
    public double accuracy(String worker) {
        int w = workerIndex.get(worker);
        if (w == StringIntMap.ABSENT) {
            return Double.NaN;
        }
        refreshPrior();
        refreshCache(w);
        double accuracy = 0;
        for (int c = 0; c < k; c++) {
            accuracy += prior[c] * workerState[w * ws + cacheAt + c * k + c];
        }
        return accuracy;
    }

    /** The class names, in the order of posterior arrays. */
    public List<String> classes() {
        return List.of(classNames);
    }

    /** Items currently held. */
    public int itemCount() {
        return itemCount;
    }

    /** Contributors seen. */
    public int workerCount() {
        return workerNames.size();
    }

    /** Labels accepted since construction. */
    public long labelsObserved() {
        return labels;
    }

    /**
     * A copy of the whole state, for checkpoints: restoring it gives a model that answers, and
     * evolves under further labels, exactly as this one would (caches included, so results agree to
     * the last bit). The label pool is written compactly, without the free space it may hold.
     *
     * @return an independent snapshot, never null
     */
    public Snapshot snapshot() {
        int w = workerNames.size();
        int[] sizes = new int[itemCount];
        int[] counted = new int[itemCount];
        int total = 0;
        for (int slot = 0; slot < itemCount; slot++) {
            sizes[slot] = items[slot * RECORD + SIZE];
            counted[slot] = items[slot * RECORD + COUNTED];
            total += sizes[slot];
        }
        int[] labelWorkers = new int[total];
        int[] labelClasses = new int[total];
        int at = 0;
        for (int slot = 0; slot < itemCount; slot++) {
            int rec = slot * RECORD;
            int[] labelsIn = labelArray(rec);
            int from = labelStart(rec);
            for (int j = from; j < from + sizes[slot]; j++, at++) {
                labelWorkers[at] = labelsIn[j] >>> labelBits;
                labelClasses[at] = labelsIn[j] & labelMask;
            }
        }
        double[] counts = new double[w * k * k];
        double[] confusion = new double[w * k * k];
        double[] rowTotals = new double[w * k];
        int[] answers = new int[w];
        double[] drift = new double[w];
        for (int v = 0; v < w; v++) {
            int base = v * ws;
            System.arraycopy(workerState, base + countsAt, counts, v * k * k, k * k);
            System.arraycopy(workerState, base + cacheAt, confusion, v * k * k, k * k);
            System.arraycopy(workerState, base + TOTALS, rowTotals, v * k, k);
            answers[v] = (int) workerState[base + answersAt];
            drift[v] = workerState[base + driftAt];
        }
        return new Snapshot(
                config,
                classNames.clone(),
                workerNames.toArray(new String[0]),
                counts,
                confusion,
                rowTotals,
                answers,
                drift,
                classCounts.clone(),
                crowdCounts.clone(),
                prior.clone(),
                priorDrift,
                Arrays.copyOf(itemName, itemCount),
                sizes,
                counted,
                Arrays.copyOf(itemContribution, itemCount * k),
                labelWorkers,
                labelClasses,
                cursor,
                labels);
    }

    /**
     * Rebuilds a model from {@link #snapshot()}.
     *
     * @param snapshot the state to restore, not modified
     * @return a model equal in behaviour to the one that was snapshotted, never null
     */
    public static OnlineDawidSkene restore(Snapshot snapshot) {
        OnlineDawidSkene m = new OnlineDawidSkene(List.of(snapshot.classes), snapshot.config);
        int k = m.k;
        for (String worker : snapshot.workers) {
            m.registerWorker(worker);
        }
        int w = snapshot.workers.length;
        for (int v = 0; v < w; v++) {
            int base = v * m.ws;
            System.arraycopy(snapshot.counts, v * k * k, m.workerState, base + m.countsAt, k * k);
            System.arraycopy(snapshot.confusion, v * k * k, m.workerState, base + m.cacheAt, k * k);
            System.arraycopy(snapshot.rowTotals, v * k, m.workerState, base + TOTALS, k);
            m.workerState[base + m.answersAt] = snapshot.answers[v];
            m.workerState[base + m.driftAt] = snapshot.drift[v];
        }
        System.arraycopy(snapshot.classCounts, 0, m.classCounts, 0, k);
        System.arraycopy(snapshot.crowdCounts, 0, m.crowdCounts, 0, k * k);
        System.arraycopy(snapshot.prior, 0, m.prior, 0, k);
        m.priorDrift = snapshot.priorDrift;
        int at = 0;
        for (int i = 0; i < snapshot.items.length; i++) {
            int slot = m.newItem(snapshot.items[i], snapshot.items[i].hashCode());
            for (int j = 0; j < snapshot.itemSizes[i]; j++, at++) {
                m.addLabel(
                        slot,
                        (snapshot.labelWorkers[at] << m.labelBits) | snapshot.labelClasses[at]);
            }
            m.items[slot * RECORD + COUNTED] = snapshot.itemCounted[i];
            System.arraycopy(snapshot.itemContribution, i * k, m.itemContribution, slot * k, k);
        }
        m.cursor = snapshot.cursor;
        m.labels = snapshot.labelsObserved;
        return m;
    }

    /**
     * The complete state of an {@link OnlineDawidSkene}, as plain arrays: per contributor (flat,
     * {@code [worker][true][answered]}) and per item (in slot order, their labels concatenated). It
     * reads and writes itself with {@link DataOutput}, so a stream job can checkpoint it without
     * Java serialisation. Treat the arrays as read-only.
     *
     * @param config the hyper-parameters
     * @param classes the class names
     * @param workers contributor names, by index
     * @param counts soft confusion counts
     * @param confusion cached confusion probabilities, {@code P(answered | true)}
     * @param rowTotals per contributor and true class, the row sums of {@code counts}
     * @param answers labels per contributor
     * @param drift per contributor, how far the counts moved since the cache was filled
     * @param classCounts soft class counts
     * @param crowdCounts soft confusion counts summed over contributors, {@code [true][answered]}
     * @param prior cached class prior
     * @param priorDrift how far the class counts moved since the prior was cached
     * @param items item names, by slot
     * @param itemSizes labels per item
     * @param itemCounted labels per item already part of the counts
     * @param itemContribution per item and class, its share of the counts
     * @param labelWorkers contributor index of each label, items' labels concatenated
     * @param labelClasses class index of each label, parallel to {@code labelWorkers}
     * @param cursor next item of the round-robin refresh
     * @param labelsObserved labels accepted so far
     */
    public record Snapshot(
            Config config,
            String[] classes,
            String[] workers,
            double[] counts,
            double[] confusion,
            double[] rowTotals,
            int[] answers,
            double[] drift,
            double[] classCounts,
            double[] crowdCounts,
            double[] prior,
            double priorDrift,
            String[] items,
            int[] itemSizes,
            int[] itemCounted,
            double[] itemContribution,
            int[] labelWorkers,
            int[] labelClasses,
            int cursor,
            long labelsObserved) {

        // Format 3 caches probabilities where formats 1 and 2 cached their logarithms; format 2
        // added the pooled prior and the crowd's counts, which format 1 lacks.
        private static final int FORMAT = 3;
        private static final int FORMAT_LOG_CACHES = 2;
        private static final int FORMAT_WITHOUT_POOLED_PRIOR = 1;

        /**
         * This state with one more class, which no label has used yet: its confusion cells and
         * class count start at zero, so until it is answered it carries only the prior. Caches are
         * marked stale and refill on first use.
         *
         * @param name the new class, not already a class
         * @return a new snapshot, never null
         * @throws IllegalArgumentException if {@code name} is already a class
         */
        public Snapshot withClass(String name) {
            if (Arrays.asList(classes).contains(name)) {
                throw new IllegalArgumentException("already a class: " + name);
            }
            int k = classes.length;
            int k2 = k + 1;
            int w = workers.length;
            double[] counts2 = new double[w * k2 * k2];
            double[] rowTotals2 = new double[w * k2];
            for (int v = 0; v < w; v++) {
                for (int c = 0; c < k; c++) {
                    System.arraycopy(counts, (v * k + c) * k, counts2, (v * k2 + c) * k2, k);
                    rowTotals2[v * k2 + c] = rowTotals[v * k + c];
                }
            }
            double[] drift2 = new double[w];
            Arrays.fill(drift2, Double.POSITIVE_INFINITY);
            double[] crowd2 = new double[k2 * k2];
            for (int c = 0; c < k; c++) {
                System.arraycopy(crowdCounts, c * k, crowd2, c * k2, k);
            }
            double[] contribution2 = new double[items.length * k2];
            for (int i = 0; i < items.length; i++) {
                System.arraycopy(itemContribution, i * k, contribution2, i * k2, k);
            }
            String[] classes2 = Arrays.copyOf(classes, k2);
            classes2[k] = name;
            return new Snapshot(
                    config,
                    classes2,
                    workers,
                    counts2,
                    new double[w * k2 * k2],
                    rowTotals2,
                    answers,
                    drift2,
                    Arrays.copyOf(classCounts, k2),
                    crowd2,
                    new double[k2],
                    Double.POSITIVE_INFINITY,
                    items,
                    itemSizes,
                    itemCounted,
                    contribution2,
                    labelWorkers,
                    labelClasses,
                    cursor,
                    labelsObserved);
        }

        /**
         * This state with one class renamed; nothing else changes.
         *
         * @param from an existing class
         * @param to its new name, not already a class
         * @return a new snapshot, never null
         */
        public Snapshot withClassRenamed(String from, String to) {
            List<String> names = new ArrayList<>(Arrays.asList(classes));
            int at = names.indexOf(from);
            if (at < 0 || names.contains(to)) {
                throw new IllegalArgumentException("cannot rename " + from + " to " + to);
            }
            names.set(at, to);
            return new Snapshot(
                    config,
                    names.toArray(new String[0]),
                    workers,
                    counts,
                    confusion,
                    rowTotals,
                    answers,
                    drift,
                    classCounts,
                    crowdCounts,
                    prior,
                    priorDrift,
                    items,
                    itemSizes,
                    itemCounted,
                    itemContribution,
                    labelWorkers,
                    labelClasses,
                    cursor,
                    labelsObserved);
        }

        /**
         * Writes the snapshot in a versioned binary format.
         *
         * @param out where to write
         * @throws IOException if {@code out} fails
         */
        public void writeTo(DataOutput out) throws IOException {
            out.writeInt(FORMAT);
            out.writeDouble(config.smoothing());
            out.writeDouble(config.diagonalPrior());
            out.writeInt(config.refreshesPerLabel());
            out.writeInt(config.maxLabelsPerItem());
            out.writeDouble(config.cacheStaleness());
            out.writeDouble(config.pooledPrior());
            writeStrings(out, classes);
            writeStrings(out, workers);
            writeDoubles(out, counts);
            writeDoubles(out, confusion);
            writeDoubles(out, rowTotals);
            writeInts(out, answers);
            writeDoubles(out, drift);
            writeDoubles(out, classCounts);
            writeDoubles(out, crowdCounts);
            writeDoubles(out, prior);
            out.writeDouble(priorDrift);
            writeStrings(out, items);
            writeInts(out, itemSizes);
            writeInts(out, itemCounted);
            writeDoubles(out, itemContribution);
            writeInts(out, labelWorkers);
            writeInts(out, labelClasses);
            out.writeInt(cursor);
            out.writeLong(labelsObserved);
        }

        /**
         * Reads a snapshot written by {@link #writeTo(DataOutput)}.
         *
         * @param in where to read
         * @return the snapshot, never null
         * @throws IOException if {@code in} fails or holds another format
         */
        public static Snapshot readFrom(DataInput in) throws IOException {
            int format = in.readInt();
            if (format != FORMAT
                    && format != FORMAT_LOG_CACHES
                    && format != FORMAT_WITHOUT_POOLED_PRIOR) {
                throw new IOException("unknown OnlineDawidSkene snapshot format " + format);
            }
            boolean pooled = format != FORMAT_WITHOUT_POOLED_PRIOR;
            // Older formats cached logarithms: their caches are dropped and marked stale, so they
            // refill from the counts on first use.
            boolean cachesUsable = format == FORMAT;
            Config config =
                    new Config(
                            in.readDouble(),
                            in.readDouble(),
                            in.readInt(),
                            in.readInt(),
                            in.readDouble(),
                            pooled ? in.readDouble() : 0);
            String[] classes = readStrings(in);
            String[] workers = readStrings(in);
            double[] counts = readDoubles(in);
            double[] confusion = readDoubles(in);
            double[] rowTotals = readDoubles(in);
            int[] answers = readInts(in);
            double[] drift = readDoubles(in);
            if (!cachesUsable) {
                Arrays.fill(confusion, 0);
                Arrays.fill(drift, Double.POSITIVE_INFINITY);
            }
            double[] classCounts = readDoubles(in);
            // A format-1 model had no pooled prior, so the crowd's counts only shape priors from
            // now on: their sum over contributors is exact enough.
            double[] crowdCounts =
                    pooled ? readDoubles(in) : crowdOf(counts, classes.length * classes.length);
            double[] prior = readDoubles(in);
            double priorDrift = in.readDouble();
            if (!cachesUsable) {
                Arrays.fill(prior, 0);
                priorDrift = Double.POSITIVE_INFINITY;
            }
            return new Snapshot(
                    config,
                    classes,
                    workers,
                    counts,
                    confusion,
                    rowTotals,
                    answers,
                    drift,
                    classCounts,
                    crowdCounts,
                    prior,
                    priorDrift,
                    readStrings(in),
                    readInts(in),
                    readInts(in),
                    readDoubles(in),
                    readInts(in),
                    readInts(in),
                    in.readInt(),
                    in.readLong());
        }

        private static double[] crowdOf(double[] counts, int cells) {
            double[] crowd = new double[cells];
            for (int i = 0; i < counts.length; i++) {
                crowd[i % cells] += counts[i];
            }
            return crowd;
        }

        private static void writeStrings(DataOutput out, String[] values) throws IOException {
            out.writeInt(values.length);
            for (String v : values) {
                out.writeUTF(v);
            }
        }

        private static String[] readStrings(DataInput in) throws IOException {
            String[] values = new String[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readUTF();
            }
            return values;
        }

        // Arrays go through one byte buffer each: the bytes are those of writeDouble and writeInt
        // per value (big-endian; a NaN would keep its payload, and the state holds none), but a
        // checkpoint then makes one call per array instead of one interface call per value on a
        // DataOutput the JIT cannot inline. The whole state is buffered in memory before it is
        // written anyway (CompactStateSerializer), so an array-sized buffer costs no more.
        private static void writeDoubles(DataOutput out, double[] values) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES);
            bytes.asDoubleBuffer().put(values);
            out.writeInt(values.length);
            out.write(bytes.array());
        }

        private static double[] readDoubles(DataInput in) throws IOException {
            double[] values = new double[in.readInt()];
            ByteBuffer.wrap(readBytes(in, values.length * Double.BYTES))
                    .asDoubleBuffer()
                    .get(values);
            return values;
        }

        private static void writeInts(DataOutput out, int[] values) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES);
            bytes.asIntBuffer().put(values);
            out.writeInt(values.length);
            out.write(bytes.array());
        }

        private static int[] readInts(DataInput in) throws IOException {
            int[] values = new int[in.readInt()];
            ByteBuffer.wrap(readBytes(in, values.length * Integer.BYTES)).asIntBuffer().get(values);
            return values;
        }

        private static byte[] readBytes(DataInput in, int length) throws IOException {
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return bytes;
        }
    }

    /** Rough size of the state in bytes, for metrics. */
    public long estimatedStateBytes() {
        long perWorker = 8L * ws + 64;
        long perItemSlot = 4L * RECORD + 8L * k + 8 + 32;
        return perWorker * workerNames.size() + perItemSlot * itemName.length + 4L * pool.length;
    }

    private int registerWorker(String worker) {
        int index = workerNames.size();
        if (index > (Integer.MAX_VALUE >>> labelBits)) {
            throw new IllegalStateException("too many contributors for " + k + " classes");
        }
        workerNames.add(worker);
        workerIndex.put(worker, index);
        if ((index + 1) * ws > workerState.length) {
            workerState = Arrays.copyOf(workerState, Math.max(16, index * 2) * ws);
        }
        // Force a cache fill on first use.
        workerState[index * ws + driftAt] = Double.POSITIVE_INFINITY;
        return index;
    }

    private int newItem(String item, int hash) {
        int slot = itemCount++;
        if (slot == itemName.length) {
            int capacity = Math.max(16, slot * 2);
            itemName = Arrays.copyOf(itemName, capacity);
            itemHash = Arrays.copyOf(itemHash, capacity);
            items = Arrays.copyOf(items, capacity * RECORD);
            itemContribution = Arrays.copyOf(itemContribution, capacity * k);
        }
        itemName[slot] = item;
        itemHash[slot] = hash;
        int rec = slot * RECORD;
        items[rec + SIZE] = 0;
        items[rec + COUNTED] = 0;
        items[rec + OFFSET] = 0;
        items[rec + CAPACITY] = 0;
        Arrays.fill(itemContribution, slot * k, slot * k + k, 0);
        itemIndex.putAbsent(item, hash, slot);
        return slot;
    }

    private void moveSlot(int from, int to) {
        itemName[to] = itemName[from];
        itemHash[to] = itemHash[from];
        System.arraycopy(items, from * RECORD, items, to * RECORD, RECORD);
        System.arraycopy(itemContribution, from * k, itemContribution, to * k, k);
    }

    /** The array holding the item's labels: the records themselves, or the pool. */
    private int[] labelArray(int rec) {
        return items[rec + CAPACITY] == 0 ? items : pool;
    }

    /** Where the item's labels start in {@link #labelArray}. */
    private int labelStart(int rec) {
        return items[rec + CAPACITY] == 0 ? rec + INLINE_AT : items[rec + OFFSET];
    }

    private boolean contains(int slot, int worker) {
        int rec = slot * RECORD;
        int[] labelsIn = labelArray(rec);
        int from = labelStart(rec);
        int to = from + items[rec + SIZE];
        for (int j = from; j < to; j++) {
            if (labelsIn[j] >>> labelBits == worker) {
                return true;
            }
        }
        return false;
    }

    private void addLabel(int slot, int packed) {
        int rec = slot * RECORD;
        int size = items[rec + SIZE];
        int capacity = items[rec + CAPACITY];
        if (capacity == 0 && size < INLINE) {
            items[rec + INLINE_AT + size] = packed;
        } else {
            if (size == capacity || capacity == 0) {
                grow(slot);
            }
            pool[items[rec + OFFSET] + size] = packed;
        }
        items[rec + SIZE] = size + 1;
    }

    /**
     * Gives the item a region twice as large at the end of the pool (twice the inline room when it
     * leaves its record).
     */
    private void grow(int slot) {
        int rec = slot * RECORD;
        int oldCapacity = items[rec + CAPACITY];
        int capacity = Math.max(2 * INLINE, oldCapacity * 2);
        if (poolUsed - poolLive > poolLive && poolUsed > 1024) {
            compact();
        }
        if (poolUsed + capacity > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(poolUsed + capacity, pool.length * 2));
        }
        System.arraycopy(labelArray(rec), labelStart(rec), pool, poolUsed, items[rec + SIZE]);
        items[rec + OFFSET] = poolUsed;
        items[rec + CAPACITY] = capacity;
        poolUsed += capacity;
        poolLive += capacity - oldCapacity;
    }

    /** Rewrites the pool in slot order, dropping the space that moved or forgotten items left. */
    private void compact() {
        int[] compacted = new int[Math.max(64, poolLive * 2)];
        int at = 0;
        for (int slot = 0; slot < itemCount; slot++) {
            int rec = slot * RECORD;
            if (items[rec + CAPACITY] != 0) {
                System.arraycopy(pool, items[rec + OFFSET], compacted, at, items[rec + SIZE]);
                items[rec + OFFSET] = at;
                at += items[rec + CAPACITY];
            }
        }
        pool = compacted;
        poolUsed = at;
        poolLive = at;
    }

    /**
     * Recomputes the item's posterior and replaces its old contribution to the counts with the new
     * one. The item's old contribution is taken out first, so the item does not vouch for its own
     * contributors. Each contributor's counts move by how much the posterior moved (a label new to
     * the counts moves them by a whole answer), which is what decides when their cache is stale.
     *
     * <p>Two passes over the labels: the first takes each label's old share out of its
     * contributor's counts and then reads that contributor's log-confusion (an item has each
     * contributor at most once, so this equals taking all shares out first); the second adds the
     * new shares back.
     */
    private void reestimate(int slot) {
        int rec = slot * RECORD;
        if (items[rec + SIZE] < 2) {
            // An item with one label says nothing about its contributor: its posterior is that
            // contributor's own confusion column, so counting it would only confirm what the model
            // already believes of them. With stopping on, such self-confirmation compounds: a
            // prolific contributor who labels many items first gains a long record of agreeing
            // with themselves, their single labels start to resolve items, and those items never
            // get the label that would have contradicted them (adult, in the task API's order:
            // 186 of 333 gold items resolved on one label, 82 % of them right at a claimed 98 %).
            // So an item enters the counts with its second label, and both its labels then count.
            return;
        }
        int base = slot * k;
        int[] labelsIn = labelArray(rec);
        int from = labelStart(rec);
        int counted = from + items[rec + COUNTED];
        int to = from + items[rec + SIZE];
        double[] state = workerState;
        double[] old = previous;
        System.arraycopy(itemContribution, base, old, 0, k);
        if (counted > from) {
            for (int c = 0; c < k; c++) {
                classCounts[c] -= old[c];
            }
            // The crowd's counts shape every contributor's pooled prior: take the item's share out
            // of them while its contributors' caches may be refilled, as for the class counts.
            for (int j = from; j < counted; j++) {
                int answered = labelsIn[j] & labelMask;
                for (int c = 0; c < k; c++) {
                    crowdCounts[c * k + answered] -= old[c];
                }
            }
        }
        refreshPrior();
        double[] q = productBuffer;
        System.arraycopy(prior, 0, q, 0, k);
        for (int j = from; j < to; j++) {
            int packed = labelsIn[j];
            int w = packed >>> labelBits;
            int at = w * ws;
            int answered = packed & labelMask;
            int cell = at + answered;
            if (isStale(w)) {
                fillCache(w, j < counted ? answered : -1, old);
            }
            for (int c = 0; c < k; c++) {
                q[c] *= state[cell + cacheAt + c * k];
            }
            if (((j - from) & RESCALE_MASK) == RESCALE_MASK) {
                rescale(q);
            }
        }
        normalise(q);
        double moved = 0;
        double[] change = changeBuffer;
        for (int c = 0; c < k; c++) {
            itemContribution[base + c] = q[c];
            classCounts[c] += q[c];
            moved += Math.abs(q[c] - old[c]);
            change[c] = q[c] - old[c];
        }
        for (int j = from; j < to; j++) {
            int packed = labelsIn[j];
            int w = packed >>> labelBits;
            int at = w * ws;
            int answered = packed & labelMask;
            int cell = at + answered;
            // A label already counted moves by the change of the posterior, a new one by all of it.
            double[] delta = j < counted ? change : q;
            for (int c = 0; c < k; c++) {
                state[cell + countsAt + c * k] += delta[c];
                state[at + TOTALS + c] += delta[c];
                crowdCounts[c * k + answered] += q[c];
            }
            state[at + driftAt] += j < counted ? moved : 1;
        }
        items[rec + COUNTED] = to - from;
        priorDrift += moved;
    }

    /**
     * Scales a row of unnormalised probabilities up by a power of two when its largest term has
     * become small, so that a long product of confusion cells cannot underflow. A power of two
     * changes only the exponents, so the normalised row is exactly what it would have been.
     */
    private static void rescale(double[] q) {
        double max = 0;
        for (double v : q) {
            max = Math.max(max, v);
        }
        if (max < RESCALE_BELOW && max > 0) {
            double factor = Math.scalb(1.0, -Math.getExponent(max));
            for (int c = 0; c < q.length; c++) {
                q[c] *= factor;
            }
        }
    }

    /** Normalises a row of unnormalised probabilities to sum 1; all zeros become uniform. */
    private static void normalise(double[] q) {
        double sum = 0;
        for (double v : q) {
            sum += v;
        }
        if (!(sum > 0)) {
            Arrays.fill(q, 1.0 / q.length);
            return;
        }
        double inverse = 1 / sum;
        for (int c = 0; c < q.length; c++) {
            q[c] *= inverse;
        }
    }

    private void cautiousPosteriorInto(int slot, double skepticism, double[] out) {
        refreshPrior();
        double[] q = productBuffer;
        System.arraycopy(prior, 0, q, 0, k);
        int rec = slot * RECORD;
        int[] labelsIn = labelArray(rec);
        int from = labelStart(rec);
        int to = from + items[rec + SIZE];
        // No skepticism asked, no doubt at all: the cautious posterior is then the posterior.
        double floor = skepticism > 0 ? NEWCOMER_DOUBT : 0;
        for (int j = from; j < to; j++) {
            int w = labelsIn[j] >>> labelBits;
            refreshCache(w);
            int base = w * ws + cacheAt + (labelsIn[j] & labelMask);
            for (int c = 0; c < k; c++) {
                // Undo the cached normalisation to get the row's effective count, then dilute it
                // with skepticism * sqrt(answers) pseudo-answers spread evenly: the doubt tracks
                // the standard error of the row's estimate, which only the contributor's answers
                // reduce. The prior's pseudo-answers are not evidence, so they add no doubt of
                // their own; but a row with no answers is the prior alone, and before the crowd has
                // any counts that prior takes a newcomer for 99 % right, so every row is doubted by
                // at least NEWCOMER_DOUBT.
                // (Spreading the doubt like the crowd's pooled confusion was tried: early in a
                // stream the pool is as over-confident as everyone in it, and possent lost 8
                // points of accuracy.)
                double answers = Math.max(workerState[w * ws + TOTALS + c], 0);
                double rowCount = answers + rowPrior;
                double cell = workerState[base + c * k] * rowCount;
                double doubt = skepticism * Math.sqrt(answers) + floor;
                q[c] *= (cell + doubt / k) / (rowCount + doubt);
            }
            if (((j - from) & RESCALE_MASK) == RESCALE_MASK) {
                rescale(q);
            }
        }
        normalise(q);
        System.arraycopy(q, 0, out, 0, k);
    }

    private void posteriorInto(int slot, double[] out) {
        refreshPrior();
        double[] q = productBuffer;
        System.arraycopy(prior, 0, q, 0, k);
        int rec = slot * RECORD;
        int[] labelsIn = labelArray(rec);
        int from = labelStart(rec);
        int to = from + items[rec + SIZE];
        for (int j = from; j < to; j++) {
            int w = labelsIn[j] >>> labelBits;
            refreshCache(w);
            int base = w * ws + cacheAt + (labelsIn[j] & labelMask);
            for (int c = 0; c < k; c++) {
                q[c] *= workerState[base + c * k];
            }
            if (((j - from) & RESCALE_MASK) == RESCALE_MASK) {
                rescale(q);
            }
        }
        normalise(q);
        System.arraycopy(q, 0, out, 0, k);
    }

    private void refreshCache(int w) {
        if (isStale(w)) {
            fillCache(w, -1, null);
        }
    }

    /**
     * Whether a contributor's cached confusion is stale. Counts drift a little with every item that
     * is re-estimated; recomputing k*k cells for each drift would dominate the update, so the cache
     * is refreshed once the drift is a noticeable share of the contributor's evidence.
     */
    private boolean isStale(int w) {
        int at = w * ws;
        return workerState[at + driftAt] > config.cacheStaleness() * workerState[at + answersAt];
    }

    /**
     * Recomputes a contributor's cached confusion from their counts, leaving out, when {@code
     * excluded >= 0}, the share {@code share[true]} of their answer {@code excluded} to the item
     * being re-estimated: the item must not vouch for its own contributor.
     */
    private void fillCache(int w, int excluded, double[] share) {
        double[] state = workerState;
        int at = w * ws;
        double pooled = config.pooledPrior();
        for (int c = 0; c < k; c++) {
            int row = c * k;
            double own = excluded >= 0 ? share[c] : 0;
            double inverseTotal = 1 / (state[at + TOTALS + c] - own + rowPrior);
            // The crowd's row, with the same smoothing and diagonal prior as a contributor's so
            // that it is defined before any answer; it adds exactly `pooled` to the row.
            double crowdRow = rowPrior - pooled;
            for (int l = 0; l < k; l++) {
                crowdRow += Math.max(crowdCounts[row + l], 0);
            }
            // One division per row: the pooled pseudo-answers per unit of the crowd's row.
            double crowdScale = pooled > 0 ? pooled / crowdRow : 0;
            for (int l = 0; l < k; l++) {
                double base = config.smoothing() + (c == l ? config.diagonalPrior() : 0);
                double crowdCell = Math.max(crowdCounts[row + l], 0) + base;
                double pseudo = base + crowdScale * crowdCell;
                double count = state[at + countsAt + row + l] - (l == excluded ? own : 0);
                state[at + cacheAt + row + l] = (Math.max(count, 0) + pseudo) * inverseTotal;
            }
        }
        state[at + driftAt] = 0;
    }

    private void refreshPrior() {
        if (priorDrift <= config.cacheStaleness() * itemCount) {
            return;
        }
        double total = 0;
        for (double v : classCounts) {
            total += Math.max(v, 0) + config.smoothing() + 1;
        }
        for (int c = 0; c < k; c++) {
            prior[c] = (Math.max(classCounts[c], 0) + config.smoothing() + 1) / total;
        }
        priorDrift = 0;
    }
}
