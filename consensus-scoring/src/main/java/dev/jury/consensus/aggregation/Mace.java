package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.internal.Rows;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * MACE (Multi-Annotator Competence Estimation): every contributor either knows the answer or spams.
 *
 * <p>The model of Hovy, Berg-Kirkpatrick, Vaswani and Hovy, "Learning Whom to Trust with MACE",
 * NAACL-HLT 2013, pp. 1120–1130 (<a href="https://aclanthology.org/N13-1132/">ACL Anthology
 * N13-1132</a>):
 *
 * <ul>
 *   <li>item {@code i} has a true class {@code t_i ~ π};
 *   <li>contributor {@code j} spams an answer with probability {@code θ_j}, and then draws the
 *       answer from a personal strategy {@code ξ_j} over the classes (always "yes", say);
 *   <li>otherwise the answer is the true class. So {@code P(a | t) = (1 − θ_j)·[a = t] + θ_j
 *       ξ_j(a)}.
 * </ul>
 *
 * <p>Fitted by MAP expectation-maximisation: the expected counts get {@code smoothing} added, which
 * is EM under a {@code Beta(1 + s, 1 + s)} prior on every {@code θ_j} and a symmetric {@code
 * Dirichlet(1 + s)} prior on every {@code ξ_j} (the paper's EM adds the same kind of smoothing; its
 * variational-Bayes variant is not implemented here).
 *
 * <p>One departure from the paper: the paper takes {@code π} uniform, this class estimates it (with
 * one pseudo-count per class). Under a uniform {@code π} a skewed dataset is explained best by
 * prolific contributors who "spam" the majority class, which makes their rare minority answers
 * near-proof of the minority class: on the {@code product} benchmark (88% one class) accuracy falls
 * from 0.94 to 0.84. EM only finds a local optimum, so it runs from several starting points and
 * keeps the one with the highest log-likelihood plus log-prior:
 *
 * <ul>
 *   <li>start 0 takes the {@link MajorityVote} posteriors as its first E-step;
 *   <li>starts 1 to {@code restarts − 1} draw random {@code θ_j} and {@code ξ_j} from a generator
 *       seeded by {@code seed}, the start number and a 64-bit hash of the contributor's
 *       <em>name</em>, over the classes in sorted name order.
 * </ul>
 *
 * <p>The result is therefore deterministic, and it does not depend on the order of the answers
 * (apart from rounding in sums). A later start replaces an earlier one only if its objective is
 * higher by more than a relative {@code 1e-9}, so near-equal optima keep the majority-vote start.
 * Renaming contributors or classes changes the random starts and, only if one of them wins, the
 * result; the majority-vote start itself is invariant to renaming.
 *
 * <p>The {@linkplain Aggregation#workerSkills() worker skills} are the competences {@code 1 − θ_j};
 * the {@linkplain Aggregation#confusions() confusion matrices} are the implied {@code P(a | t)};
 * the {@linkplain Aggregation#lossHistory() loss history} is the objective of the winning start
 * after each E-step, which EM never decreases (up to rounding). With a single class there is
 * nothing to infer: every posterior is 1, every competence 1, and the history is empty.
 *
 * <pre>{@code
 * Aggregation mace = new Mace().fit(answers);
 * double[] competence = mace.workerSkills().orElseThrow();
 * String label = mace.label("item-17").orElseThrow();
 * }</pre>
 */
public final class Mace implements Aggregator {
    /** Default number of EM starts (one from majority vote, the rest random). */
    public static final int DEFAULT_RESTARTS = 10;

    /** Default maximum number of EM iterations per start. */
    public static final int DEFAULT_MAX_ITERATIONS = 50;

    /** Default relative tolerance on the objective's improvement that ends a start. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    /** Default pseudo-count added to the expected spam counts and strategy counts. */
    public static final double DEFAULT_SMOOTHING = 0.01;

    /** Default seed of the random starts. */
    public static final long DEFAULT_SEED = 20130609L;

    /** Dirichlet pseudo-count added to every class when the class prior is re-estimated. */
    private static final double CLASS_PSEUDOCOUNT = 1.0;

    /** A later start must beat the best objective by this relative margin to replace it. */
    private static final double RESTART_MARGIN = 1e-9;

    private final int restarts;
    private final int maxIterations;
    private final double tolerance;
    private final double smoothing;
    private final long seed;

    /**
     * MACE with the defaults: 10 starts of at most 50 iterations, tolerance 1e-6, smoothing 0.01,
     * seed 20130609.
     */
    public Mace() {
        this(
                DEFAULT_RESTARTS,
                DEFAULT_MAX_ITERATIONS,
                DEFAULT_TOLERANCE,
                DEFAULT_SMOOTHING,
                DEFAULT_SEED);
    }

    /**
     * @param restarts number of EM starts, at least 1 (1 means only the majority-vote start)
     * @param maxIterations maximum EM iterations per start, at least 1
     * @param tolerance a start stops once an iteration improves the objective by less than {@code
     *     tolerance × |objective|}; 0 runs all iterations
     * @param smoothing pseudo-count added to expected counts, positive (keeps every {@code θ_j}
     *     inside (0, 1) and every {@code ξ_j(a)} positive)
     * @param seed seed of the random starts
     */
    public Mace(int restarts, int maxIterations, double tolerance, double smoothing, long seed) {
        if (restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException(
                    "restarts and maxIterations must be at least 1: "
                            + restarts
                            + ", "
                            + maxIterations);
        }
        if (!(tolerance >= 0) || !(smoothing > 0) || !Double.isFinite(smoothing)) {
            throw new IllegalArgumentException(
                    "tolerance must be >= 0 and smoothing positive: "
                            + tolerance
                            + ", "
                            + smoothing);
        }
        this.restarts = restarts;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.smoothing = smoothing;
        this.seed = seed;
    }

    @Override
    public Aggregation fit(AnswerTable answers) {
        int k = answers.labelCount();
        if (k == 1) {
            double[][] posteriors = new double[answers.taskCount()][1];
            for (double[] row : posteriors) {
                row[0] = 1.0;
            }
            double[] competence = new double[answers.workerCount()];
            Arrays.fill(competence, 1.0);
            return new Aggregation(answers, posteriors, competence, null, new double[0]);
        }
        Start best = null;
        for (int start = 0; start < restarts; start++) {
            Start candidate = new Start(answers, smoothing);
            if (start == 0) {
                candidate.maximizeFromPosteriors(MajorityVote.votesPerClass(answers, null));
            } else {
                candidate.randomize(answers, seed, start);
            }
            candidate.run(maxIterations, tolerance);
            if (best == null
                    || candidate.objective
                            > best.objective + RESTART_MARGIN * Math.abs(best.objective)) {
                best = candidate;
            }
        }
        return best.toAggregation(answers);
    }

    @Override
    public String name() {
        return "mace";
    }

    @Override
    public String toString() {
        return "Mace[restarts="
                + restarts
                + ", maxIterations="
                + maxIterations
                + ", tolerance="
                + tolerance
                + ", smoothing="
                + smoothing
                + ", seed="
                + seed
                + "]";
    }

    /** FNV-1a over the UTF-16 units of {@code s}: a stable 64-bit hash of a name. */
    static long nameHash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int c = 0; c < s.length(); c++) {
            h ^= s.charAt(c);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** One EM run: the parameters, flat {@code [worker × K + class]}, and its latest posteriors. */
    private static final class Start {
        private final int[] task;
        private final int[] worker;
        private final int[] label;
        private final int taskCount;
        private final int workerCount;
        private final int k;
        private final double smoothing;
        private final int[] answersPerWorker;

        /** Spam probability θ_j. */
        private final double[] theta;

        /** Spam strategy ξ_j(a), flat. */
        private final double[] strategy;

        /** log π(t): the class prior, estimated. */
        private final double[] logClassPrior;

        /** log(θ_j ξ_j(a)): log P(answer a | true class ≠ a). */
        private final double[] logSpam;

        /** log P(a | t = a) − log P(a | t ≠ a) = log(1 + (1 − θ_j) / (θ_j ξ_j(a))). */
        private final double[] logBonus;

        /** P(not spamming | answer a, true class a) = (1 − θ_j) / (1 − θ_j + θ_j ξ_j(a)). */
        private final double[] honestIfRight;

        private final double[] spamMass;
        private final double[] strategyMass;
        private final double[] itemBase;
        private final double[][] posteriors;
        private double[] history = new double[0];
        private double objective = Double.NEGATIVE_INFINITY;

        Start(AnswerTable answers, double smoothing) {
            this.task = answers.taskColumn();
            this.worker = answers.workerColumn();
            this.label = answers.labelColumn();
            this.taskCount = answers.taskCount();
            this.workerCount = answers.workerCount();
            this.k = answers.labelCount();
            this.smoothing = smoothing;
            this.answersPerWorker = answers.answersPerWorker();
            this.theta = new double[workerCount];
            this.strategy = new double[workerCount * k];
            this.logSpam = new double[workerCount * k];
            this.logBonus = new double[workerCount * k];
            this.honestIfRight = new double[workerCount * k];
            this.spamMass = new double[workerCount];
            this.logClassPrior = new double[k];
            Arrays.fill(logClassPrior, -Math.log(k));
            this.strategyMass = new double[workerCount * k];
            this.itemBase = new double[taskCount];
            this.posteriors = new double[taskCount][k];
        }

        /** Random θ_j in (0, 1) and ξ_j, drawn per contributor from its name's generator. */
        void randomize(AnswerTable answers, long seed, int start) {
            long startSeed = new SplittableRandom(seed ^ (0x9e3779b97f4a7c15L * start)).nextLong();
            for (int j = 0; j < workerCount; j++) {
                SplittableRandom random =
                        new SplittableRandom(startSeed ^ nameHash(answers.workerName(j)));
                // Keep θ away from 0 and 1 so that no answer starts with probability ~0.
                theta[j] = 0.02 + 0.96 * random.nextDouble();
                double total = 0;
                for (int a = 0; a < k; a++) {
                    double w = 0.02 + random.nextDouble();
                    strategy[j * k + a] = w;
                    total += w;
                }
                for (int a = 0; a < k; a++) {
                    strategy[j * k + a] /= total;
                }
            }
        }

        /**
         * First M-step from given posteriors, treating an answer that agrees with the truth as
         * honest (the strategy is not yet known, so its share of right answers is ignored).
         */
        void maximizeFromPosteriors(double[][] initial) {
            updateClassPrior(initial);
            Arrays.fill(spamMass, 0);
            Arrays.fill(strategyMass, 0);
            for (int r = 0; r < task.length; r++) {
                int cell = worker[r] * k + label[r];
                double spam = 1 - initial[task[r]][label[r]];
                spamMass[worker[r]] += spam;
                strategyMass[cell] += spam;
            }
            updateParameters();
        }

        /** Alternates E- and M-steps until the objective stalls or the budget runs out. */
        void run(int maxIterations, double tolerance) {
            double[] trace = new double[maxIterations];
            int n = 0;
            while (true) {
                double value = expectation();
                trace[n++] = value;
                if (n >= maxIterations) {
                    break;
                }
                if (n > 1 && value - trace[n - 2] <= tolerance * Math.abs(trace[n - 2])) {
                    break;
                }
                maximization();
            }
            history = Arrays.copyOf(trace, n);
            objective = trace[n - 1];
        }

        /**
         * E-step: posteriors over each item's true class, in log space.
         *
         * @return log-likelihood plus log-prior of the current parameters
         */
        private double expectation() {
            for (int j = 0; j < workerCount; j++) {
                double spam = theta[j];
                for (int a = 0; a < k; a++) {
                    int cell = j * k + a;
                    double wrong = spam * strategy[cell];
                    double right = 1 - spam + wrong;
                    logSpam[cell] = Math.log(wrong);
                    logBonus[cell] = Math.log(right) - logSpam[cell];
                    honestIfRight[cell] = (1 - spam) / right;
                }
            }
            for (int i = 0; i < taskCount; i++) {
                System.arraycopy(logClassPrior, 0, posteriors[i], 0, k);
                itemBase[i] = 0;
            }
            // Every class but the answered one gets log(θ ξ(a)); collect that per item as a
            // constant and add only the difference to the answered class. No log in this loop.
            for (int r = 0; r < task.length; r++) {
                int i = task[r];
                int cell = worker[r] * k + label[r];
                itemBase[i] += logSpam[cell];
                posteriors[i][label[r]] += logBonus[cell];
            }
            double logLikelihood = 0;
            for (int i = 0; i < taskCount; i++) {
                // Shifted by the row max inside softmaxInPlace, so long rows do not underflow.
                logLikelihood += Rows.softmaxInPlace(posteriors[i]) + itemBase[i];
            }
            double logPrior = 0;
            for (int j = 0; j < workerCount; j++) {
                logPrior += Math.log(theta[j]) + Math.log1p(-theta[j]);
            }
            for (double xi : strategy) {
                logPrior += Math.log(xi);
            }
            double logClassPriorDensity = 0;
            for (double logPi : logClassPrior) {
                logClassPriorDensity += CLASS_PSEUDOCOUNT * logPi;
            }
            return logLikelihood + smoothing * logPrior + logClassPriorDensity;
        }

        /** M-step: expected spam counts per contributor and class, smoothed and normalised. */
        private void maximization() {
            updateClassPrior(posteriors);
            Arrays.fill(spamMass, 0);
            Arrays.fill(strategyMass, 0);
            for (int r = 0; r < task.length; r++) {
                int cell = worker[r] * k + label[r];
                // The answer was honest only if the truth is the answered class and, given that,
                // the contributor did not spam its way to the right class.
                double spam = 1 - posteriors[task[r]][label[r]] * honestIfRight[cell];
                spamMass[worker[r]] += spam;
                strategyMass[cell] += spam;
            }
            updateParameters();
        }

        /** π(t) ∝ expected number of items of class t, plus the Dirichlet pseudo-count. */
        private void updateClassPrior(double[][] current) {
            double[] mass = new double[k];
            for (double[] row : current) {
                for (int t = 0; t < k; t++) {
                    mass[t] += row[t];
                }
            }
            double total = taskCount + k * CLASS_PSEUDOCOUNT;
            for (int t = 0; t < k; t++) {
                logClassPrior[t] = Math.log((mass[t] + CLASS_PSEUDOCOUNT) / total);
            }
        }

        private void updateParameters() {
            for (int j = 0; j < workerCount; j++) {
                theta[j] = (spamMass[j] + smoothing) / (answersPerWorker[j] + 2 * smoothing);
                double total = spamMass[j] + k * smoothing;
                for (int a = 0; a < k; a++) {
                    strategy[j * k + a] = (strategyMass[j * k + a] + smoothing) / total;
                }
            }
        }

        Aggregation toAggregation(AnswerTable answers) {
            double[] competence = new double[workerCount];
            double[][][] confusions = new double[workerCount][k][k];
            for (int j = 0; j < workerCount; j++) {
                competence[j] = 1 - theta[j];
                for (int t = 0; t < k; t++) {
                    for (int a = 0; a < k; a++) {
                        confusions[j][t][a] = theta[j] * strategy[j * k + a];
                    }
                    confusions[j][t][t] += competence[j];
                }
            }
            return new Aggregation(answers, posteriors, competence, confusions, history);
        }
    }
}
