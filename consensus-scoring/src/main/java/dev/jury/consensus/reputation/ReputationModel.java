package dev.jury.consensus.reputation;

import java.time.Duration;
import java.util.Objects;

/**
 * A Beta–Binomial reputation model: how likely a contributor is to answer correctly, learned from
 * gold answers and agreement with confident consensus, forgetting old evidence over time.
 *
 * <p>Jøsang, A. &amp; Ismail, R. (2002). The Beta reputation system. <i>Proceedings of the 15th
 * Bled Electronic Commerce Conference</i>. The contributor's accuracy {@code theta} gets a
 * conjugate Beta prior; each piece of evidence is a Bernoulli outcome, so after weighted successes
 * {@code s} and failures {@code f} the posterior is
 *
 * <pre>
 *   theta | evidence ~ Beta(alpha0 + s, beta0 + f)
 *   score       = (alpha0 + s) / (alpha0 + beta0 + s + f)        the posterior mean
 *   lower bound = the q-quantile of that Beta (q = 0.05 by default)
 * </pre>
 *
 * <p><b>Evidence.</b> A gold answer adds 1 to {@code s} (correct) or {@code f} (wrong). An answer
 * compared with the consensus adds {@code consensusWeight} (0.5 by default) instead: the consensus
 * can itself be wrong, and a contributor can raise their agreement by copying the crowd's habits.
 * Only consensus whose posterior reaches {@code minConsensusConfidence} counts at all; a contested
 * item says nothing about who was right.
 *
 * <p><b>Forgetting.</b> Skill drifts (fatigue, new task types, an account changing hands), so
 * evidence decays exponentially with a half-life: before new evidence at time {@code t} is added,
 * the old is multiplied by {@code 2^(-(t - lastUpdated) / halfLife)}. Evidence that arrives late
 * (timestamp before {@code lastUpdated}) is added already decayed by {@code 2^(-(lastUpdated - t) /
 * halfLife)}, so the state is the same whatever order events arrive in. Time is always passed in
 * (epoch millis); the model never reads a clock. Decay shrinks {@code s} and {@code f} alike, so
 * the score drifts back to the prior mean and the bounds widen: stale knowledge is less knowledge.
 * Score and bounds are valued at {@link Reputation#lastUpdated()}; call {@link #decay(Reputation,
 * long)} first for their value now.
 *
 * <p><b>Gating on the lower bound.</b> The mean alone cannot tell 2 correct answers out of 2 from
 * 200 out of 200. A gate on the lower credible bound admits a contributor only when the model is
 * confident ({@code 1 - q}) that their accuracy reaches the gate, so a lucky streak is not enough
 * and the evidence needed grows as the accuracy nears the gate. The same bound protects against a
 * contributor farming a high mean from a few easy items.
 *
 * <p><b>Probation.</b> A newcomer's lower bound is low by construction (the prior alone), so a
 * lower-bound gate would refuse everyone who has not yet worked. While a contributor's evidence is
 * below {@code probationEvidence} they are admitted unless the model is already confident they are
 * below the gate: their <em>upper</em> bound (the {@code 1 - q} quantile) falls under it. Once past
 * probation they need the lower bound. A contributor whose evidence has decayed below {@code
 * probationEvidence} (a long absence) is on probation again.
 *
 * <pre>{@code
 * ReputationModel model = new ReputationModel();
 * Reputation rep = Reputation.empty();
 * rep = model.withGoldAnswer(rep, true, Instant.parse("2025-01-01T10:00:00Z").toEpochMilli());
 * rep = model.withConsensusAnswer(rep, false, 0.95, later);
 * boolean allowed = model.isAllowed(model.decay(rep, now), 0.7);
 * double weight = model.weight(rep);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ReputationModel {
    private final Parameters parameters;
    private final double halfLifeMillis;

    /**
     * Hyper-parameters of the model. Start from {@link #defaults()} and override with the {@code
     * with} methods.
     *
     * @param priorSuccesses {@code alpha0 > 0}. Default 2.
     * @param priorFailures {@code beta0 > 0}. Default 1. With {@code alpha0 = 2} the prior mean is
     *     2/3, better than chance on the few-class tasks typical here but unproven, and it weighs
     *     as three answers: ten gold answers outweigh it.
     * @param consensusWeight evidence one consensus comparison adds, {@code >= 0}; gold adds 1.
     *     Default 0.5.
     * @param minConsensusConfidence the lowest consensus posterior that counts, in {@code [0, 1]}.
     *     Default 0.8: if the posterior is calibrated, below it the consensus is wrong often enough
     *     that disagreeing with it would punish good contributors.
     * @param halfLife time after which evidence weighs half, positive. Default 30 days: an active
     *     contributor keeps hundreds of answers of evidence, while a bad spell fades within a
     *     quarter. A half-life of centuries effectively disables decay.
     * @param boundQuantile {@code q} of the lower bound (and {@code 1 - q} of the upper), in {@code
     *     (0, 0.5)}. Default 0.05, a one-sided 95% credible bound.
     * @param probationEvidence evidence below which a contributor is on probation, {@code >= 0}.
     *     Default 10, e.g. ten gold answers.
     */
    public record Parameters(
            double priorSuccesses,
            double priorFailures,
            double consensusWeight,
            double minConsensusConfidence,
            Duration halfLife,
            double boundQuantile,
            double probationEvidence) {

        /**
         * @throws IllegalArgumentException if a parameter is outside its documented range
         */
        public Parameters {
            Objects.requireNonNull(halfLife, "halfLife");
            require(
                    priorSuccesses > 0 && Double.isFinite(priorSuccesses),
                    "priorSuccesses",
                    priorSuccesses);
            require(
                    priorFailures > 0 && Double.isFinite(priorFailures),
                    "priorFailures",
                    priorFailures);
            require(
                    consensusWeight >= 0 && Double.isFinite(consensusWeight),
                    "consensusWeight",
                    consensusWeight);
            require(
                    minConsensusConfidence >= 0 && minConsensusConfidence <= 1,
                    "minConsensusConfidence",
                    minConsensusConfidence);
            require(!halfLife.isNegative() && !halfLife.isZero(), "halfLife", halfLife);
            require(boundQuantile > 0 && boundQuantile < 0.5, "boundQuantile", boundQuantile);
            require(
                    probationEvidence >= 0 && Double.isFinite(probationEvidence),
                    "probationEvidence",
                    probationEvidence);
        }

        /** The documented defaults. */
        public static Parameters defaults() {
            return new Parameters(2, 1, 0.5, 0.8, Duration.ofDays(30), 0.05, 10);
        }

        /** These parameters with another prior. */
        public Parameters withPrior(double priorSuccesses, double priorFailures) {
            return new Parameters(
                    priorSuccesses,
                    priorFailures,
                    consensusWeight,
                    minConsensusConfidence,
                    halfLife,
                    boundQuantile,
                    probationEvidence);
        }

        /** These parameters with another consensus weight and confidence threshold. */
        public Parameters withConsensus(double consensusWeight, double minConsensusConfidence) {
            return new Parameters(
                    priorSuccesses,
                    priorFailures,
                    consensusWeight,
                    minConsensusConfidence,
                    halfLife,
                    boundQuantile,
                    probationEvidence);
        }

        /** These parameters with another half-life. */
        public Parameters withHalfLife(Duration halfLife) {
            return new Parameters(
                    priorSuccesses,
                    priorFailures,
                    consensusWeight,
                    minConsensusConfidence,
                    halfLife,
                    boundQuantile,
                    probationEvidence);
        }

        /** These parameters with another bound quantile. */
        public Parameters withBoundQuantile(double boundQuantile) {
            return new Parameters(
                    priorSuccesses,
                    priorFailures,
                    consensusWeight,
                    minConsensusConfidence,
                    halfLife,
                    boundQuantile,
                    probationEvidence);
        }

        /** These parameters with another probation length. */
        public Parameters withProbationEvidence(double probationEvidence) {
            return new Parameters(
                    priorSuccesses,
                    priorFailures,
                    consensusWeight,
                    minConsensusConfidence,
                    halfLife,
                    boundQuantile,
                    probationEvidence);
        }

        private static void require(boolean ok, String name, Object value) {
            if (!ok) {
                throw new IllegalArgumentException(name + " is out of range: " + value);
            }
        }
    }

    /** A model with {@link Parameters#defaults()}. */
    public ReputationModel() {
        this(Parameters.defaults());
    }

    /** A model with the given hyper-parameters, never null. */
    public ReputationModel(Parameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        // Via seconds, not toMillis(), which overflows for a half-life of centuries ("no decay").
        Duration halfLife = parameters.halfLife();
        this.halfLifeMillis = halfLife.getSeconds() * 1000.0 + halfLife.getNano() / 1e6;
    }

    /** The hyper-parameters. */
    public Parameters parameters() {
        return parameters;
    }

    /**
     * Records a gold answer.
     *
     * @param correct whether it matched the gold label
     * @param at when it was given, epoch millis
     * @return the new state, never null
     */
    public Reputation withGoldAnswer(Reputation rep, boolean correct, long at) {
        Reputation updated = withEvidence(rep, correct ? 1 : 0, correct ? 0 : 1, at);
        return new Reputation(
                updated.successes(),
                updated.failures(),
                updated.lastUpdated(),
                rep.goldAnswered() + 1,
                rep.goldCorrect() + (correct ? 1 : 0),
                rep.consensusAnswered(),
                rep.consensusAgreed());
    }

    /**
     * Records an answer compared with the consensus; ignored (the same state is returned) if the
     * consensus is less confident than {@code minConsensusConfidence}.
     *
     * @param agreed whether the answer matched the consensus class
     * @param confidence the consensus posterior of its class, in {@code [0, 1]}
     * @param at when the answer was given, epoch millis
     * @return the new state, never null
     * @throws IllegalArgumentException if {@code confidence} is outside {@code [0, 1]}
     */
    public Reputation withConsensusAnswer(
            Reputation rep, boolean agreed, double confidence, long at) {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
        if (confidence < parameters.minConsensusConfidence()) {
            return rep;
        }
        double weight = parameters.consensusWeight();
        Reputation updated = withEvidence(rep, agreed ? weight : 0, agreed ? 0 : weight, at);
        return new Reputation(
                updated.successes(),
                updated.failures(),
                updated.lastUpdated(),
                rep.goldAnswered(),
                rep.goldCorrect(),
                rep.consensusAnswered() + 1,
                rep.consensusAgreed() + (agreed ? 1 : 0));
    }

    /**
     * The state valued at {@code now}: evidence decayed by {@code 2^(-(now - lastUpdated) /
     * halfLife)}. Unchanged if {@code now} is not after {@link Reputation#lastUpdated()} or there
     * is no evidence.
     */
    public Reputation decay(Reputation rep, long now) {
        if (rep.lastUpdated() == Reputation.NEVER || now <= rep.lastUpdated()) {
            return rep;
        }
        double factor = decayFactor(now - rep.lastUpdated());
        return new Reputation(
                rep.successes() * factor,
                rep.failures() * factor,
                now,
                rep.goldAnswered(),
                rep.goldCorrect(),
                rep.consensusAnswered(),
                rep.consensusAgreed());
    }

    /** Posterior mean accuracy, in {@code (0, 1)}. */
    public double score(Reputation rep) {
        double a = alpha(rep);
        return a / (a + beta(rep));
    }

    /**
     * The {@code boundQuantile} quantile of the posterior: the model believes, with probability
     * {@code 1 - boundQuantile}, that the accuracy is at least this.
     */
    public double lowerBound(Reputation rep) {
        return BetaFunctions.quantile(parameters.boundQuantile(), alpha(rep), beta(rep));
    }

    /** The {@code 1 - boundQuantile} quantile of the posterior. */
    public double upperBound(Reputation rep) {
        return BetaFunctions.quantile(1 - parameters.boundQuantile(), alpha(rep), beta(rep));
    }

    /** Whether the contributor's evidence is still below {@code probationEvidence}. */
    public boolean onProbation(Reputation rep) {
        return rep.evidence() < parameters.probationEvidence();
    }

    /**
     * Whether the contributor may keep answering under a gate: past probation, their lower bound
     * must reach {@code gate}; on probation, only their upper bound must (see the class comment).
     *
     * @param gate minimum accuracy, in {@code [0, 1]}
     * @throws IllegalArgumentException if {@code gate} is outside {@code [0, 1]}
     */
    public boolean isAllowed(Reputation rep, double gate) {
        if (!(gate >= 0 && gate <= 1)) {
            throw new IllegalArgumentException("gate must be in [0, 1]: " + gate);
        }
        return onProbation(rep) ? upperBound(rep) >= gate : lowerBound(rep) >= gate;
    }

    /** The voting weight for a two-class task; see {@link #weight(Reputation, int)}. */
    public double weight(Reputation rep) {
        return weight(rep, 2);
    }

    /**
     * A voting weight for weighted majority vote: {@code max(0, ln((K - 1) p / (1 - p)))} with
     * {@code p} the {@link #score(Reputation)}.
     *
     * <p>For independent contributors who are right with probability {@code p} and otherwise pick
     * one of the other {@code K - 1} classes uniformly, summing these log-odds per class picks the
     * most probable class (Nitzan, S. &amp; Paroush, J. (1982). Optimal decision rules in uncertain
     * dichotomous choice situations. <i>International Economic Review</i> 23(2), 289–297, for
     * {@code K = 2}). A contributor at or below chance ({@code p <= 1/K}) gets 0 rather than a
     * negative weight: counting a vote against its own class would reward a sybil for answering
     * wrongly on purpose. The posterior mean never reaches 1, so the weight is finite.
     *
     * @param classCount {@code K >= 2}
     * @throws IllegalArgumentException if {@code classCount < 2}
     */
    public double weight(Reputation rep, int classCount) {
        if (classCount < 2) {
            throw new IllegalArgumentException("classCount must be >= 2: " + classCount);
        }
        double p = score(rep);
        return Math.max(0, Math.log(classCount - 1) + Math.log(p) - Math.log1p(-p));
    }

    private Reputation withEvidence(Reputation rep, double successes, double failures, long at) {
        if (rep.lastUpdated() == Reputation.NEVER) {
            return new Reputation(
                    successes,
                    failures,
                    at,
                    rep.goldAnswered(),
                    rep.goldCorrect(),
                    rep.consensusAnswered(),
                    rep.consensusAgreed());
        }
        if (at >= rep.lastUpdated()) {
            Reputation aged = decay(rep, at);
            return new Reputation(
                    aged.successes() + successes,
                    aged.failures() + failures,
                    at,
                    rep.goldAnswered(),
                    rep.goldCorrect(),
                    rep.consensusAnswered(),
                    rep.consensusAgreed());
        }
        // Late evidence: value it at lastUpdated, as if it had been decaying since it happened.
        double factor = decayFactor(rep.lastUpdated() - at);
        return new Reputation(
                rep.successes() + successes * factor,
                rep.failures() + failures * factor,
                rep.lastUpdated(),
                rep.goldAnswered(),
                rep.goldCorrect(),
                rep.consensusAnswered(),
                rep.consensusAgreed());
    }

    private double decayFactor(long elapsedMillis) {
        // exp2 via exp: 2^(-x) = e^(-x ln 2). elapsed is positive here, so the factor is in (0, 1].
        return Math.exp(-Math.log(2) * (double) elapsedMillis / halfLifeMillis);
    }

    private double alpha(Reputation rep) {
        return parameters.priorSuccesses() + rep.successes();
    }

    private double beta(Reputation rep) {
        return parameters.priorFailures() + rep.failures();
    }
}
