package dev.jury.stream;

import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded crowd with known truth: one project, three classes, contributors of accuracy 0.7 to
 * 0.95, each item labelled by {@link #LABELS_PER_ITEM} distinct contributors in rounds (every item
 * gets its first label, then every item its second...), so items that resolve early receive late
 * labels. A few gold items, answered by every contributor, come first.
 */
final class SyntheticCrowd {
    static final List<String> CLASSES = List.of("cat", "dog", "bird");
    static final int CONTRIBUTORS = 8;
    static final int LABELS_PER_ITEM = 7;
    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long STEP_MILLIS = 400;

    final String projectId;
    final Map<String, String> truth = new HashMap<>();
    final List<LabelSubmitted> labels = new ArrayList<>();
    final int goldItems;

    SyntheticCrowd(String projectId, int items, int goldItems, long seed) {
        this.projectId = projectId;
        this.goldItems = goldItems;
        Random random = new Random(seed);
        double[] accuracy = new double[CONTRIBUTORS];
        for (int w = 0; w < CONTRIBUTORS; w++) {
            accuracy[w] = 0.7 + 0.25 * w / (CONTRIBUTORS - 1);
        }
        for (int g = 0; g < goldItems; g++) {
            String item = projectId + "-gold-" + g;
            String answer = CLASSES.get(random.nextInt(3));
            for (int w = 0; w < CONTRIBUTORS; w++) {
                add(item, w, answer(random, answer, accuracy[w]), LabelValue.ofChoice(answer));
            }
        }
        List<List<Integer>> who = new ArrayList<>();
        List<String> itemTruth = new ArrayList<>();
        List<Integer> pool = new ArrayList<>();
        for (int w = 0; w < CONTRIBUTORS; w++) {
            pool.add(w);
        }
        for (int i = 0; i < items; i++) {
            String t = CLASSES.get(random.nextInt(3));
            itemTruth.add(t);
            truth.put(item(i), t);
            Collections.shuffle(pool, random);
            who.add(new ArrayList<>(pool.subList(0, LABELS_PER_ITEM)));
        }
        for (int round = 0; round < LABELS_PER_ITEM; round++) {
            for (int i = 0; i < items; i++) {
                int w = who.get(i).get(round);
                add(item(i), w, answer(random, itemTruth.get(i), accuracy[w]), null);
            }
        }
    }

    String item(int i) {
        return projectId + "-item-" + i;
    }

    private static String answer(Random random, String truth, double accuracy) {
        if (random.nextDouble() < accuracy) {
            return truth;
        }
        List<String> others = new ArrayList<>(CLASSES);
        others.remove(truth);
        return others.get(random.nextInt(others.size()));
    }

    private void add(String item, int worker, String choice, LabelValue gold) {
        int n = labels.size();
        labels.add(
                LabelSubmitted.create(
                        projectId + "-label-" + n,
                        projectId,
                        item,
                        "contributor-" + worker,
                        LabelValue.ofChoice(choice),
                        gold,
                        null,
                        null,
                        START + n * STEP_MILLIS,
                        1000));
    }
}
