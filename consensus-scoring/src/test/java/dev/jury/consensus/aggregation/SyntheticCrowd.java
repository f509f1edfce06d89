package dev.jury.consensus.aggregation;

import dev.jury.consensus.Vote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded toy crowd with known truth: 200 items, 3 classes, and every item answered by 11
 * contributors of three kinds.
 *
 * <ul>
 *   <li>{@code good-0..2}: right 85% of the time, otherwise a uniformly random other class;
 *   <li>{@code weak-0..1}: right 60% of the time;
 *   <li>{@code spam-0..5}: answer uniformly at random, whatever the truth.
 * </ul>
 *
 * <p>The six spammers outvote the good contributors often enough that majority vote suffers.
 */
final class SyntheticCrowd extends KnownTruthCrowd {
    static final int ITEMS = 200;
    static final int CLASSES = 3;

    private SyntheticCrowd(List<Vote> votes, Map<String, String> truth) {
        super(votes, truth);
    }

    static SyntheticCrowd generate(long seed) {
        Random random = new Random(seed);
        List<Vote> votes = new ArrayList<>();
        Map<String, String> truth = new HashMap<>();
        for (int i = 0; i < ITEMS; i++) {
            String item = "item-" + i;
            int z = random.nextInt(CLASSES);
            truth.put(item, "c" + z);
            for (int w = 0; w < 3; w++) {
                votes.add(new Vote(item, "good-" + w, "c" + noisy(random, z, 0.85)));
            }
            for (int w = 0; w < 2; w++) {
                votes.add(new Vote(item, "weak-" + w, "c" + noisy(random, z, 0.60)));
            }
            for (int w = 0; w < 6; w++) {
                votes.add(new Vote(item, "spam-" + w, "c" + random.nextInt(CLASSES)));
            }
        }
        return new SyntheticCrowd(votes, truth);
    }

    private static int noisy(Random random, int z, double accuracy) {
        if (random.nextDouble() < accuracy) {
            return z;
        }
        return (z + 1 + random.nextInt(CLASSES - 1)) % CLASSES;
    }
}
