package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;

/**
 * Wawa, "worker agreement with aggregate": majority vote, then each contributor is weighted by the
 * share of their answers that agree with it, and the vote is taken again with those weights.
 *
 * <p>One step of reliability weighting, cheap and robust on sparse data where EM methods overfit
 * contributors who answered only a handful of items. Described with its name in the Toloka
 * crowd-kit library (D. Ustalov et al., "Learning from Crowds with Crowd-Kit", JOSS 9(96), 2024,
 * doi:10.21105/joss.06227); the idea goes back to agreement-weighted voting in early crowdsourcing
 * work.
 *
 * <pre>{@code
 * Aggregation wawa = new Wawa().fit(answers);
 * double[] agreement = wawa.workerSkills().orElseThrow();
 * }</pre>
 */
public final class Wawa implements Aggregator {

    @Override
    public Aggregation fit(AnswerTable answers) {
        // The raw shares, not an Aggregation: its posterior(t) hands out a copy per call, and this
        // loop reads one per answer.
        double[][] majority = MajorityVote.votesPerClass(answers, null);
        double[] agreed = new double[answers.workerCount()];
        int[] answered = answers.answersPerWorker();
        for (int i = 0; i < answers.size(); i++) {
            // Soft agreement: a tie in the majority vote counts each tied class fractionally, so
            // the skill does not depend on how a tie happens to be broken.
            agreed[answers.worker(i)] += majority[answers.task(i)][answers.label(i)];
        }
        double[] skill = new double[agreed.length];
        for (int w = 0; w < skill.length; w++) {
            skill[w] = agreed[w] / answered[w];
        }
        return new Aggregation(
                answers, MajorityVote.votesPerClass(answers, skill), skill, null, null);
    }

    @Override
    public String name() {
        return "wawa";
    }
}
