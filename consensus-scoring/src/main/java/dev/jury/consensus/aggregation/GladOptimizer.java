package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.internal.Rows;
import java.util.Arrays;

/**
 * The mutable EM state behind {@link Glad}: the answers as primitive columns, the parameters {@code
 * α} (per contributor) and {@code b = log β} (per item), and scratch space for the M-step. One
 * instance serves one {@link Glad#fit} call.
 */
final class GladOptimizer {
    /** Armijo constant: a step must achieve this share of the linearly predicted improvement. */
    private static final double SUFFICIENT_INCREASE = 1e-4;

    /** Halvings of the step before the line search gives up (the M-step then stops early). */
    private static final int MAX_HALVINGS = 30;

    private final int[] task;
    private final int[] worker;
    private final int[] label;
    private final int taskCount;
    private final int workerCount;
    private final int labelCount;

    /** {@code log(K−1)}: a wrong answer is spread uniformly over the other classes. */
    private final double logOtherClasses;

    private final double alphaMean;
    private final double logBetaMean;
    private final double precision;

    private double[] alpha;
    private double[] logBeta;

    /** Uniform class prior; estimating it lets EM collapse onto one class (see {@link Glad}). */
    private final double logClassPrior;

    /** Per answer: the current posterior probability that the answer is the true class. */
    private final double[] pCorrect;

    // Gradient and diagonal Fisher information at the current point and at the trial point.
    private double[] gradAlpha;
    private double[] gradLogBeta;
    private double[] infoAlpha;
    private double[] infoLogBeta;
    private double[] trialAlpha;
    private double[] trialLogBeta;
    private double[] trialGradAlpha;
    private double[] trialGradLogBeta;
    private double[] trialInfoAlpha;
    private double[] trialInfoLogBeta;

    private final double[] beta;
    private final double[] itemBase;

    GladOptimizer(
            AnswerTable answers, double alphaMean, double logBetaMean, double priorPrecision) {
        this.task = answers.taskColumn();
        this.worker = answers.workerColumn();
        this.label = answers.labelColumn();
        this.taskCount = answers.taskCount();
        this.workerCount = answers.workerCount();
        this.labelCount = answers.labelCount();
        // With a single class no answer is ever wrong; the value only has to stay finite.
        this.logOtherClasses = labelCount > 1 ? Math.log(labelCount - 1) : 0.0;
        this.alphaMean = alphaMean;
        this.logBetaMean = logBetaMean;
        this.precision = priorPrecision;

        this.alpha = filled(workerCount, alphaMean);
        this.logBeta = filled(taskCount, logBetaMean);
        this.logClassPrior = -Math.log(labelCount);
        this.pCorrect = new double[task.length];
        this.gradAlpha = new double[workerCount];
        this.gradLogBeta = new double[taskCount];
        this.infoAlpha = new double[workerCount];
        this.infoLogBeta = new double[taskCount];
        this.trialAlpha = new double[workerCount];
        this.trialLogBeta = new double[taskCount];
        this.trialGradAlpha = new double[workerCount];
        this.trialGradLogBeta = new double[taskCount];
        this.trialInfoAlpha = new double[workerCount];
        this.trialInfoLogBeta = new double[taskCount];
        this.beta = new double[taskCount];
        this.itemBase = new double[taskCount];
    }

    /** A copy of the abilities {@code α}. */
    double[] abilities() {
        return alpha.clone();
    }

    /**
     * E-step: overwrites {@code posteriors} with each item's posterior over its true class under
     * the current parameters.
     *
     * @return the MAP objective {@code log p(answers | α, β) + log p(α, β)}
     */
    double expectation(double[][] posteriors) {
        fillBeta(logBeta);
        for (int i = 0; i < taskCount; i++) {
            Arrays.fill(posteriors[i], logClassPrior);
            itemBase[i] = 0;
        }
        for (int r = 0; r < task.length; r++) {
            int i = task[r];
            double x = alpha[worker[r]] * beta[i];
            // log P(wrong, this particular other class) = log(1 − σ(x)) − log(K−1), added to every
            // class as a per-item constant; the answered class then gets the difference
            // log σ(x) − [log(1 − σ(x)) − log(K−1)] = x + log(K−1), because
            // log σ(x) − log(1 − σ(x)) = x. This keeps the loop free of exp and log but one.
            double logWrong = -softplus(x) - logOtherClasses;
            itemBase[i] += logWrong;
            posteriors[i][label[r]] += x + logOtherClasses;
        }
        double logLikelihood = 0;
        for (int i = 0; i < taskCount; i++) {
            // softmaxInPlace shifts by the row max before exponentiating, so items with many
            // answers (very negative log terms) do not underflow; it returns the log-sum-exp.
            logLikelihood += Rows.softmaxInPlace(posteriors[i]) + itemBase[i];
        }
        return logLikelihood + gaussianLogPrior(alpha, logBeta);
    }

