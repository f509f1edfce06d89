package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.internal.Rows;
import java.util.Arrays;
import java.util.List;

/**
 * Dawid–Skene: every contributor has a full confusion matrix, estimated jointly with the true
 * labels by expectation–maximisation.
 *
 * <p>The model: item {@code t} has a hidden true class {@code z_t ~ Categorical(p)}; contributor
 * {@code w} answers class {@code l} with probability {@code π_w[z_t][l]}. EM alternates
 *
 * <ul>
 *   <li>E-step: {@code log q_t(k) = log p_k + Σ_{answers (w,l) of t} log π_w[k][l]}, normalised;
 *   <li>M-step: {@code π_w[k][l] ∝ α + Σ_{answers of w with label l} q_t(k)} and {@code p_k ∝ α_p +
 *       Σ_t q_t(k)}.
 * </ul>
 *
 * The Dirichlet pseudo-counts {@code α} keep a contributor who never saw a class from getting a
 * zero probability (and an item a posterior of exactly 0 or 1). The first M-step starts from the
 * majority-vote posterior, as in the original paper.
 *
 * <p>By default each confusion row spreads its probability over the labels the contributor actually
 * used (the reference implementation in Crowd-Kit does the same): pseudo-counts go to those cells
 * only. A contributor who always gives the same answer then has {@code π_w[k][l] = 1} for every
 * true class and carries no evidence, instead of looking reliable on that class because the prior
 * put mass on answers they never give. {@link #empiricalBayes()} keeps the prior on every cell,
 * which its pooled prior needs.
 *
 * <p>A. P. Dawid and A. M. Skene, "Maximum Likelihood Estimation of Observer Error-Rates Using the
 * EM Algorithm", Journal of the Royal Statistical Society C 28(1), 1979, doi:10.2307/2346806.
 *
 * <pre>{@code
 * Aggregation ds = new DawidSkene().fit(answers);          // 100 iterations, tol 1e-8
 * double[][][] confusion = ds.confusions().orElseThrow();   // [worker][true][answered]
 * }</pre>
 */
public final class DawidSkene implements Aggregator {
    /** Default iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    /** Default convergence threshold on the change in mean log-likelihood per answer. */
    public static final double DEFAULT_TOLERANCE = 1e-8;

    /**
     * Default pseudo-count on every answered confusion cell and on the class prior: a thousandth of
     * an answer, only there so that no answered cell's probability is exactly zero.
     */
    public static final double DEFAULT_SMOOTHING = 0.001;

    /** Pseudo-count added to every confusion cell by {@link #empiricalBayes()}. */
    public static final double EMPIRICAL_BAYES_SMOOTHING = 0.01;

    /** Convergence threshold of {@link #empiricalBayes()}. */
    public static final double EMPIRICAL_BAYES_TOLERANCE = 1e-7;

    /**
     * Default extra pseudo-count on each correct-answer cell: a tenth of an answer, enough to say
     * "right more often than wrong" for a contributor with one or two answers without holding back
     * one with many.
     */
    public static final double DEFAULT_DIAGONAL_PRIOR = 0.1;

    /** Extra pseudo-count on each correct-answer cell in {@link #empiricalBayes()}. */
    public static final double EMPIRICAL_BAYES_DIAGONAL_PRIOR = 0.5;

    private final int maxIterations;
    private final double tolerance;
    private final double smoothing;
    private final double diagonalPrior;
    private final double pooledPrior;
    private final boolean answeredLabelsOnly;

    /** Default strength of the pooled prior in {@link #empiricalBayes()}, in pseudo-answers. */
    public static final double DEFAULT_POOLED_PRIOR = 8;

    /**
     * Empirical-Bayes Dawid–Skene: the defaults, half the diagonal prior, and a prior of {@value
     * #DEFAULT_POOLED_PRIOR} pseudo-answers per confusion row shaped like the crowd's pooled
     * confusion, re-estimated at every M-step. A contributor with a handful of answers is then
     * assumed to err the way the crowd errs (on ordinal grades, towards the neighbouring grade)
     * rather than uniformly; one with hundreds of answers keeps their own matrix. It helps most
     * where many contributors answer little ({@code rel}, {@code adult}) and costs a little where
     * the classes are very unbalanced ({@code product}). Named {@code "ds-eb"}.
     */
    public static DawidSkene empiricalBayes() {
        // With the pooled prior carrying most of the prior mass, half a diagonal pseudo-answer
        // is enough to say "right more often than wrong". The pooled prior shapes every cell of a
        // row, answered or not, so this variant keeps the prior on all cells.
        return new DawidSkene(
                DEFAULT_MAX_ITERATIONS,
                EMPIRICAL_BAYES_TOLERANCE,
                EMPIRICAL_BAYES_SMOOTHING,
                EMPIRICAL_BAYES_DIAGONAL_PRIOR,
                DEFAULT_POOLED_PRIOR,
                false);
    }

