package dev.jury.consensus.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.consensus.Vote;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The default stopping rule on a crowd with known answers, replayed the way {@code ./jury bench
 * consensus} replays its adaptive rows: shuffled labels, a label for an item already resolved is
 * not used. The promise of adaptive overlap is at least the accuracy of full-overlap majority vote
 * for at most half of the labels.
 */
class DefaultStoppingTest {
    private static final List<String> CLASSES = List.of("no", "yes");
    private static final int ITEMS = 400;
    private static final int WORKERS = 40;
    private static final int LABELS_PER_ITEM = 10;

    /**
     * A crowd like rte's: ten labels per item, a quarter of the contributors guessing, the others
     * right 70 % to 95 % of the time.
     */
    private record Crowd(List<Vote> votes, Map<String, String> truth) {
        static Crowd generate(long seed) {
            Random random = new Random(seed);
            double[] accuracy = new double[WORKERS];
            for (int w = 0; w < WORKERS; w++) {
                accuracy[w] = w < WORKERS / 4 ? 0.5 : 0.7 + 0.25 * w / (WORKERS - 1);
            }
            List<Vote> votes = new ArrayList<>();
            Map<String, String> truth = new HashMap<>();
            List<Integer> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(w);
            }
            for (int i = 0; i < ITEMS; i++) {
                int z = random.nextDouble() < 0.5 ? 0 : 1;
                String item = "item-" + i;
                truth.put(item, CLASSES.get(z));
                Collections.shuffle(workers, random);
                for (int j = 0; j < LABELS_PER_ITEM; j++) {
                    int w = workers.get(j);
                    int label = random.nextDouble() < accuracy[w] ? z : 1 - z;
                    votes.add(new Vote(item, "worker-" + w, CLASSES.get(label)));
                }
            }
            Collections.shuffle(votes, random);
            return new Crowd(votes, truth);
        }

        double majorityVoteAccuracy() {
            Map<String, int[]> counts = new HashMap<>();
            for (Vote v : votes) {
                counts.computeIfAbsent(v.task(), t -> new int[2])[CLASSES.indexOf(v.label())]++;
            }
            double right = 0;
            for (Map.Entry<String, String> e : truth.entrySet()) {
                int[] c = counts.get(e.getKey());
                int z = CLASSES.indexOf(e.getValue());
                // A tie earns half an item, the expected value of a coin-flip tie-break.
                right += c[z] > c[1 - z] ? 1 : c[z] == c[1 - z] ? 0.5 : 0;
            }
            return right / ITEMS;
        }
    }

    /**
     * Averaged over seeds, as the benchmark averages over orders: with a quarter of guessers, one
     * seed can go either way by a few items (seed 5 is below majority vote by 0.9 point, the others
     * above it by 0.4 to 2.3).
     */
    @Test
    @DisplayName("the default rule beats full-overlap majority vote with at most half the labels")
    void defaultRuleBeatsMajorityVoteOnHalfTheLabels() {
        double accuracy = 0;
        double majorityVote = 0;
        double labelShare = 0;
        int seeds = 6;
        for (long seed = 1; seed <= seeds; seed++) {
            Crowd crowd = Crowd.generate(seed);
            Run run = adaptive(crowd);
            accuracy += run.accuracy() / seeds;
            majorityVote += crowd.majorityVoteAccuracy() / seeds;
            labelShare += (double) run.labelsUsed() / crowd.votes().size() / seeds;
        }
        assertThat(labelShare).isLessThanOrEqualTo(0.5);
        assertThat(accuracy).isGreaterThan(majorityVote);
    }

    @Test
    @DisplayName("a contested item gets more labels than a unanimous one")
    void contestedItemsGetMoreLabels() {
        Crowd crowd = Crowd.generate(1);
        Run run = adaptive(crowd);
        Map<String, Integer> disagreements = new HashMap<>();
        for (Vote v : crowd.votes()) {
            if (!v.label().equals(crowd.truth().get(v.task()))) {
                disagreements.merge(v.task(), 1, Integer::sum);
            }
        }
        double unanimous = 0;
        double contested = 0;
        int unanimousItems = 0;
        int contestedItems = 0;
        for (String item : crowd.truth().keySet()) {
            int wrong = disagreements.getOrDefault(item, 0);
            if (wrong == 0) {
                unanimous += run.labels().get(item);
                unanimousItems++;
            } else if (wrong >= 3) {
                contested += run.labels().get(item);
                contestedItems++;
            }
        }
        assertThat(unanimousItems).isPositive();
        assertThat(contestedItems).isPositive();
        assertThat(contested / contestedItems).isGreaterThan(unanimous / unanimousItems + 1);
    }

    private record Run(double accuracy, int labelsUsed, Map<String, Integer> labels) {}

    /** Replays the crowd's shuffled labels through the default rule. */
    private static Run adaptive(Crowd crowd) {
        OnlineDawidSkene online = new OnlineDawidSkene(CLASSES, OnlineDawidSkene.Config.defaults());
        StoppingRule rule = StoppingRule.defaults();
        Set<String> resolved = new HashSet<>();
        int used = 0;
        for (Vote v : crowd.votes()) {
            if (resolved.contains(v.task())) {
                continue;
            }
            online.observe(v.task(), v.worker(), v.label());
            used++;
            double confidence =
                    online.cautiousConfidence(v.task(), StoppingRule.DEFAULT_SKEPTICISM);
            if (rule.decide(confidence, online.labelCount(v.task()))
                    != StoppingRule.Decision.NEEDS_MORE) {
                resolved.add(v.task());
            }
        }
        int right = 0;
        Map<String, Integer> labels = new HashMap<>();
        for (Map.Entry<String, String> e : crowd.truth().entrySet()) {
            if (online.posterior(e.getKey()).get(e.getValue()) > 0.5) {
                right++;
            }
            labels.put(e.getKey(), online.labelCount(e.getKey()));
        }
        return new Run((double) right / ITEMS, used, labels);
    }
}
