package dev.jury.consensus.agreement;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Toy answer tables shared by the agreement tests. */
final class Fixtures {
    private Fixtures() {}

    /**
     * Fleiss' worked example as reproduced on Wikipedia ("Fleiss' kappa"): 10 items, 14 ratings
     * each, 5 classes; {@code counts[i][k]} answers of class {@code k} for item {@code i}.
     */
    static final int[][] FLEISS_COUNTS = {
        {0, 0, 0, 0, 14},
        {0, 2, 6, 4, 2},
        {0, 0, 3, 5, 6},
        {0, 3, 9, 2, 0},
        {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},
        {3, 2, 6, 3, 0},
        {2, 5, 3, 2, 2},
        {6, 5, 2, 1, 0},
        {0, 2, 2, 3, 7}
    };

    /** Turns count vectors into a table; raters are {@code r0, r1, ...} within each item. */
    static AnswerTable fromCounts(int[][] counts) {
        List<Vote> votes = new ArrayList<>();
        for (int t = 0; t < counts.length; t++) {
            int rater = 0;
            for (int k = 0; k < counts[t].length; k++) {
                for (int j = 0; j < counts[t][k]; j++) {
                    votes.add(new Vote("item" + t, "r" + rater++, "c" + k));
                }
            }
        }
        return AnswerTable.of(votes);
    }

    /**
     * The nominal example with missing data of Krippendorff (2011), "Computing Krippendorff's
     * alpha-reliability": 4 observers, 12 units, values 1..5; {@code null} is a missing value.
     */
    static AnswerTable krippendorff2011() {
        Integer[][] byObserver = {
            {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
            {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null},
        };
        String[] observers = {"A", "B", "C", "D"};
        List<Vote> votes = new ArrayList<>();
        for (int o = 0; o < observers.length; o++) {
            for (int u = 0; u < byObserver[o].length; u++) {
                if (byObserver[o][u] != null) {
                    votes.add(new Vote("u" + (u + 1), observers[o], "" + byObserver[o][u]));
                }
            }
        }
        return AnswerTable.of(votes);
    }

    /**
     * A random table in which each contributor answers each item with probability {@code density}
     * and is right with probability 0.75 (else a uniformly random class), so that agreement is
     * clearly positive but not perfect.
     */
    static AnswerTable random(long seed, int tasks, int workers, int classes, double density) {
        Random random = new Random(seed);
        List<Vote> votes = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int truth = random.nextInt(classes);
            for (int w = 0; w < workers; w++) {
                if (random.nextDouble() < density) {
                    int label = random.nextDouble() < 0.75 ? truth : random.nextInt(classes);
                    votes.add(new Vote("t" + t, "w" + w, "c" + label));
                }
            }
        }
        return AnswerTable.of(votes);
    }

    static AnswerTable table(String... taskWorkerLabel) {
        List<Vote> votes = new ArrayList<>();
        for (String row : taskWorkerLabel) {
            String[] parts = row.split(" ");
            votes.add(new Vote(parts[0], parts[1], parts[2]));
        }
        return AnswerTable.of(votes);
    }
}