    /**
     * Dawid–Skene with the defaults: at most {@value #DEFAULT_MAX_ITERATIONS} iterations (the
     * reference implementation's cap), tolerance {@value #DEFAULT_TOLERANCE}, {@value
     * #DEFAULT_SMOOTHING} pseudo-answers on every answered cell and {@value
     * #DEFAULT_DIAGONAL_PRIOR} more on the diagonal, rows over the labels each contributor used.
     */
    public DawidSkene() {
        this(
                DEFAULT_MAX_ITERATIONS,
                DEFAULT_TOLERANCE,
                DEFAULT_SMOOTHING,
                DEFAULT_DIAGONAL_PRIOR,
                0,
                true);
    }

    /**
     * Dawid–Skene with the prior on every confusion cell (answered or not).
     *
     * @see #DawidSkene(int, double, double, double, double, boolean)
     */
    public DawidSkene(
            int maxIterations,
            double tolerance,
            double smoothing,
            double diagonalPrior,
            double pooledPrior) {
        this(maxIterations, tolerance, smoothing, diagonalPrior, pooledPrior, false);
    }

    /**
     * @param maxIterations EM iterations at most, at least 1
     * @param tolerance stop when the mean log-likelihood per answer changes by less than this
     * @param smoothing Dirichlet pseudo-count on every confusion cell and class prior, at least 0
     * @param diagonalPrior extra pseudo-count on each correct-answer cell: the prior belief that a
     *     contributor is right more often than not, which matters most for contributors with few
     *     answers
     * @param pooledPrior strength of an empirical-Bayes prior pulling each contributor's confusion
     *     towards the crowd's pooled confusion (0 turns it off)
     * @param answeredLabelsOnly put the pseudo-counts only on the labels each contributor used, so
     *     that a confusion row is a distribution over those labels; a contributor who always gives
     *     one answer then carries no evidence
     */
    public DawidSkene(
            int maxIterations,
            double tolerance,
            double smoothing,
            double diagonalPrior,
            double pooledPrior,
            boolean answeredLabelsOnly) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException(
                    "maxIterations must be at least 1: " + maxIterations);
        }
        if (!(tolerance >= 0)
                || !(smoothing >= 0)
                || !(diagonalPrior >= 0)
                || !(pooledPrior >= 0)) {
            throw new IllegalArgumentException(
                    "tolerance and priors must be non-negative: "
                            + List.of(tolerance, smoothing, diagonalPrior, pooledPrior));
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.smoothing = smoothing;
        this.diagonalPrior = diagonalPrior;
        this.pooledPrior = pooledPrior;
        this.answeredLabelsOnly = answeredLabelsOnly;
    }

    @Override
    public Aggregation fit(AnswerTable answers) {
        int n = answers.size();
        int items = answers.taskCount();
        int workers = answers.workerCount();
        int k = answers.labelCount();
        int[] task = answers.taskColumn();
        int[] worker = answers.workerColumn();
        int[] label = answers.labelColumn();

        double[][] posterior = MajorityVote.votesPerClass(answers, null);
        boolean[] answered = answeredLabelsOnly ? answeredLabels(worker, label, workers, k) : null;
        // With rows over answered labels only, a class nobody chose has no evidence at all, yet
        // its rows (uniform over what each contributor says) would explain any disagreement: it
        // is left out, as if it had not been declared.
        boolean[] chosen = answeredLabelsOnly ? chosenClasses(label, k) : null;
        // Flat [worker][true][answered] so the E-step walks contiguous memory.
        double[] logConfusion = new double[workers * k * k];
        double[] logPrior = new double[k];
        double[] history = new double[maxIterations];
        int iterations = 0;
        double previous = Double.NEGATIVE_INFINITY;
        double[] row = new double[k];
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            mStep(
                    posterior,
                    task,
                    worker,
                    label,
                    answered,
                    chosen,
                    workers,
                    k,
                    logConfusion,
                    logPrior);
            double logLikelihood = 0;
            for (int t = 0; t < items; t++) {
                System.arraycopy(logPrior, 0, posterior[t], 0, k);
            }
            for (int i = 0; i < n; i++) {
                double[] q = posterior[task[i]];
                int base = worker[i] * k * k + label[i];
                for (int c = 0; c < k; c++) {
                    q[c] += logConfusion[base + c * k];
                }
            }
            for (int t = 0; t < items; t++) {
                System.arraycopy(posterior[t], 0, row, 0, k);
                logLikelihood += Rows.softmaxInPlace(row);
                System.arraycopy(row, 0, posterior[t], 0, k);
            }
            history[iterations++] = logLikelihood;
            if (Math.abs(logLikelihood - previous) / n < tolerance) {
                break;
            }
            previous = logLikelihood;
        }
        double[] trimmed = Arrays.copyOf(history, iterations);
        return new Aggregation(
                answers,
                posterior,
                diagonalSkill(logConfusion, workers, k),
                confusionMatrices(logConfusion, workers, k),
                trimmed);
    }

    private void mStep(
            double[][] posterior,
            int[] task,
            int[] worker,
            int[] label,
            boolean[] answered,
            boolean[] chosen,
            int workers,
            int k,
            double[] logConfusion,
            double[] logPrior) {
        Arrays.fill(logConfusion, 0);
        for (int i = 0; i < task.length; i++) {
            double[] q = posterior[task[i]];
            int base = worker[i] * k * k + label[i];
            for (int c = 0; c < k; c++) {
                logConfusion[base + c * k] += q[c];
            }
        }
        double[] pooled = pooledPrior > 0 ? pooledConfusion(logConfusion, workers, k) : null;
        for (int w = 0; w < workers; w++) {
            for (int c = 0; c < k; c++) {
                for (int l = 0; l < k; l++) {
                    if (answered != null && !answered[w * k + l]) {
                        continue;
                    }
                    logConfusion[(w * k + c) * k + l] +=
                            smoothing
                                    + (c == l ? diagonalPrior : 0)
                                    + (pooled == null ? 0 : pooledPrior * pooled[c * k + l]);
                }
            }
        }
        for (int w = 0; w < workers; w++) {
            for (int c = 0; c < k; c++) {
                int rowStart = (w * k + c) * k;
                double sum = 0;
                for (int l = 0; l < k; l++) {
                    sum += logConfusion[rowStart + l];
                }
                if (sum > 0) {
                    double logSum = Math.log(sum);
                    for (int l = 0; l < k; l++) {
                        double v = logConfusion[rowStart + l];
                        logConfusion[rowStart + l] = v > 0 ? Math.log(v) - logSum : LOG_FLOOR;
                    }
                    continue;
                }
                // A contributor never seen with true class c (possible without smoothing) answers
                // it uniformly, over the labels they use, rather than impossibly. Rare, so the
                // count of those labels is taken here rather than on every row.
                double logUniform = -Math.log(answered == null ? k : answeredCount(answered, w, k));
                for (int l = 0; l < k; l++) {
                    boolean possible = answered == null || answered[w * k + l];
                    logConfusion[rowStart + l] = possible ? logUniform : LOG_FLOOR;
                }
            }
        }
        Arrays.fill(logPrior, smoothing);
        for (double[] q : posterior) {
            for (int c = 0; c < k; c++) {
                logPrior[c] += q[c];
            }
        }
        double total = 0;
        for (double v : logPrior) {
            total += v;
        }
        for (int c = 0; c < k; c++) {
            logPrior[c] =
                    chosen != null && !chosen[c]
                            ? Double.NEGATIVE_INFINITY
                            : logPrior[c] > 0 ? Math.log(logPrior[c] / total) : LOG_FLOOR;
        }
    }

    /** Which labels each contributor used, [worker][label]. */
    private static boolean[] answeredLabels(int[] worker, int[] label, int workers, int k) {
        boolean[] answered = new boolean[workers * k];
        for (int i = 0; i < worker.length; i++) {
            answered[worker[i] * k + label[i]] = true;
        }
        return answered;
    }

    private static boolean[] chosenClasses(int[] label, int k) {
        boolean[] chosen = new boolean[k];
        for (int l : label) {
            chosen[l] = true;
        }
        return chosen;
    }

    private static int answeredCount(boolean[] answered, int w, int k) {
        int count = 0;
        for (int l = 0; l < k; l++) {
            if (answered[w * k + l]) {
                count++;
            }
        }
        return count;
    }

    /**
     * The crowd's confusion, [true][answered] with rows summing to 1, from the contributors' soft
     * counts (still raw counts in {@code counts} when this is called).
     */
    private double[] pooledConfusion(double[] counts, int workers, int k) {
        double[] pooled = new double[k * k];
        for (int w = 0; w < workers; w++) {
            for (int cell = 0; cell < k * k; cell++) {
                pooled[cell] += counts[w * k * k + cell];
            }
        }
        // The crowd's row gets the same Dirichlet prior as a contributor's: a class with almost no
        // evidence (one declared but never chosen) then says "answered correctly", not "answered
        // anything", and cannot turn into a junk class that explains every disagreement.
        for (int c = 0; c < k; c++) {
            double sum = smoothing * k + diagonalPrior;
            for (int l = 0; l < k; l++) {
                sum += pooled[c * k + l];
            }
            for (int l = 0; l < k; l++) {
                double prior = smoothing + (c == l ? diagonalPrior : 0);
                pooled[c * k + l] = sum > 0 ? (pooled[c * k + l] + prior) / sum : 1.0 / k;
            }
        }
        return pooled;
    }

    /** Stands in for log(0) so that one impossible answer cannot zero a whole posterior row. */
    private static final double LOG_FLOOR = -50;

    static double[] diagonalSkill(double[] logConfusion, int workers, int k) {
        double[] skill = new double[workers];
        for (int w = 0; w < workers; w++) {
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(logConfusion[(w * k + c) * k + c]);
            }
            skill[w] = sum / k;
        }
        return skill;
    }

    private static double[][][] confusionMatrices(double[] logConfusion, int workers, int k) {
        double[][][] confusion = new double[workers][k][k];
        for (int w = 0; w < workers; w++) {
            for (int c = 0; c < k; c++) {
                for (int l = 0; l < k; l++) {
                    confusion[w][c][l] = Math.exp(logConfusion[(w * k + c) * k + l]);
                }
            }
        }
        return confusion;
    }

    @Override
    public String name() {
        return pooledPrior > 0 ? "ds-eb" : "ds";
    }
}
