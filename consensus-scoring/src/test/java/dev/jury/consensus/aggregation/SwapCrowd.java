package dev.jury.consensus.aggregation;

import dev.jury.consensus.Vote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded toy crowd with known truth where the errors are class-specific: 300 items, 3 classes,
 * each answered by the contributor {@code swapper} and two of six {@code honest-*} contributors.
 *
 * <ul>
 *   <li>{@code honest-0..5}: right 70% of the time, otherwise a uniformly random other class;
 *   <li>{@code swapper}: answers every item, systematically swapping {@code c0} and {@code c1} (95%
 *       of the time), and is right on {@code c2}.
 * </ul>
 *
 * <p>Majority vote is misled on {@code c0}/{@code c1} items whenever one honest contributor errs; a
 * model with a full confusion matrix learns that the swapper is a perfect, permuted oracle.
 */
final class SwapCrowd extends KnownTruthCrowd {
    static final int ITEMS = 300;
    static final int CLASSES = 3;
    static final int HONEST = 6;

    private SwapCrowd(List<Vote> votes, Map<String, String> truth) {
        super(votes, truth);
    }

    static SwapCrowd generate(long seed) {
        Random random = new Random(seed);
        List<Vote> votes = new ArrayList<>();
        Map<String, String> truth = new HashMap<>();
        for (int i = 0; i < ITEMS; i++) {
            String item = "item-" + i;
            int z = random.nextInt(CLASSES);
            truth.put(item, "c" + z);
            int swapped = z == 2 || random.nextDouble() >= 0.95 ? z : 1 - z;
            votes.add(new Vote(item, "swapper", "c" + swapped));
            int first = random.nextInt(HONEST);
            int second = (first + 1 + random.nextInt(HONEST - 1)) % HONEST;
            for (int w : new int[] {first, second}) {
                int label =
                        random.nextDouble() < 0.70
                                ? z
                                : (z + 1 + random.nextInt(CLASSES - 1)) % CLASSES;
                votes.add(new Vote(item, "honest-" + w, "c" + label));
            }
        }
        return new SwapCrowd(votes, truth);
    }
}
