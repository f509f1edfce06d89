package dev.jury.bench.replay;

import dev.jury.consensus.Vote;
import dev.jury.datasets.CrowdDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a replay asks of the API, derived from a crowd dataset alone: the items, the classes, and
 * for each recorded worker the items they labeled and the label they gave each.
 *
 * <p>A worker's second answer to the same item is dropped, as the API would refuse it and as {@link
 * CrowdDataset#answerTable()} does: the first answer in file order stands.
 *
 * @param items every item that has at least one answer, in first-seen order
 * @param classes every label seen in the answers or the truth, sorted (the project's schema)
 * @param workers each worker's items and labels, workers in first-seen order
 * @param answerRows rows of {@code answers.csv}, repeats included
 * @param repeatedRows rows dropped because the worker had already answered that item
 */
public record ReplayPlan(
        List<String> items,
        List<String> classes,
        Map<String, Map<String, String>> workers,
        int answerRows,
        int repeatedRows) {

    public ReplayPlan {
        items = List.copyOf(items);
        classes = List.copyOf(classes);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        workers.forEach(
                (w, labels) ->
                        copy.put(w, Collections.unmodifiableMap(new LinkedHashMap<>(labels))));
        workers = Collections.unmodifiableMap(copy);
    }

    /** Builds the plan of a dataset. */
    public static ReplayPlan of(CrowdDataset dataset) {
        Set<String> items = new LinkedHashSet<>();
        Set<String> classes = new TreeSet<>(dataset.truth().values());
        Map<String, Map<String, String>> workers = new LinkedHashMap<>();
        int repeated = 0;
        for (Vote vote : dataset.votes()) {
            items.add(vote.task());
            classes.add(vote.label());
            Map<String, String> labels =
                    workers.computeIfAbsent(vote.worker(), w -> new LinkedHashMap<>());
            if (labels.putIfAbsent(vote.task(), vote.label()) != null) {
                repeated++;
            }
        }
        return new ReplayPlan(
                new ArrayList<>(items),
                new ArrayList<>(classes),
                workers,
                dataset.votes().size(),
                repeated);
    }

    /** Distinct (worker, item) pairs: the most labels a replay can submit. */
    public int plannedLabels() {
        return answerRows - repeatedRows;
    }

    /** For each item, the workers whose list holds it. */
    public Map<String, List<String>> workersByItem() {
        Map<String, List<String>> byItem = new LinkedHashMap<>();
        workers.forEach(
                (worker, labels) ->
                        labels.keySet()
                                .forEach(
                                        item ->
                                                byItem.computeIfAbsent(item, i -> new ArrayList<>())
                                                        .add(worker)));
        return byItem;
    }
}
