package dev.jury.consensus.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jury.consensus.AnswerTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DawidSkeneTest {

    @Test
    @DisplayName("recovers a crowd with a class-swapping contributor where majority vote fails")
    void learnsASystematicSwap() {
        SwapCrowd crowd = SwapCrowd.generate(7);
        AnswerTable answers = crowd.table();

        double mv = crowd.accuracy(new MajorityVote().fit(answers));
        Aggregation ds = new DawidSkene().fit(answers);

        assertThat(mv).isLessThan(0.8);
        assertThat(crowd.accuracy(ds)).isGreaterThan(0.9).isGreaterThan(mv + 0.15);

        // The swapper's confusion matrix has the swap off the diagonal.
        double[][] swapper = ds.confusions().orElseThrow()[answers.workerIndex("swapper")];
        int c0 = answers.labelIndex("c0");
        int c1 = answers.labelIndex("c1");
        int c2 = answers.labelIndex("c2");
        assertThat(swapper[c0][c1]).isGreaterThan(0.8);
        assertThat(swapper[c1][c0]).isGreaterThan(0.8);
        assertThat(swapper[c2][c2]).isGreaterThan(0.8);
    }

    @Test
    @DisplayName("beats majority vote on the seeded synthetic crowd with spammers")
    void syntheticCrowd() {
        SyntheticCrowd crowd = SyntheticCrowd.generate(42);
        AnswerTable answers = crowd.table();

        double ds = crowd.accuracy(new DawidSkene().fit(answers));
        double mv = crowd.accuracy(new MajorityVote().fit(answers));

        assertThat(ds).isGreaterThan(mv);
    }

    @Test
    @DisplayName("without priors (plain maximum-likelihood EM) the log-likelihood never decreases")
    void lossHistoryIsNonDecreasing() {
        for (AnswerTable answers :
                new AnswerTable[] {
                    SyntheticCrowd.generate(42).table(), SwapCrowd.generate(7).table()
                }) {
            double[] history = new DawidSkene(200, 0, 0, 0, 0).fit(answers).lossHistory();

            assertThat(history.length).isGreaterThan(1);
            for (int i = 1; i < history.length; i++) {
                assertThat(history[i])
                        .as("iteration %d", i)
                        .isGreaterThanOrEqualTo(history[i - 1] - 1e-9 * Math.abs(history[i - 1]));
            }
        }
    }

    @Test
    @DisplayName(
            "posteriors are finite rows summing to 1 and confusions are worker x K x K stochastic rows")
    void shapes() {
        AnswerTable answers = SyntheticCrowd.generate(42).table();
        Aggregation ds = new DawidSkene().fit(answers);
        int k = answers.labelCount();

        for (int t = 0; t < answers.taskCount(); t++) {
            double sum = 0;
            for (double p : ds.posterior(t)) {
                assertThat(p).isFinite().isBetween(0.0, 1.0);
                sum += p;
            }
            assertThat(sum).isCloseTo(1, within(1e-9));
        }
        double[][][] confusions = ds.confusions().orElseThrow();
        assertThat(confusions).hasNumberOfRows(answers.workerCount());
        for (double[][] matrix : confusions) {
            assertThat(matrix).hasDimensions(k, k);
            for (double[] row : matrix) {
                double sum = 0;
                for (double p : row) {
                    assertThat(p).isFinite().isPositive();
                    sum += p;
                }
                assertThat(sum).isCloseTo(1, within(1e-9));
            }
        }
        assertThat(ds.workerSkills().orElseThrow()).hasSize(answers.workerCount());
        assertThat(ds.lossHistory().length).isBetween(1, DawidSkene.DEFAULT_MAX_ITERATIONS);
        assertThat(new DawidSkene().name()).isEqualTo("ds");
    }

    @Test
    @DisplayName("the skill of a contributor is the mean of their confusion diagonal")
    void skillIsMeanDiagonal() {
        AnswerTable answers = SyntheticCrowd.generate(42).table();
        Aggregation ds = new DawidSkene().fit(answers);
        double[] skill = ds.workerSkills().orElseThrow();
        double[][][] confusions = ds.confusions().orElseThrow();
        int k = answers.labelCount();

        for (int w = 0; w < skill.length; w++) {
            double diagonal = 0;
            for (int c = 0; c < k; c++) {
                diagonal += confusions[w][c][c];
            }
            assertThat(skill[w]).isCloseTo(diagonal / k, within(1e-12));
        }
    }

    /**
     * With the default Dirichlet pseudo-counts EM maximises the log-<em>posterior</em>, while the
     * history records the data log-likelihood alone; near convergence the likelihood may dip by a
     * hair as the prior pulls the estimates (seen: 6e-5 out of 2182 on the synthetic crowd).
     */
    @Test
    @DisplayName(
            "with the default priors the log-likelihood history is non-decreasing up to the prior's pull")
    void lossHistoryWithPriorsIsNearlyNonDecreasing() {
        for (AnswerTable answers :
                new AnswerTable[] {
                    SyntheticCrowd.generate(42).table(), SwapCrowd.generate(7).table()
                }) {
            double[] history = new DawidSkene(200, 0, 0.01, 1.0, 0).fit(answers).lossHistory();
            for (int i = 1; i < history.length; i++) {
                assertThat(history[i])
                        .as("iteration %d", i)
                        .isGreaterThanOrEqualTo(history[i - 1] - 1e-6 * Math.abs(history[i - 1]));
            }
            // The climb itself is real: the last value is well above the first.
            assertThat(history[history.length - 1]).isGreaterThan(history[0]);
        }
    }

    @Test
    @DisplayName("maxIterations caps the history")
    void iterationCap() {
        AnswerTable answers = SyntheticCrowd.generate(42).table();
        assertThat(new DawidSkene(3, 0, 0.01, 1, 0).fit(answers).lossHistory()).hasSize(3);
    }

    @Test
    @DisplayName("the same input gives the same result")
    void deterministic() {
        AnswerTable answers = SwapCrowd.generate(7).table();
        Aggregation a = new DawidSkene().fit(answers);
        Aggregation b = new DawidSkene().fit(answers);
        for (int t = 0; t < answers.taskCount(); t++) {
            assertThat(a.posterior(t)).containsExactly(b.posterior(t));
        }
    }

    @Test
    @DisplayName("invalid hyper-parameters are refused")
    void constructorValidation() {
        assertThatThrownBy(() -> new DawidSkene(0, 1e-7, 0.01, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIterations");
        assertThatThrownBy(() -> new DawidSkene(10, -1, 0.01, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DawidSkene(10, Double.NaN, 0.01, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DawidSkene(10, 1e-7, -0.01, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DawidSkene(10, 1e-7, 0.01, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DawidSkene(10, 1e-7, 0.01, 1, -1))
                .isInstanceOf(IllegalArgumentException.class);
        // Zero priors are allowed: the M-step guards its own divisions.
        AnswerTable answers = SyntheticCrowd.generate(42).table();
        Aggregation unsmoothed = new DawidSkene(50, 1e-7, 0, 0, 0).fit(answers);
        for (int t = 0; t < answers.taskCount(); t++) {
            for (double p : unsmoothed.posterior(t)) {
                assertThat(p).isFinite();
            }
        }
    }

    @Test
    @DisplayName("a contributor who always gives the same answer changes no item's label")
    void aConstantContributorCarriesNoEvidence() {
        SyntheticCrowd crowd = SyntheticCrowd.generate(42);
        AnswerTable honest = crowd.table();
        AnswerTable.Builder withConstant = AnswerTable.builder();
        for (dev.jury.consensus.Vote v : honest.votes()) {
            withConstant.add(v.task(), v.worker(), v.label());
        }
        String always = honest.labelName(0);
        for (String task : honest.taskNames()) {
            withConstant.add(task, "always-" + always, always);
        }

        // Its answers still seed the majority-vote start, so EM may stop at a slightly different
        // point; what must not change is any item's label.
        Aggregation without = new DawidSkene().fit(honest);
        Aggregation with = new DawidSkene().fit(withConstant.build());

        assertThat(with.labels()).isEqualTo(without.labels());
        // Why: every row of its confusion puts all mass on the one answer it uses.
        AnswerTable table = with.answers();
        double[][] constant =
                with.confusions().orElseThrow()[table.workerIndex("always-" + always)];
        for (double[] row : constant) {
            assertThat(row[table.labelIndex(always)]).isEqualTo(1.0);
        }
    }
}
