package dev.jury.stream.metrics;

import dev.jury.events.ResolutionStatus;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one project's metrics window has seen so far, folded label by label: per item the count of
 * each class, the contributors, the items resolved with the labels they used, and counters.
 *
 * <p>Why fold instead of keeping the window's inputs: the heap state backend writes the whole state
 * at every checkpoint, and a minute of raw inputs (a label and a decision per label) is hundreds of
 * bytes per label; at thousands of labels a second and sub-second checkpoints that serialisation
 * was the job's largest cost. The fold keeps a few bytes per item instead.
 */
public final class MetricsAccumulator {
    /** Classes in order of first appearance in the window; the index into each item's counts. */
    final List<String> classes;

    /** Per item, how many labels chose each class (single-choice labels only). */
    final Map<String, int[]> perItem;

    final Set<String> contributors;

    /** Items resolved in the window, with the labels their first RESOLVED decision used. */
    final Map<String, Integer> resolvedItems;

    long labels;
    long decisions;
    long resolvedDecisions;

    /** An empty window. */
    public MetricsAccumulator() {
        this(new ArrayList<>(), new HashMap<>(), new HashSet<>(), new LinkedHashMap<>(), 0, 0, 0);
    }

    private MetricsAccumulator(
            List<String> classes,
            Map<String, int[]> perItem,
            Set<String> contributors,
            Map<String, Integer> resolvedItems,
            long labels,
            long decisions,
            long resolvedDecisions) {
        this.classes = classes;
        this.perItem = perItem;
        this.contributors = contributors;
        this.resolvedItems = resolvedItems;
        this.labels = labels;
        this.decisions = decisions;
        this.resolvedDecisions = resolvedDecisions;
    }

    /** Folds in one label or decision. */
    void add(MetricsInput in) {
        if (in.label) {
            labels++;
            contributors.add(in.contributorId);
            if (in.choice != null) {
                count(in.itemId, in.choice, 1);
            }
        } else {
            decisions++;
            if (ResolutionStatus.RESOLVED.name().equals(in.status)) {
                resolvedDecisions++;
                resolvedItems.putIfAbsent(in.itemId, in.labelsUsed);
            }
        }
    }

    /** Folds in another window's accumulator (window merging). */
    void merge(MetricsAccumulator other) {
        labels += other.labels;
        decisions += other.decisions;
        resolvedDecisions += other.resolvedDecisions;
        contributors.addAll(other.contributors);
        other.resolvedItems.forEach(resolvedItems::putIfAbsent);
        other.perItem.forEach(
                (item, counts) -> {
                    for (int c = 0; c < counts.length; c++) {
                        if (counts[c] > 0) {
                            count(item, other.classes.get(c), counts[c]);
                        }
                    }
                });
    }

    private void count(String item, String choice, int n) {
        int c = classes.indexOf(choice);
        if (c < 0) {
            c = classes.size();
            classes.add(choice);
        }
        int[] counts = perItem.get(item);
        if (counts == null || counts.length <= c) {
            counts = counts == null ? new int[c + 1] : Arrays.copyOf(counts, c + 1);
            perItem.put(item, counts);
        }
        counts[c] += n;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(labels);
        out.writeLong(decisions);
        out.writeLong(resolvedDecisions);
        out.writeInt(classes.size());
        for (String c : classes) {
            out.writeUTF(c);
        }
        out.writeInt(perItem.size());
        for (Map.Entry<String, int[]> e : perItem.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (int n : e.getValue()) {
                out.writeInt(n);
            }
        }
        out.writeInt(contributors.size());
        for (String c : contributors) {
            out.writeUTF(c);
        }
        out.writeInt(resolvedItems.size());
        for (Map.Entry<String, Integer> e : resolvedItems.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    static MetricsAccumulator readFrom(DataInput in) throws IOException {
        long labels = in.readLong();
        long decisions = in.readLong();
        long resolvedDecisions = in.readLong();
        int n = in.readInt();
        List<String> classes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            classes.add(in.readUTF());
        }
        n = in.readInt();
        Map<String, int[]> perItem = new HashMap<>(Math.max(16, n * 2));
        for (int i = 0; i < n; i++) {
            String item = in.readUTF();
            int[] counts = new int[in.readInt()];
            for (int c = 0; c < counts.length; c++) {
                counts[c] = in.readInt();
            }
            perItem.put(item, counts);
        }
        n = in.readInt();
        Set<String> contributors = new HashSet<>(Math.max(16, n * 2));
        for (int i = 0; i < n; i++) {
            contributors.add(in.readUTF());
        }
        n = in.readInt();
        Map<String, Integer> resolved = new LinkedHashMap<>(Math.max(16, n * 2));
        for (int i = 0; i < n; i++) {
            resolved.put(in.readUTF(), in.readInt());
        }
        return new MetricsAccumulator(
                classes, perItem, contributors, resolved, labels, decisions, resolvedDecisions);
    }
}