    /**
     * M-step: takes up to {@code steps} ascent steps on {@code (α, log β)} for the expected
     * complete-data log-likelihood plus the Gaussian log-priors.
     *
     * <p>Each step is a gradient step preconditioned by the diagonal of the Fisher information (a
     * diagonal Gauss–Newton step, which rescales the very different curvatures of prolific and
     * occasional contributors), followed by a backtracking line search that halves the step until
     * the objective increases enough (Armijo). Every accepted step therefore increases the
     * objective, which is what keeps the EM objective monotone.
     */
    void maximize(double[][] posteriors, int steps) {
        for (int r = 0; r < task.length; r++) {
            pCorrect[r] = posteriors[task[r]][label[r]];
        }

        double q = evaluate(alpha, logBeta, gradAlpha, gradLogBeta, infoAlpha, infoLogBeta);
        for (int s = 0; s < steps; s++) {
            // Predicted gain of the full step d = g / h along the gradient g: g·d.
            double slope = 0;
            for (int j = 0; j < workerCount; j++) {
                slope += gradAlpha[j] * gradAlpha[j] / infoAlpha[j];
            }
            for (int i = 0; i < taskCount; i++) {
                slope += gradLogBeta[i] * gradLogBeta[i] / infoLogBeta[i];
            }
            if (!(slope > 1e-12)) {
                return; // at a stationary point, up to rounding
            }
            double t = 1.0;
            boolean accepted = false;
            for (int h = 0; h < MAX_HALVINGS && !accepted; h++, t *= 0.5) {
                for (int j = 0; j < workerCount; j++) {
                    trialAlpha[j] = alpha[j] + t * gradAlpha[j] / infoAlpha[j];
                }
                for (int i = 0; i < taskCount; i++) {
                    trialLogBeta[i] = logBeta[i] + t * gradLogBeta[i] / infoLogBeta[i];
                }
                double trialQ =
                        evaluate(
                                trialAlpha,
                                trialLogBeta,
                                trialGradAlpha,
                                trialGradLogBeta,
                                trialInfoAlpha,
                                trialInfoLogBeta);
                if (trialQ >= q + SUFFICIENT_INCREASE * t * slope) {
                    q = trialQ;
                    acceptTrial();
                    accepted = true;
                }
            }
            if (!accepted) {
                return;
            }
        }
    }

    /**
     * The M-step objective at {@code (a, lb)}: {@code Σ_r [p_r log σ(x_r) + (1 − p_r) log(1 −
     * σ(x_r))]} with {@code x_r = α_j β_i}, plus the Gaussian log-priors (the constant {@code
     * −log(K−1)} of wrong answers is left out). Also fills its gradient and the diagonal of the
     * Fisher information, which cost little once {@code σ(x_r)} is known.
     */
    private double evaluate(
            double[] a, double[] lb, double[] gA, double[] gB, double[] hA, double[] hB) {
        fillBeta(lb);
        for (int j = 0; j < workerCount; j++) {
            gA[j] = -precision * (a[j] - alphaMean);
            hA[j] = precision;
        }
        for (int i = 0; i < taskCount; i++) {
            gB[i] = -precision * (lb[i] - logBetaMean);
            hB[i] = precision;
        }
        double q = 0;
        for (int r = 0; r < task.length; r++) {
            int i = task[r];
            int j = worker[r];
            double bi = beta[i];
            double x = a[j] * bi;
            // One exp serves both σ(x) and log σ(x): with e = exp(−|x|), σ(|x|) = 1 / (1 + e) and
            // log σ(x) = min(x, 0) − log(1 + e). Never overflows, whatever the sign of x; the
            // log of 1 + e with e ≤ 1 loses nothing that matters against log1p.
            double e = Math.exp(-Math.abs(x));
            double logSigma = Math.min(x, 0) - Math.log(1 + e);
            double sigma = x >= 0 ? 1 / (1 + e) : e / (1 + e);
            double p = pCorrect[r];
            // p log σ(x) + (1 − p) log(1 − σ(x)), using log(1 − σ(x)) = log σ(x) − x.
            q += logSigma - (1 - p) * x;
            double residual = p - sigma; // d/dx of the term above
            double curvature = sigma * (1 - sigma);
            gA[j] += residual * bi;
            hA[j] += curvature * bi * bi;
            // Chain rule through β = exp(b): dx/db = x.
            gB[i] += residual * x;
            hB[i] += curvature * x * x;
        }
        return q + gaussianLogPrior(a, lb);
    }

    private void acceptTrial() {
        double[] swap = alpha;
        alpha = trialAlpha;
        trialAlpha = swap;
        swap = logBeta;
        logBeta = trialLogBeta;
        trialLogBeta = swap;
        swap = gradAlpha;
        gradAlpha = trialGradAlpha;
        trialGradAlpha = swap;
        swap = gradLogBeta;
        gradLogBeta = trialGradLogBeta;
        trialGradLogBeta = swap;
        swap = infoAlpha;
        infoAlpha = trialInfoAlpha;
        trialInfoAlpha = swap;
        swap = infoLogBeta;
        infoLogBeta = trialInfoLogBeta;
        trialInfoLogBeta = swap;
    }

    private double gaussianLogPrior(double[] a, double[] lb) {
        double squares = 0;
        for (double v : a) {
            squares += (v - alphaMean) * (v - alphaMean);
        }
        for (double v : lb) {
            squares += (v - logBetaMean) * (v - logBetaMean);
        }
        return -0.5 * precision * squares;
    }

    private void fillBeta(double[] lb) {
        for (int i = 0; i < taskCount; i++) {
            beta[i] = Math.exp(lb[i]);
        }
    }

    /** Softplus {@code log(1 + e^x)}, computed without overflow for large {@code |x|}. */
    private static double softplus(double x) {
        // log(1 + e) rather than log1p(e): e ≤ 1, so the absolute error stays ~1e-16, and
        // Math.log is an intrinsic while Math.log1p is not.
        return Math.max(x, 0) + Math.log(1 + Math.exp(-Math.abs(x)));
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }
}
