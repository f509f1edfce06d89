package dev.jury.consensus.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import dev.jury.consensus.aggregation.Aggregation;
import dev.jury.consensus.aggregation.DawidSkene;
import dev.jury.consensus.aggregation.MajorityVote;
import dev.jury.consensus.online.OnlineDawidSkene.Config;
import dev.jury.consensus.online.OnlineDawidSkene.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OnlineDawidSkeneTest {
    private static final List<String> CLASSES = List.of("c0", "c1", "c2");

    /**
     * A seeded stream with known truth: 500 items, 3 classes, 30 contributors whose accuracy runs
     * from chance (the first six, spammers) up to 0.9, and 5 distinct contributors per item; the
     * answers arrive in an order shuffled with a fixed seed.
     */
    private record Stream(List<Vote> votes, Map<String, String> truth, double[] workerAccuracy) {
        static final int ITEMS = 500;
        static final int WORKERS = 30;
        static final int SPAMMERS = 6;

        static Stream generate(long seed) {
            Random random = new Random(seed);
            double[] accuracy = new double[WORKERS];
            for (int w = 0; w < WORKERS; w++) {
                accuracy[w] =
                        w < SPAMMERS
                                ? 1.0 / 3
                                : 0.5 + 0.4 * (w - SPAMMERS) / (WORKERS - SPAMMERS - 1);
            }
            List<Vote> votes = new ArrayList<>();
            Map<String, String> truth = new HashMap<>();
            List<Integer> pool = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                pool.add(w);
            }
            for (int i = 0; i < ITEMS; i++) {
                String item = "item-" + i;
                int z = random.nextInt(3);
                truth.put(item, "c" + z);
                Collections.shuffle(pool, random);
                for (int j = 0; j < 5; j++) {
                    int w = pool.get(j);
                    int label =
                            random.nextDouble() < accuracy[w] ? z : (z + 1 + random.nextInt(2)) % 3;
                    if (w < SPAMMERS) {
                        label = random.nextInt(3);
                    }
                    votes.add(new Vote(item, "w" + w, "c" + label));
                }
            }
            Collections.shuffle(votes, random);
            return new Stream(votes, truth, accuracy);
        }

        OnlineDawidSkene replay(Config config) {
            OnlineDawidSkene online = new OnlineDawidSkene(CLASSES, config);
            for (Vote v : votes) {
                assertThat(online.observe(v.task(), v.worker(), v.label()))
                        .isEqualTo(Outcome.ACCEPTED);
            }
            return online;
        }

        double accuracy(OnlineDawidSkene online) {
            int right = 0;
            for (Map.Entry<String, String> e : truth.entrySet()) {
                if (top(online.posterior(e.getKey())).equals(e.getValue())) {
                    right++;
                }
            }
            return right / (double) truth.size();
        }

        double accuracy(Aggregation batch) {
            int right = 0;
            for (Map.Entry<String, String> e : truth.entrySet()) {
                if (batch.label(e.getKey()).orElseThrow().equals(e.getValue())) {
                    right++;
                }
            }
            return right / (double) truth.size();
        }
    }

    /** The first class with the highest posterior, in schema order. */
    private static String top(Map<String, Double> posterior) {
        String best = null;
        double max = -1;
        for (Map.Entry<String, Double> e : posterior.entrySet()) {
            if (e.getValue() > max) {
                max = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    private static OnlineDawidSkene fresh() {
        return new OnlineDawidSkene(CLASSES, Config.defaults());
    }

    /** Two classes: where an unchecked single label came closest to resolving an item. */
    private static OnlineDawidSkene yesNo() {
        return new OnlineDawidSkene(List.of("yes", "no"), Config.defaults());
    }

    @Test
    @DisplayName("an item with 1,024 labels from reliable contributors keeps a sharp posterior")
    void longProductsDoNotUnderflow() {
        // A posterior is a product of one confusion cell per label. With 1,024 labels, 424 of
        // them against the majority from contributors right 95 % of the time, both classes'
        // products fall far below Double.MIN_VALUE (0.05^424 is about 1e-552): unscaled they
        // would both be 0 and the item would come out 50/50.
        OnlineDawidSkene online = new OnlineDawidSkene(List.of("a", "b"), Config.defaults());
        for (int w = 0; w < 1024; w++) {
            String worker = "w" + w;
            for (int g = 0; g < 40; g++) {
                String truth = g % 2 == 0 ? "a" : "b";
                String other = truth.equals("a") ? "b" : "a";
                online.observeGold(worker, g < 38 ? truth : other, truth);
            }
        }
        for (int w = 0; w < 1024; w++) {
            assertThat(online.observe("item", "w" + w, w < 600 ? "a" : "b"))
                    .isEqualTo(Outcome.ACCEPTED);
        }
        Map<String, Double> posterior = online.posterior("item");
        assertThat(posterior.get("a")).isGreaterThan(0.999);
        assertThat(posterior.get("a") + posterior.get("b")).isCloseTo(1, within(1e-12));
        double[] cautious = new double[2];
        online.cautiousPosterior("item", 0.5, cautious);
        assertThat(cautious[0]).isGreaterThan(0.999);
    }

    @Test
    @DisplayName("an observed item has a proper posterior by class name")
    void observeThenPosterior() {
        OnlineDawidSkene online = fresh();
        assertThat(online.posterior("item")).isNull();
        assertThat(online.posterior("item", new double[3])).isZero();

        assertThat(online.observe("item", "alice", "c1")).isEqualTo(Outcome.ACCEPTED);
        assertThat(online.observe("item", "bob", "c1")).isEqualTo(Outcome.ACCEPTED);

        Map<String, Double> posterior = online.posterior("item");
        assertThat(posterior).containsOnlyKeys("c0", "c1", "c2");
        assertThat(posterior.values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1, within(1e-12));
        assertThat(top(posterior)).isEqualTo("c1");
        double[] out = new double[3];
        assertThat(online.posterior("item", out)).isEqualTo(2);
        assertThat(out)
                .containsExactly(posterior.get("c0"), posterior.get("c1"), posterior.get("c2"));
        assertThat(online.labelCount("item")).isEqualTo(2);
        assertThat(online.itemCount()).isEqualTo(1);
        assertThat(online.workerCount()).isEqualTo(2);
        assertThat(online.labelsObserved()).isEqualTo(2);
        assertThat(online.classes()).isEqualTo(CLASSES);
        assertThat(online.estimatedStateBytes()).isPositive();
    }

    @Test
    @DisplayName(
            "a second label from the same contributor on the same item is a duplicate and changes nothing")
    void duplicate() {
        OnlineDawidSkene online = fresh();
        online.observe("item", "alice", "c0");
        online.observe("item", "bob", "c0");
        Map<String, Double> before = online.posterior("item");

        assertThat(online.observe("item", "alice", "c2")).isEqualTo(Outcome.DUPLICATE);
        assertThat(online.observe("item", "alice", "c0")).isEqualTo(Outcome.DUPLICATE);

        assertThat(online.posterior("item")).isEqualTo(before);
        assertThat(online.labelCount("item")).isEqualTo(2);
        assertThat(online.labelsObserved()).isEqualTo(2);
        assertThat(online.workerCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("an item holding maxLabelsPerItem labels refuses more and changes nothing")
    void itemFull() {
        Config defaults = Config.defaults();
        Config three = defaults.withMaxLabelsPerItem(3);
        OnlineDawidSkene online = new OnlineDawidSkene(CLASSES, three);
        for (String worker : List.of("a", "b", "c")) {
            assertThat(online.observe("item", worker, "c0")).isEqualTo(Outcome.ACCEPTED);
        }
        Map<String, Double> before = online.posterior("item");

        assertThat(online.observe("item", "d", "c1")).isEqualTo(Outcome.ITEM_FULL);
        // A duplicate is reported as such even when the item is full.
        assertThat(online.observe("item", "a", "c1")).isEqualTo(Outcome.DUPLICATE);

        assertThat(online.posterior("item")).isEqualTo(before);
        assertThat(online.labelCount("item")).isEqualTo(3);
        assertThat(online.labelsObserved()).isEqualTo(3);
        assertThat(online.workerCount()).isEqualTo(3);
        assertThat(online.accuracy("d")).isNaN();
        // Other items still take labels.
        assertThat(online.observe("other", "d", "c1")).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    @DisplayName(
            "a label outside the schema is refused with the label and the schema in the message")
    void unknownLabel() {
        OnlineDawidSkene online = fresh();

        assertThatThrownBy(() -> online.observe("item", "alice", "purple"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purple")
                .hasMessageContaining("[c0, c1, c2]");
        assertThat(online.itemCount()).isZero();
        assertThat(online.labelsObserved()).isZero();
    }

    @Test
    @DisplayName("a schema needs two distinct classes and the config valid values")
    void validation() {
        assertThatThrownBy(() -> new OnlineDawidSkene(List.of("only"), Config.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two classes");
        assertThatThrownBy(() -> new OnlineDawidSkene(List.of(), Config.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OnlineDawidSkene(List.of("a", "b", "a"), Config.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate class a");
        assertThatThrownBy(() -> new Config(-0.01, 1, 2, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(0, 0, 2, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(Double.NaN, 1, 2, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(0.01, 1, -1, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(0.01, 1, 2, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(0.01, 1, 2, 10, -0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(0.01, 1, 2, 10, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(0.01, 1, 2, 10, 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName(
            "a newcomer is first assumed to err as the crowd errs, not to be nearly infallible")
    void newcomerStartsFromTheCrowd() {
        Config diagonalOnly = new Config(0.01, 1.0, 2, 1024, 0, 0);
        Config pooled = new Config(0.01, 1.0, 2, 1024, 0, 1.0);
        OnlineDawidSkene plain = new OnlineDawidSkene(List.of("x", "y"), diagonalOnly);
        OnlineDawidSkene crowd = new OnlineDawidSkene(List.of("x", "y"), pooled);
        // A crowd right 70 % of the time, seeded: 300 items, 5 contributors each.
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 300; i++) {
            String truth = random.nextBoolean() ? "x" : "y";
            String wrong = truth.equals("x") ? "y" : "x";
            for (int w = 0; w < 5; w++) {
                String label = random.nextDouble() < 0.7 ? truth : wrong;
                String worker = "w" + ((i + w) % 20);
                plain.observe("i" + i, worker, label);
                crowd.observe("i" + i, worker, label);
            }
        }
        plain.observe("fresh", "newcomer", "x");
        crowd.observe("fresh", "newcomer", "x");

        assertThat(plain.accuracy("newcomer")).isGreaterThan(0.9);
        assertThat(crowd.accuracy("newcomer"))
                .isLessThan(plain.accuracy("newcomer") - 0.05)
                .isGreaterThan(0.5);
    }

    @Test
    @DisplayName("forget drops an item's state and leaves the others working")
    void forget() {
        OnlineDawidSkene online = fresh();
        online.observe("a", "alice", "c0");
        online.observe("b", "alice", "c1");
        online.observe("c", "bob", "c2");

        assertThat(online.forget("b")).isTrue();
        assertThat(online.forget("b")).isFalse();
        assertThat(online.forget("never-seen")).isFalse();

        assertThat(online.posterior("b")).isNull();
        assertThat(online.labelCount("b")).isZero();
        assertThat(online.cautiousPosterior("b", 8, new double[3])).isZero();
        assertThat(online.itemCount()).isEqualTo(2);
        assertThat(online.posterior("a")).isNotNull();
        assertThat(online.posterior("c")).isNotNull();
        // The forgotten item's evidence stays with its contributor, and the item may come back.
        assertThat(online.workerCount()).isEqualTo(2);
        assertThat(online.observe("b", "alice", "c2")).isEqualTo(Outcome.ACCEPTED);
        assertThat(online.labelCount("b")).isEqualTo(1);
        assertThat(online.itemCount()).isEqualTo(3);
    }

    @Test
    @DisplayName(
            "forgetting items in the middle of the refresh ring keeps every other item reachable")
    void forgetSwapRemove() {
        Stream stream = Stream.generate(3);
        OnlineDawidSkene online = fresh();
        List<String> forgotten = new ArrayList<>();
        int observed = 0;
        for (Vote v : stream.votes()) {
            if (forgotten.contains(v.task())) {
                continue;
            }
            online.observe(v.task(), v.worker(), v.label());
            observed++;
            // Every 37 labels, forget an item from the middle of those held: the ring's last
            // item moves into its slot.
            if (observed % 37 == 0) {
                String victim = "item-" + ((observed * 7) % Stream.ITEMS);
                if (online.labelCount(victim) > 0) {
                    int held = online.itemCount();
                    assertThat(online.forget(victim)).isTrue();
                    assertThat(online.itemCount()).isEqualTo(held - 1);
                    forgotten.add(victim);
                }
            }
        }
        assertThat(forgotten).hasSizeGreaterThan(20);

        double[] out = new double[3];
        int held = 0;
        for (String item : stream.truth().keySet()) {
            if (forgotten.contains(item)) {
                assertThat(online.posterior(item)).as(item).isNull();
            } else {
                held++;
                assertThat(online.posterior(item, out)).as(item).isPositive();
                assertThat(out[0] + out[1] + out[2]).isCloseTo(1, within(1e-9));
                for (double p : out) {
                    assertThat(p).isFinite();
                }
            }
        }
        assertThat(online.itemCount()).isEqualTo(held);
        // The refresh ring still cycles over the survivors without stepping on a stale slot.
        for (int round = 0; round < 3 * held; round++) {
            online.observe("late-" + round, "w" + (round % Stream.WORKERS), "c" + (round % 3));
        }
        assertThat(online.itemCount()).isEqualTo(held + 3 * held);
    }

    @Test
    @DisplayName(
            "on a seeded stream the online model is within 2 points of batch Dawid-Skene and beats majority vote")
    void matchesBatchDawidSkene() {
        Stream stream = Stream.generate(11);
        OnlineDawidSkene online = stream.replay(Config.defaults());
        AnswerTable table = AnswerTable.of(stream.votes());

        double onlineAccuracy = stream.accuracy(online);
        double batch = stream.accuracy(new DawidSkene().fit(table));
        double mv = stream.accuracy(new MajorityVote().fit(table));

        assertThat(onlineAccuracy).isCloseTo(batch, within(0.02)).isGreaterThan(mv);
    }

    @Test
    @DisplayName("without skepticism the cautious posterior is the posterior")
    void cautiousWithoutSkepticismIsThePosterior() {
        Stream stream = Stream.generate(11);
        OnlineDawidSkene online = stream.replay(Config.defaults());
        double[] best = new double[3];
        double[] cautious = new double[3];

        for (String item : stream.truth().keySet()) {
            online.posterior(item, best);
            assertThat(online.cautiousPosterior(item, 0, cautious)).isEqualTo(5);
            for (int c = 0; c < 3; c++) {
                assertThat(cautious[c]).as(item).isCloseTo(best[c], within(1e-9));
            }
        }
    }

    @Test
    @DisplayName("on average the cautious posterior is less confident than the posterior")
    void cautiousIsLessConfidentOnAverage() {
        Stream stream = Stream.generate(11);
        OnlineDawidSkene online = stream.replay(Config.defaults());
        double[] best = new double[3];
        double[] cautious = new double[3];
        double bestSum = 0;
        double cautiousSum = 0;

        for (String item : stream.truth().keySet()) {
            online.posterior(item, best);
            online.cautiousPosterior(item, StoppingRule.DEFAULT_SKEPTICISM, cautious);
            assertThat(cautious[0] + cautious[1] + cautious[2]).isCloseTo(1, within(1e-9));
            bestSum += max(best);
            cautiousSum += max(cautious);
        }
        assertThat(cautiousSum).isLessThan(bestSum);
    }

    /**
     * The raw cautious posterior dilutes each (contributor, true class) confusion row by that row's
     * own evidence, so on some items it sharpens or even prefers another class (seed 11: 6 of 500
     * items, e.g. item-268 goes from c1 at 0.62 to c0 at 0.73). The confidence the stopping rule
     * reads must not inherit that: it is never above the posterior's own confidence, and it is
     * always about the posterior's best class.
     */
    @Test
    @DisplayName("the cautious confidence never exceeds the posterior's, item by item")
    void cautiousConfidenceNeverExceedsThePosterior() {
        Stream stream = Stream.generate(11);
        OnlineDawidSkene online = stream.replay(Config.defaults());
        double[] best = new double[3];
        double[] cautious = new double[3];
        int disagreements = 0;

        for (String item : stream.truth().keySet()) {
            online.posterior(item, best);
            online.cautiousPosterior(item, StoppingRule.DEFAULT_SKEPTICISM, cautious);
            double confidence = online.cautiousConfidence(item, StoppingRule.DEFAULT_SKEPTICISM);
            int top = argmax(best);
            assertThat(confidence).as(item).isLessThanOrEqualTo(best[top] + 1e-12);
            assertThat(confidence).as(item).isLessThanOrEqualTo(cautious[top] + 1e-12);
            if (argmax(cautious) != top) {
                disagreements++;
            }
        }
        // The case the minimum exists for does occur on this stream.
        assertThat(disagreements).isPositive();
    }

    private static int argmax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    @Test
    @DisplayName("the cautious posterior approaches the posterior as a contributor's record grows")
    void cautiousApproachesPosteriorWithEvidence() {
        // (A newcomer's gap is smaller than after 20 items only because their plain posterior
        // is modest too: the prior alone vouches for them.)
        double previousGap = Double.MAX_VALUE;
        for (int record : new int[] {20, 100, 400, 1600}) {
            double gap = veteranGap(record);
            assertThat(gap).as("record of %d", record).isPositive().isLessThan(previousGap);
            previousGap = gap;
        }
        assertThat(previousGap).isLessThan(0.02);
    }

    /**
     * Posterior minus cautious posterior of the answered class, for an item labeled only by a
     * contributor who is right 90% of the time on {@code record} earlier items (beside two peers
     * right 80% of the time).
     */
    private static double veteranGap(int record) {
        Random random = new Random(5);
        OnlineDawidSkene online = fresh();
        for (int i = 0; i < record; i++) {
            int z = random.nextInt(3);
            String item = "item-" + i;
            online.observe(item, "veteran", "c" + (random.nextDouble() < 0.9 ? z : (z + 1) % 3));
            online.observe(item, "peer-a", "c" + (random.nextDouble() < 0.8 ? z : (z + 2) % 3));
            online.observe(item, "peer-b", "c" + (random.nextDouble() < 0.8 ? z : (z + 1) % 3));
        }
        online.observe("veteran-only", "veteran", "c1");
        double[] best = new double[3];
        double[] cautious = new double[3];
        online.posterior("veteran-only", best);
        online.cautiousPosterior("veteran-only", StoppingRule.DEFAULT_SKEPTICISM, cautious);
        return best[1] - cautious[1];
    }

    @Test
    @DisplayName("items labelled by one contributor alone are no evidence about that contributor")
    void aLoneLabelIsNoEvidence() {
        OnlineDawidSkene online = yesNo();
        online.observe("item-0", "loner", "yes");
        double afterOne = online.accuracy("loner");
        for (int i = 1; i < 2_000; i++) {
            online.observe("item-" + i, "loner", i % 2 == 0 ? "yes" : "no");
        }

        assertThat(online.accuracy("loner")).isEqualTo(afterOne);
    }

    @Test
    @DisplayName("an item's labels enter the counts with its second label")
    void theSecondLabelCountsBoth() {
        OnlineDawidSkene online = yesNo();
        online.observe("shared", "a", "yes");
        double aBefore = online.accuracy("a");

        online.observe("shared", "b", "yes");

        assertThat(online.accuracy("a")).isGreaterThan(aBefore);
        assertThat(online.accuracy("b")).isEqualTo(online.accuracy("a"));
    }

    /**
     * The two ways one unchecked label used to resolve an item under the default rule (two classes:
     * 0.986 for the newcomer, 0.990 for the loner, against 0.975): the prior alone took a newcomer
     * for nearly infallible, and a contributor who labelled many items alone looked reliable for
     * agreeing with themselves.
     */
    @Test
    @DisplayName("with the default rule, neither a newcomer's nor a loner's single label resolves")
    void aSingleUncheckedLabelNeverResolves() {
        StoppingRule rule = StoppingRule.defaults();
        OnlineDawidSkene online = yesNo();
        online.observe("first", "newcomer", "no");
        assertThat(online.cautiousConfidence("first", StoppingRule.DEFAULT_SKEPTICISM))
                .isLessThan(rule.confidence());

        for (int i = 0; i < 2_000; i++) {
            online.observe("alone-" + i, "loner", i % 2 == 0 ? "yes" : "no");
        }
        online.observe("next", "loner", "no");
        assertThat(online.cautiousConfidence("next", StoppingRule.DEFAULT_SKEPTICISM))
                .isLessThan(rule.confidence());
    }

    /** The 2^n distinct strings made of n blocks "Aa" or "BB": all share one String hash. */
    private static List<String> colliding(int n) {
        List<String> out = new ArrayList<>();
        for (int bits = 0; bits < 1 << n; bits++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    @DisplayName(
            "ids with one shared hash, items that outgrow their record and forgotten items change"
                    + " nothing in the arithmetic")
    void collidingIdsAndLongItems() {
        List<String> collidingItems = colliding(6);
        List<String> collidingWorkers = colliding(7);
        assertThat(collidingItems.get(0).hashCode()).isEqualTo(collidingItems.get(63).hashCode());
        List<String> plainItems = new ArrayList<>();
        List<String> plainWorkers = new ArrayList<>();
        for (int i = 0; i < collidingWorkers.size(); i++) {
            plainItems.add("item-" + i);
            plainWorkers.add("w" + i);
        }
        // 64 items with 100 labels each (beyond the 12 a record holds, so they move to the pool
        // and grow there); the even items are forgotten after 50 labels, which leaves enough
        // abandoned pool space to trigger its compaction.
        Random random = new Random(9);
        List<int[]> stream = new ArrayList<>();
        for (int item = 0; item < 64; item++) {
            List<Integer> workers = new ArrayList<>();
            for (int w = 0; w < collidingWorkers.size(); w++) {
                workers.add(w);
            }
            Collections.shuffle(workers, random);
            for (int j = 0; j < 100; j++) {
                stream.add(new int[] {item, workers.get(j), random.nextInt(3)});
            }
        }
        Collections.shuffle(stream, random);

        OnlineDawidSkene hashed = replayWithForgetting(stream, collidingItems, collidingWorkers);
        OnlineDawidSkene plain = replayWithForgetting(stream, plainItems, plainWorkers);

        assertThat(hashed.itemCount()).isEqualTo(32).isEqualTo(plain.itemCount());
        assertThat(hashed.workerCount()).isEqualTo(128);
        for (int item = 0; item < 64; item++) {
            // A copy, so that the lookup compares characters and not references.
            String id = new String(collidingItems.get(item));
            if (item % 2 == 0) {
                assertThat(hashed.posterior(id)).isNull();
            } else {
                assertThat(hashed.labelCount(id)).isEqualTo(100);
                assertThat(hashed.posterior(id)).isEqualTo(plain.posterior(plainItems.get(item)));
            }
        }
        for (int w = 0; w < collidingWorkers.size(); w++) {
            assertThat(hashed.accuracy(new String(collidingWorkers.get(w))))
                    .isEqualTo(plain.accuracy(plainWorkers.get(w)));
        }
        String survivor = new String(collidingItems.get(1));
        String itsWorker =
                new String(
                        collidingWorkers.get(
                                stream.stream()
                                        .filter(v -> v[0] == 1)
                                        .findFirst()
                                        .orElseThrow()[1]));
        assertThat(hashed.observe(survivor, itsWorker, "c0")).isEqualTo(Outcome.DUPLICATE);
    }

    private static OnlineDawidSkene replayWithForgetting(
            List<int[]> stream, List<String> items, List<String> workers) {
        OnlineDawidSkene online = fresh();
        boolean[] forgotten = new boolean[items.size()];
        for (int[] v : stream) {
            if (forgotten[v[0]]) {
                continue;
            }
            String item = items.get(v[0]);
            assertThat(online.observe(item, workers.get(v[1]), "c" + v[2]))
                    .isEqualTo(Outcome.ACCEPTED);
            if (v[0] % 2 == 0 && online.labelCount(item) == 50) {
                assertThat(online.forget(item)).isTrue();
                forgotten[v[0]] = true;
            }
        }
        return online;
    }

    @Test
    @DisplayName("accuracy ranks good contributors above spammers")
    void accuracyRanksWorkers() {
        Stream stream = Stream.generate(11);
        OnlineDawidSkene online = stream.replay(Config.defaults());

        double maxSpam = 0;
        for (int w = 0; w < Stream.SPAMMERS; w++) {
            maxSpam = Math.max(maxSpam, online.accuracy("w" + w));
        }
        double minGood = 1;
        for (int w = Stream.WORKERS - 6; w < Stream.WORKERS; w++) {
            minGood = Math.min(minGood, online.accuracy("w" + w));
        }
        assertThat(minGood).isGreaterThan(maxSpam + 0.2);
        assertThat(maxSpam).isLessThan(0.5);
        assertThat(online.accuracy("nobody")).isNaN();
    }

    @Test
    @DisplayName("the same input in the same order gives identical posteriors")
    void deterministic() {
        Stream stream = Stream.generate(11);
        OnlineDawidSkene first = stream.replay(Config.defaults());
        OnlineDawidSkene second = stream.replay(Config.defaults());

        for (String item : stream.truth().keySet()) {
            assertThat(second.posterior(item)).isEqualTo(first.posterior(item));
        }
        for (int w = 0; w < Stream.WORKERS; w++) {
            assertThat(second.accuracy("w" + w)).isEqualTo(first.accuracy("w" + w));
        }
    }

    private static double max(double[] row) {
        double max = row[0];
        for (double p : row) {
            max = Math.max(max, p);
        }
        return max;
    }
}
