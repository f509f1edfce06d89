package dev.jury.consensus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, dictionary-encoded table of crowd answers, the input of every batch aggregator.
 *
 * <p>Items, contributors and classes are numbered densely in order of first appearance (classes in
 * sorted order, so that the numbering does not depend on the order of the answers), and each answer
 * is stored as three parallel {@code int} arrays. Algorithms iterate those arrays directly; the
 * names are only needed at the edges.
 *
 * <p>A contributor answers an item at most once. Raw data sometimes holds a second answer to the
 * same item (the shared {@code rel} and {@code adult} sets do); {@link Builder} keeps the first and
 * counts the rest as {@link #duplicatesDropped()}, matching the API, which refuses a second label
 * from the same contributor on the same item.
 *
 * <pre>{@code
 * AnswerTable answers = AnswerTable.of(List.of(
 *         new Vote("t1", "w1", "cat"), new Vote("t1", "w2", "dog"), new Vote("t1", "w3", "cat")));
 * Aggregation result = new MajorityVote().fit(answers);
 * }</pre>
 */
public final class AnswerTable {
    private final String[] taskNames;
    private final String[] workerNames;
    private final String[] labelNames;
    private final int[] task;
    private final int[] worker;
    private final int[] label;
    private final int duplicatesDropped;
    private final Map<String, Integer> taskIndex;
    private final Map<String, Integer> workerIndex;
    private final Map<String, Integer> labelIndex;

    private AnswerTable(
            String[] taskNames,
            String[] workerNames,
            String[] labelNames,
            int[] task,
            int[] worker,
            int[] label,
            int duplicatesDropped) {
        this.taskNames = taskNames;
        this.workerNames = workerNames;
        this.labelNames = labelNames;
        this.task = task;
        this.worker = worker;
        this.label = label;
        this.duplicatesDropped = duplicatesDropped;
        this.taskIndex = indexOf(taskNames);
        this.workerIndex = indexOf(workerNames);
        this.labelIndex = indexOf(labelNames);
    }

    /**
     * Builds a table from votes, keeping the first answer of each (task, worker) pair.
     *
     * @throws IllegalArgumentException if {@code votes} is empty
     */
    public static AnswerTable of(Collection<Vote> votes) {
        Builder builder = builder();
        for (Vote vote : votes) {
            builder.add(vote.task(), vote.worker(), vote.label());
        }
        return builder.build();
    }

    /** Returns a builder that accepts answers one at a time. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of answers (rows). */
    public int size() {
        return task.length;
    }

    /** Number of distinct items. */
    public int taskCount() {
        return taskNames.length;
    }

    /** Number of distinct contributors. */
    public int workerCount() {
        return workerNames.length;
    }

    /** Number of distinct classes seen in the answers. */
    public int labelCount() {
        return labelNames.length;
    }

    /** Item index of answer {@code row}. */
    public int task(int row) {
        return task[row];
    }

    /** Contributor index of answer {@code row}. */
    public int worker(int row) {
        return worker[row];
    }

    /** Class index of answer {@code row}. */
    public int label(int row) {
        return label[row];
    }

    /** Name of item {@code t}. */
    public String taskName(int t) {
        return taskNames[t];
    }

    /** Name of contributor {@code w}. */
    public String workerName(int w) {
        return workerNames[w];
    }

    /** Name of class {@code k}. */
    public String labelName(int k) {
        return labelNames[k];
    }

    /** Class names in index order; a fresh copy. */
    public List<String> labelNames() {
        return List.of(labelNames);
    }

    /** Item names in index order; a fresh copy. */
    public List<String> taskNames() {
        return List.of(taskNames);
    }

    /** Contributor names in index order; a fresh copy. */
    public List<String> workerNames() {
        return List.of(workerNames);
    }

    /** Index of the named item, or -1 if it has no answers. */
    public int taskIndex(String name) {
        return taskIndex.getOrDefault(name, -1);
    }

    /** Index of the named contributor, or -1 if absent. */
    public int workerIndex(String name) {
        return workerIndex.getOrDefault(name, -1);
    }

    /** Index of the named class, or -1 if no answer used it. */
    public int labelIndex(String name) {
        return labelIndex.getOrDefault(name, -1);
    }

    /** Second and later answers to the same item by the same contributor, dropped on build. */
    public int duplicatesDropped() {
        return duplicatesDropped;
    }

    /** Copy of the item column; algorithms that loop hard can read it without bounds checks. */
    public int[] taskColumn() {
        return task.clone();
    }

    /** Copy of the contributor column. */
    public int[] workerColumn() {
        return worker.clone();
    }

    /** Copy of the class column. */
    public int[] labelColumn() {
        return label.clone();
    }

    /** Number of answers each item received. */
    public int[] answersPerTask() {
        int[] counts = new int[taskNames.length];
        for (int t : task) {
            counts[t]++;
        }
        return counts;
    }

    /** Number of answers each contributor gave. */
    public int[] answersPerWorker() {
        int[] counts = new int[workerNames.length];
        for (int w : worker) {
            counts[w]++;
        }
        return counts;
    }

    /** The answers as votes, in row order. */
    public List<Vote> votes() {
        List<Vote> votes = new ArrayList<>(task.length);
        for (int i = 0; i < task.length; i++) {
            votes.add(new Vote(taskNames[task[i]], workerNames[worker[i]], labelNames[label[i]]));
        }
        return votes;
    }

    private static Map<String, Integer> indexOf(String[] names) {
        Map<String, Integer> index = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
        return index;
    }

    /** Accumulates answers; not thread-safe. */
    public static final class Builder {
        private final Map<String, Integer> tasks = new HashMap<>();
        private final Map<String, Integer> workers = new HashMap<>();
        private final List<String> taskNames = new ArrayList<>();
        private final List<String> workerNames = new ArrayList<>();
        private final List<String> rawLabels = new ArrayList<>();
        private final Set<Long> seenPairs = new HashSet<>();
        private final Set<String> extraLabels = new HashSet<>();
        private int[] task = new int[1024];
        private int[] worker = new int[1024];
        private int size;
        private int duplicates;

        private Builder() {}

        /**
         * Adds one answer; a repeated (task, worker) pair is dropped and counted.
         *
         * @return true if the answer was kept
         */
        public boolean add(String taskName, String workerName, String labelName) {
            if (taskName == null || workerName == null || labelName == null) {
                throw new IllegalArgumentException(
                        "an answer needs a task, a worker and a label; got "
                                + taskName
                                + ", "
                                + workerName
                                + ", "
                                + labelName);
            }
            int t = tasks.computeIfAbsent(taskName, n -> add(taskNames, n));
            int w = workers.computeIfAbsent(workerName, n -> add(workerNames, n));
            if (!seenPairs.add(((long) t << 32) | w)) {
                duplicates++;
                return false;
            }
            if (size == task.length) {
                task = Arrays.copyOf(task, size * 2);
                worker = Arrays.copyOf(worker, size * 2);
            }
            task[size] = t;
            worker[size] = w;
            rawLabels.add(labelName);
            size++;
            return true;
        }

        /**
         * Declares a class that may have no answers, so that results carry a (zero) posterior for
         * it; gold labels outside the observed classes need this.
         *
         * @throws IllegalArgumentException if {@code labelName} is null
         */
        public Builder declareLabel(String labelName) {
            if (labelName == null) {
                throw new IllegalArgumentException("a declared label needs a name");
            }
            extraLabels.add(labelName);
            return this;
        }

        /**
         * Builds the table.
         *
         * @throws IllegalArgumentException if no answer was added
         */
        public AnswerTable build() {
            if (size == 0) {
                throw new IllegalArgumentException("cannot aggregate an empty answer table");
            }
            Set<String> distinct = new HashSet<>(rawLabels);
            distinct.addAll(extraLabels);
            String[] labelNames = distinct.toArray(new String[0]);
            Arrays.sort(labelNames);
            Map<String, Integer> labelIndex = indexOf(labelNames);
            int[] label = new int[size];
            for (int i = 0; i < size; i++) {
                label[i] = labelIndex.get(rawLabels.get(i));
            }
            return new AnswerTable(
                    taskNames.toArray(new String[0]),
                    workerNames.toArray(new String[0]),
                    labelNames,
                    Arrays.copyOf(task, size),
                    Arrays.copyOf(worker, size),
                    label,
                    duplicates);
        }

        private static int add(List<String> names, String name) {
            names.add(name);
            return names.size() - 1;
        }
    }
}
