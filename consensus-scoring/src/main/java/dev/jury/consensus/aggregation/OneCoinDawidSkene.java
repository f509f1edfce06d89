package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.internal.Rows;
import java.util.Arrays;

/**
 * One-coin Dawid–Skene: each contributor has a single skill {@code s_w}, the probability of
 * answering correctly; a wrong answer is spread evenly over the other {@code K−1} classes.
 *
 * <p>With one parameter per contributor instead of {@code K²}, it needs far fewer answers per
 * contributor than full {@link DawidSkene} to estimate well, at the price of ignoring
 * class-specific confusion. EM as in Dawid–Skene: the E-step is {@code log q_t(k) = log p_k + Σ [l
 * = k] log s_w + [l ≠ k] log((1 − s_w)/(K − 1))}; the M-step sets {@code s_w} to the
 * posterior-weighted share of correct answers under a Beta prior.
 *
 * <p>The symmetric ("one-coin") model is studied in Y. Zhang, X. Chen, D. Zhou and M. I. Jordan,
 * "Spectral Methods Meet EM: A Provably Optimal Algorithm for Crowdsourcing", JMLR 17, 2016,
 * https://jmlr.org/papers/v17/14-511.html; the EM form follows Dawid and Skene, 1979,
 * doi:10.2307/2346806.
 *
 * <pre>{@code
 * Aggregation oneCoin = new OneCoinDawidSkene().fit(answers);
 * double[] skill = oneCoin.workerSkills().orElseThrow();
 * }</pre>
 */
public final class OneCoinDawidSkene implements Aggregator {
    private final int maxIterations;
    private final double tolerance;
    private final double priorCorrect;
    private final double priorWrong;

    /** 100 iterations, tolerance 1e-7, a Beta(2, 1) prior on skill. */
    public OneCoinDawidSkene() {
        this(100, 1e-7, 2, 1);
    }

    /**
     * @param maxIterations EM iterations at most
     * @param tolerance stop when the mean log-likelihood per answer changes by less than this, at
     *     least 0
     * @param priorCorrect Beta prior pseudo-count of correct answers, positive
     * @param priorWrong Beta prior pseudo-count of wrong answers, positive
     */
    public OneCoinDawidSkene(
            int maxIterations, double tolerance, double priorCorrect, double priorWrong) {
        if (maxIterations < 1 || !(tolerance >= 0) || !(priorCorrect > 0) || !(priorWrong > 0)) {
            throw new IllegalArgumentException(
                    "maxIterations >= 1, tolerance >= 0 and positive Beta pseudo-counts are"
                            + " required: "
                            + maxIterations
                            + ", "
                            + tolerance
                            + ", "
                            + priorCorrect
                            + ", "
                            + priorWrong);
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.priorCorrect = priorCorrect;
        this.priorWrong = priorWrong;
    }

    @Override
    public Aggregation fit(AnswerTable answers) {
        int n = answers.size();
        int k = answers.labelCount();
        int[] task = answers.taskColumn();
        int[] worker = answers.workerColumn();
        int[] label = answers.labelColumn();
        int[] answered = answers.answersPerWorker();
        double[][] posterior = MajorityVote.votesPerClass(answers, null);
        double[] skill = new double[answers.workerCount()];
        double[] logRight = new double[skill.length];
        double[] logWrong = new double[skill.length];
        double[] logPrior = new double[k];
        double[] history = new double[maxIterations];
        int iterations = 0;
        double previous = Double.NEGATIVE_INFINITY;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            Arrays.fill(skill, 0);
            for (int i = 0; i < n; i++) {
                skill[worker[i]] += posterior[task[i]][label[i]];
            }
            for (int w = 0; w < skill.length; w++) {
                // The posterior mean, not the mode: with a prior of one wrong answer the mode can
                // reach exactly 1, and log(1 - 1) would poison every posterior it touches.
                skill[w] = (skill[w] + priorCorrect) / (answered[w] + priorCorrect + priorWrong);
                // Below chance the model would read a contributor's answers as evidence against
                // them; on real data that is a poor fit for a careless contributor, and it lets EM
                // slide into a degenerate solution. No better than chance means no information.
                skill[w] = Math.max(skill[w], 1.0 / k);
                logRight[w] = Math.log(skill[w]);
                logWrong[w] = k > 1 ? Math.log((1 - skill[w]) / (k - 1)) : 0;
            }
            Arrays.fill(logPrior, 1e-2);
            for (double[] q : posterior) {
                for (int c = 0; c < k; c++) {
                    logPrior[c] += q[c];
                }
            }
            double total = Arrays.stream(logPrior).sum();
            for (int c = 0; c < k; c++) {
                logPrior[c] = Math.log(logPrior[c] / total);
            }
            for (double[] q : posterior) {
                System.arraycopy(logPrior, 0, q, 0, k);
            }
            for (int i = 0; i < n; i++) {
                double[] q = posterior[task[i]];
                int w = worker[i];
                // Adding logWrong everywhere and the difference on the answered class avoids a
                // branch per class.
                for (int c = 0; c < k; c++) {
                    q[c] += logWrong[w];
                }
                q[label[i]] += logRight[w] - logWrong[w];
            }
            double logLikelihood = 0;
            for (double[] q : posterior) {
                logLikelihood += Rows.softmaxInPlace(q);
            }
            history[iterations++] = logLikelihood;
            if (Math.abs(logLikelihood - previous) / n < tolerance) {
                break;
            }
            previous = logLikelihood;
        }
        return new Aggregation(answers, posterior, skill, null, Arrays.copyOf(history, iterations));
    }

    @Override
    public String name() {
        return "ds1";
    }
}
