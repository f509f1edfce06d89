package dev.jury.stream.consensus;

import dev.jury.consensus.online.OnlineDawidSkene;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The consensus state of one project: its online Dawid–Skene model, and for each open item the
 * labels it holds (ids the model does not keep, needed for {@code ItemResolved.agreements}).
 *
 * <p>Classes are learned as labels bring them: the label events do not carry the project's schema.
 * A model needs two classes, so a project that has seen only one holds it next to {@link #UNSEEN},
 * a stand-in for "a class nobody has chosen yet", which the second class to appear replaces; later
 * classes are added. Neither change moves any count, so earlier evidence is kept.
 */
public final class ProjectConsensus {
    /** Stand-in second class while a project has seen one class; never reported. */
    static final String UNSEEN = "\u0000unseen";

    /**
     * One label of an open item.
     *
     * @param labelId the label's id
     * @param contributorId who gave it
     * @param choice the class chosen
     * @param submittedAt its event time
     */
    record OpenLabel(String labelId, String contributorId, String choice, long submittedAt) {}

    OnlineDawidSkene model;
    final Map<String, List<OpenLabel>> openItems;
    // The labels in openItems, kept as they come and go: estimatedBytes runs on every label, and
    // summing over the open items there made a project's cost per label grow with its backlog.
    private long openLabels;

    ProjectConsensus(OnlineDawidSkene model, Map<String, List<OpenLabel>> openItems) {
        this.model = model;
        this.openItems = openItems;
        for (List<OpenLabel> labels : openItems.values()) {
            openLabels += labels.size();
        }
    }

    /**
     * Holds one more label of an open item.
     *
     * @return the item's labels, this one last
     */
    List<OpenLabel> addOpenLabel(String item, OpenLabel label) {
        List<OpenLabel> labels = openItems.computeIfAbsent(item, k -> new ArrayList<>());
        labels.add(label);
        openLabels++;
        return labels;
    }

    /** Drops a final item's labels. */
    void removeOpenItem(String item) {
        List<OpenLabel> labels = openItems.remove(item);
        if (labels != null) {
            openLabels -= labels.size();
        }
    }

    /** Makes sure the model knows {@code choice}, creating it on the project's first label. */
    void ensureClass(String choice, OnlineDawidSkene.Config config) {
        if (model == null) {
            model = new OnlineDawidSkene(List.of(choice, UNSEEN), config);
            return;
        }
        List<String> classes = model.classes();
        if (classes.contains(choice)) {
            return;
        }
        OnlineDawidSkene.Snapshot snapshot = model.snapshot();
        model =
                OnlineDawidSkene.restore(
                        classes.contains(UNSEEN)
                                ? snapshot.withClassRenamed(UNSEEN, choice)
                                : snapshot.withClass(choice));
    }

    /** An independent copy, equal in behaviour: the model restores bit for bit from a snapshot. */
    ProjectConsensus copy() {
        Map<String, List<OpenLabel>> open = new LinkedHashMap<>();
        for (Map.Entry<String, List<OpenLabel>> e : openItems.entrySet()) {
            open.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        return new ProjectConsensus(
                model == null ? null : OnlineDawidSkene.restore(model.snapshot()), open);
    }

    long estimatedBytes() {
        long labels = 48L * openItems.size() + 96L * openLabels;
        return (model == null ? 0 : model.estimatedStateBytes()) + labels;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(model != null);
        if (model != null) {
            model.snapshot().writeTo(out);
        }
        out.writeInt(openItems.size());
        for (Map.Entry<String, List<OpenLabel>> e : openItems.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().size());
            for (OpenLabel l : e.getValue()) {
                out.writeUTF(l.labelId());
                out.writeUTF(l.contributorId());
                out.writeUTF(l.choice());
                out.writeLong(l.submittedAt());
            }
        }
    }

    static ProjectConsensus readFrom(DataInput in) throws IOException {
        OnlineDawidSkene model =
                in.readBoolean()
                        ? OnlineDawidSkene.restore(OnlineDawidSkene.Snapshot.readFrom(in))
                        : null;
        int items = in.readInt();
        Map<String, List<OpenLabel>> open = new LinkedHashMap<>();
        for (int i = 0; i < items; i++) {
            String item = in.readUTF();
            int n = in.readInt();
            List<OpenLabel> labels = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                labels.add(new OpenLabel(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong()));
            }
            open.put(item, labels);
        }
        return new ProjectConsensus(model, open);
    }
}
