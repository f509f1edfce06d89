package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import java.util.Arrays;

/**
 * GLAD (Generative model of Labels, Abilities, and Difficulties): each answer is correct with a
 * probability that depends on both the contributor and the item.
 *
 * <p>The model of Whitehill, Ruvolo, Wu, Bergsma and Movellan, "Whose Vote Should Count More:
 * Optimal Integration of Labels from Labelers of Unknown Expertise", NIPS 2009 (<a
 * href="https://papers.nips.cc/paper/2009/hash/f899139df5e1059396431415e770c6dd-Abstract.html">proceedings</a>):
 *
 * <ul>
 *   <li>item {@code i} has a true class {@code z_i}, uniform over the {@code K} classes, and an
 *       easiness {@code β_i = exp(b_i) > 0};
 *   <li>contributor {@code j} has an ability {@code α_j} (negative means adversarial);
 *   <li>the contributor answers correctly with probability {@code σ(α_j β_i)}, where {@code σ} is
 *       the logistic function, and otherwise picks one of the other {@code K−1} classes uniformly.
 * </ul>
 *
 * <p>Fitted by MAP expectation-maximisation with Gaussian priors {@code α_j ~ N(μ_α, σ²_α)} and
 * {@code b_i ~ N(μ_b, σ²_b)} (the paper's priors; they also fix the scale that {@code α β} alone
 * leaves free). EM starts from the {@link MajorityVote} posteriors. The E-step computes each item's
 * posterior over its true class in log space; the M-step takes a few preconditioned gradient-ascent
 * steps on {@code (α, b)} with a backtracking line search, so that every step increases the
 * expected complete-data objective. This is a generalised EM, and the {@linkplain
 * Aggregation#lossHistory() loss history} (log-likelihood plus log-prior after each E-step) never
 * decreases, up to rounding.
 *
 * <p>The class prior stays uniform, as in the paper. Re-estimating it (as {@link Mace} does) lets
 * EM collapse onto one class when {@code K > 2}: there {@code α = 0} already means 50% correct,
 * well above chance, so below-average contributors get negative abilities and push items away from
 * their answers (on the {@code rel} benchmark accuracy fell to 0.27).
 *
 * <p>The {@linkplain Aggregation#workerSkills() worker skills} are the abilities {@code α_j}; there
 * are no confusion matrices.
 *
 * <pre>{@code
 * Aggregation glad = new Glad().fit(answers);
 * String label = glad.label("item-17").orElseThrow();
 * double ability = glad.workerSkills().orElseThrow()[answers.workerIndex("w3")];
 * }</pre>
 */
public final class Glad implements Aggregator {
    /** Default maximum number of EM iterations. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    /** Default relative tolerance on the objective's improvement that ends EM. */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    /** Default number of gradient steps per M-step. */
    public static final int DEFAULT_GRADIENT_STEPS = 5;

    /** Default prior mean of the abilities {@code α}: a contributor is better than chance. */
    public static final double DEFAULT_ALPHA_PRIOR_MEAN = 1.0;

    /** Default prior mean of the log-easiness {@code b = log β}: a typical item has β = 1. */
    public static final double DEFAULT_LOG_BETA_PRIOR_MEAN = 0.0;

    /** Default prior variance of both {@code α} and {@code b}. */
    public static final double DEFAULT_PRIOR_VARIANCE = 1.0;

    private final int maxIterations;
    private final double tolerance;
    private final int gradientSteps;
    private final double alphaPriorMean;
    private final double logBetaPriorMean;
    private final double priorVariance;

    /**
     * GLAD with the defaults: 100 iterations, tolerance 1e-5, 5 gradient steps per M-step, priors
     * {@code α ~ N(1, 1)} and {@code log β ~ N(0, 1)}.
     */
    public Glad() {
        this(
                DEFAULT_MAX_ITERATIONS,
                DEFAULT_TOLERANCE,
                DEFAULT_GRADIENT_STEPS,
                DEFAULT_ALPHA_PRIOR_MEAN,
                DEFAULT_LOG_BETA_PRIOR_MEAN,
                DEFAULT_PRIOR_VARIANCE);
    }

    /**
     * @param maxIterations maximum number of EM iterations, at least 1
     * @param tolerance EM stops once an iteration improves the objective by less than {@code
     *     tolerance × |objective|}; 0 runs all iterations
     * @param gradientSteps gradient-ascent steps on {@code (α, log β)} per M-step, at least 1
     * @param alphaPriorMean prior mean of each ability {@code α_j}
     * @param logBetaPriorMean prior mean of each log-easiness {@code log β_i}
     * @param priorVariance prior variance of both {@code α_j} and {@code log β_i}; larger means
     *     weaker regularisation
     */
    public Glad(
            int maxIterations,
            double tolerance,
            int gradientSteps,
            double alphaPriorMean,
            double logBetaPriorMean,
            double priorVariance) {
        if (maxIterations < 1 || gradientSteps < 1) {
            throw new IllegalArgumentException(
                    "maxIterations and gradientSteps must be at least 1: "
                            + maxIterations
                            + ", "
                            + gradientSteps);
        }
        if (!(tolerance >= 0)
                || !Double.isFinite(alphaPriorMean)
                || !Double.isFinite(logBetaPriorMean)
                || !(priorVariance > 0)
                || !Double.isFinite(priorVariance)) {
            throw new IllegalArgumentException(
                    "tolerance must be >= 0, prior means finite and the prior variance positive");
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.gradientSteps = gradientSteps;
        this.alphaPriorMean = alphaPriorMean;
        this.logBetaPriorMean = logBetaPriorMean;
        this.priorVariance = priorVariance;
    }

    @Override
    public Aggregation fit(AnswerTable answers) {
        GladOptimizer optimizer =
                new GladOptimizer(answers, alphaPriorMean, logBetaPriorMean, 1.0 / priorVariance);
        double[][] posteriors = MajorityVote.votesPerClass(answers, null);
        double[] history = new double[maxIterations];
        int iterations = 0;
        optimizer.maximize(posteriors, gradientSteps);
        while (true) {
            double objective = optimizer.expectation(posteriors);
            history[iterations++] = objective;
            if (iterations >= maxIterations) {
                break;
            }
            if (iterations > 1) {
                double previous = history[iterations - 2];
                if (objective - previous <= tolerance * Math.abs(previous)) {
                    break;
                }
            }
            optimizer.maximize(posteriors, gradientSteps);
        }
        return new Aggregation(
                answers,
                posteriors,
                optimizer.abilities(),
                null,
                Arrays.copyOf(history, iterations));
    }

    @Override
    public String name() {
        return "glad";
    }

    @Override
    public String toString() {
        return "Glad[maxIterations="
                + maxIterations
                + ", tolerance="
                + tolerance
                + ", gradientSteps="
                + gradientSteps
                + ", alphaPrior=N("
                + alphaPriorMean
                + ", "
                + priorVariance
                + "), logBetaPrior=N("
                + logBetaPriorMean
                + ", "
                + priorVariance
                + ")]";
    }
}
