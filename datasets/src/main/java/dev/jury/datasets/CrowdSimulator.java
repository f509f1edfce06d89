package dev.jury.datasets;

import dev.jury.consensus.Vote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a crowd dataset with known truth: items with a true class, contributors with their own
 * accuracy, and each item labeled by a few distinct contributors. Labels arrive in a shuffled
 * order, as when contributors work side by side.
 *
 * <p>Contributors' accuracies are drawn uniformly from {@code [minAccuracy, maxAccuracy]}; a wrong
 * answer picks one of the other classes uniformly. The same seed gives the same dataset.
 *
 * @param items number of items, at least 1
 * @param workers number of contributors, at least {@code labelsPerItem}
 * @param classes number of classes, at least 2
 * @param labelsPerItem distinct contributors per item, at least 1
 * @param minAccuracy lowest contributor accuracy
 * @param maxAccuracy highest contributor accuracy
 * @param seed random seed
 */
public record CrowdSimulator(
        int items,
        int workers,
        int classes,
        int labelsPerItem,
        double minAccuracy,
        double maxAccuracy,
        long seed) {

    public CrowdSimulator {
        if (items < 1 || classes < 2 || labelsPerItem < 1 || workers < labelsPerItem) {
            throw new IllegalArgumentException(
                    "need items >= 1, classes >= 2, 1 <= labelsPerItem <= workers");
        }
        if (!(0 <= minAccuracy && minAccuracy <= maxAccuracy && maxAccuracy <= 1)) {
            throw new IllegalArgumentException("need 0 <= minAccuracy <= maxAccuracy <= 1");
        }
    }

    /** Generates the dataset, named {@code synthetic-<items>x<labelsPerItem>}. */
    public CrowdDataset generate() {
        Random random = new Random(seed);
        double[] accuracy = new double[workers];
        for (int w = 0; w < workers; w++) {
            accuracy[w] = minAccuracy + (maxAccuracy - minAccuracy) * random.nextDouble();
        }
        Map<String, String> truth = new LinkedHashMap<>();
        List<Vote> votes = new ArrayList<>(items * labelsPerItem);
        int[] chosen = new int[labelsPerItem];
        for (int t = 0; t < items; t++) {
            String task = "t" + t;
            int trueClass = random.nextInt(classes);
            truth.put(task, "c" + trueClass);
            for (int j = 0; j < labelsPerItem; j++) {
                chosen[j] = distinctWorker(random, chosen, j);
                int w = chosen[j];
                int answer = trueClass;
                if (random.nextDouble() >= accuracy[w]) {
                    answer = (trueClass + 1 + random.nextInt(classes - 1)) % classes;
                }
                votes.add(new Vote(task, "w" + w, "c" + answer));
            }
        }
        java.util.Collections.shuffle(votes, random);
        return new CrowdDataset("synthetic-" + items + "x" + labelsPerItem, votes, truth);
    }

    private int distinctWorker(Random random, int[] chosen, int taken) {
        while (true) {
            int candidate = random.nextInt(workers);
            boolean fresh = true;
            for (int j = 0; j < taken; j++) {
                fresh &= chosen[j] != candidate;
            }
            if (fresh) {
                return candidate;
            }
        }
    }

    /** The class names {@code c0..c(k-1)}. */
    public List<String> classNames() {
        List<String> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return names;
    }
}
