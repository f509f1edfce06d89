package dev.jury.bench;

import dev.jury.consensus.Vote;
import dev.jury.consensus.online.OnlineDawidSkene;
import dev.jury.consensus.online.StoppingRule;
import dev.jury.datasets.CrowdDataset;
import dev.jury.datasets.GoldAccuracy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The {@code adaptive-api} mode of {@code ./jury bench consensus}: dynamic overlap in the order the
 * task API and the stream job give a project, without running them, so that {@code ./jury replay}'s
 * accuracy can be predicted and a model's weakness to that order shows in seconds.
 *
 * <p>What the running system does, and this simulation with it:
 *
 * <ul>
 *   <li>each recorded worker may label exactly the items it labeled in the data (the replay's
 *       explicit assignment lists), and asks for the item on its list <em>closest to resolution
 *       first</em> (most labels; ties in file order);
 *   <li>an item is handed out only while its labels plus open leases are below its target, which
 *       starts at one label and grows by one each time the consensus job says it needs more: so an
 *       item gets one label per decision, and the decision comes only after the job's commit;
 *   <li>the job's decision is published when it is made and the item is then {@linkplain
 *       OnlineDawidSkene#forget forgotten}: accuracy is scored on the published posterior, not on a
 *       posterior refreshed at the end of the stream.
 * </ul>
 *
 * Time runs in decision cycles: in each, contributors (in a seeded random order, round-robin) take
 * up to {@link #LABELS_PER_CYCLE} items each, then the cycle's labels reach the model in the order
 * they were taken. The simulation ends when no contributor can take an item.
 */
final class ApiOrderSimulation {
    /**
     * Items one contributor may take in one decision cycle. In the replay a contributor does fewer
     * than one {@code next} + {@code submit} pair while a label makes its way to a decision and
     * back: adult ran 825 contributors at 440–530 labels/s with a submit-to-decision p50 of 0.6 s,
     * about 0.4 pairs each per decision. One is the closest a whole cycle gets. With 20 (an earlier
     * guess) a contributor took a run of items before any of them was decided, which spreads the
     * labels over more items at once; it predicted 0.761 on adult where the replays measured
     * 0.736–0.763 (mean 0.748), and one label per cycle predicts 0.747.
     */
    static final int LABELS_PER_CYCLE = 1;

    private ApiOrderSimulation() {}

    /** Runs the simulation once, contributors ordered by {@code seed}. */
    static ConsensusBench.StreamRun run(
            CrowdDataset dataset, List<String> classes, StoppingRule rule, long seed) {
        long start = System.nanoTime();
        // Dense ids: items in file order (the tie-break), each worker's list in file order.
        Map<String, Integer> itemIds = new HashMap<>();
        List<String> itemNames = new ArrayList<>();
        Map<String, Integer> workerIds = new HashMap<>();
        List<List<int[]>> lists = new ArrayList<>();
        List<String> workerNames = new ArrayList<>();
        for (Vote v : dataset.votes()) {
            int item =
                    itemIds.computeIfAbsent(
                            v.task(),
                            t -> {
                                itemNames.add(t);
                                return itemNames.size() - 1;
                            });
            int worker =
                    workerIds.computeIfAbsent(
                            v.worker(),
                            w -> {
                                workerNames.add(w);
                                lists.add(new ArrayList<>());
                                return workerNames.size() - 1;
                            });
            lists.get(worker).add(new int[] {item, classes.indexOf(v.label())});
        }
        int items = itemNames.size();
        int[] labels = new int[items];
        int[] target = new int[items];
        Arrays.fill(target, 1);
        boolean[] resolved = new boolean[items];
        Map<String, Map<String, Double>> published = new HashMap<>();
        // Per worker: which entries of its list it has taken. A pair the file repeats is a second
        // entry; the model refuses it as a duplicate, so it only occupies a place for one cycle.
        List<boolean[]> taken = new ArrayList<>();
        for (List<int[]> list : lists) {
            taken.add(new boolean[list.size()]);
        }
        List<Integer> order = new ArrayList<>();
        for (int w = 0; w < workerNames.size(); w++) {
            order.add(w);
        }
        Random random = new Random(seed);
        OnlineDawidSkene online = new OnlineDawidSkene(classes, OnlineDawidSkene.Config.defaults());
        int used = 0;
        int[] leased = new int[items];
        List<int[]> cycle = new ArrayList<>();
        while (true) {
            Collections.shuffle(order, random);
            cycle.clear();
            int[] takenThisCycle = new int[workerNames.size()];
            boolean progress = true;
            while (progress) {
                progress = false;
                for (int w : order) {
                    if (takenThisCycle[w] == LABELS_PER_CYCLE) {
                        continue;
                    }
                    int pick =
                            closestToResolution(
                                    lists.get(w), taken.get(w), labels, leased, target, resolved);
                    if (pick < 0) {
                        continue;
                    }
                    int[] entry = lists.get(w).get(pick);
                    taken.get(w)[pick] = true;
                    leased[entry[0]]++;
                    takenThisCycle[w]++;
                    cycle.add(new int[] {entry[0], w, entry[1]});
                    progress = true;
                }
            }
            if (cycle.isEmpty()) {
                break;
            }
            for (int[] label : cycle) {
                int item = label[0];
                leased[item]--;
                if (resolved[item]) {
                    continue;
                }
                String name = itemNames.get(item);
                if (online.observe(name, workerNames.get(label[1]), classes.get(label[2]))
                        != OnlineDawidSkene.Outcome.ACCEPTED) {
                    continue;
                }
                used++;
                labels[item] = online.labelCount(name);
                if (ConsensusBench.isFinal(online, name, rule)) {
                    resolved[item] = true;
                    published.put(name, online.posterior(name));
                    online.forget(name);
                } else {
                    target[item] =
                            Math.min(rule.maxLabels(), Math.max(target[item], labels[item] + 1));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        GoldAccuracy accuracy =
                GoldAccuracy.score(
                        dataset.truth(),
                        item -> {
                            Map<String, Double> decided = published.get(item);
                            return decided != null ? decided : online.posterior(item);
                        });
        return new ConsensusBench.StreamRun(accuracy, used, seconds);
    }

    /** The entry of the worker's list the API would hand out next, or -1. */
    private static int closestToResolution(
            List<int[]> list,
            boolean[] taken,
            int[] labels,
            int[] leased,
            int[] target,
            boolean[] resolved) {
        int best = -1;
        int bestLabels = -1;
        for (int i = 0; i < list.size(); i++) {
            int item = list.get(i)[0];
            if (taken[i] || resolved[item] || labels[item] + leased[item] >= target[item]) {
                continue;
            }
            // Ties go to the item that appears first in the file (the lower id). A worker's list
            // follows the order of their own rows, which in files sorted by worker need not be
            // item order, so the tie is broken on the id, not on the position in the list.
            if (labels[item] > bestLabels
                    || (labels[item] == bestLabels && item < list.get(best)[0])) {
                best = i;
                bestLabels = labels[item];
            }
        }
        return best;
    }
}
