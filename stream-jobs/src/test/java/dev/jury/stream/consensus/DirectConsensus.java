package dev.jury.stream.consensus;

import dev.jury.consensus.online.OnlineDawidSkene;
import dev.jury.consensus.online.StoppingRule;
import dev.jury.events.ResolutionStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The online aggregator fed directly, one project's labels in one order, with everything {@link
 * ConsensusFunction} adds around it and nothing of Flink or Kafka: the same model settings, classes
 * learned as labels bring them ({@link ProjectConsensus#ensureClass}), the same reads after each
 * accepted label (posterior, then cautious confidence: reads refresh the model's caches, so the
 * order matters to the last bit), the same stopping rule, and a final item forgotten and its later
 * labels ignored. The reference the replay test holds the job's output to.
 */
public final class DirectConsensus {
    /**
     * The latest decision about an item.
     *
     * @param status the stopping rule's verdict
     * @param label the most probable class
     * @param posterior the reported posterior
     * @param labelsUsed labels aggregated
     */
    public record Decision(
            ResolutionStatus status, String label, Map<String, Double> posterior, int labelsUsed) {}

    private final StoppingRule rule;
    private final double skepticism;
    private final OnlineDawidSkene.Config config;
    private final ProjectConsensus state = new ProjectConsensus(null, new LinkedHashMap<>());
    private final Set<String> finalItems = new HashSet<>();
    private final Map<String, Decision> latest = new HashMap<>();
    private long accepted;

    /**
     * @param rule the job's stopping rule
     * @param skepticism the job's skepticism
     */
    public DirectConsensus(StoppingRule rule, double skepticism) {
        this.rule = rule;
        this.skepticism = skepticism;
        OnlineDawidSkene.Config defaults = OnlineDawidSkene.Config.defaults();
        // As ConsensusFunction.open configures its models.
        this.config =
                defaults.withMaxLabelsPerItem(
                        Math.max(defaults.maxLabelsPerItem(), rule.maxLabels()));
    }

    /** Feeds one single-choice label. */
    public void observe(String item, String contributor, String choice) {
        if (finalItems.contains(item)) {
            return;
        }
        state.ensureClass(choice, config);
        OnlineDawidSkene model = state.model;
        if (model.observe(item, contributor, choice) != OnlineDawidSkene.Outcome.ACCEPTED) {
            return;
        }
        accepted++;
        Map<String, Double> posterior = ConsensusFunction.reported(model.posterior(item));
        double cautious = model.cautiousConfidence(item, skepticism);
        int labels = model.labelCount(item);
        ResolutionStatus status =
                switch (rule.decide(cautious, labels)) {
                    case RESOLVED -> ResolutionStatus.RESOLVED;
                    case EXHAUSTED -> ResolutionStatus.EXHAUSTED;
                    case NEEDS_MORE -> ResolutionStatus.NEEDS_MORE_LABELS;
                };
        String best = null;
        for (Map.Entry<String, Double> e : posterior.entrySet()) {
            if (best == null || e.getValue() > posterior.get(best)) {
                best = e.getKey();
            }
        }
        latest.put(item, new Decision(status, best, posterior, labels));
        if (status != ResolutionStatus.NEEDS_MORE_LABELS) {
            model.forget(item);
            finalItems.add(item);
        }
    }

    /** The latest decision per item, by item id. */
    public Map<String, Decision> decisions() {
        return latest;
    }

    /** Labels the model accepted (each one is a decision revision). */
    public long accepted() {
        return accepted;
    }
}
