package dev.jury.stream.consensus;

import dev.jury.consensus.online.OnlineDawidSkene;
import dev.jury.consensus.online.StoppingRule;
import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.ResolutionStatus;
import dev.jury.stream.EventIds;
import dev.jury.stream.consensus.ProjectConsensus.OpenLabel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Online consensus, keyed by {@code projectId}: one {@link OnlineDawidSkene} per project.
 *
 * <p><b>Why per project, not per item.</b> Dawid–Skene learns each contributor's confusion matrix
 * from all the items they labelled in the project; an item's posterior depends on those matrices.
 * Keying by item would need the matrices broadcast back from a per-contributor operator, a cycle in
 * the job graph whose results would depend on how the two streams interleave. Keyed by project, one
 * subtask owns the whole model and updates it in one place. The price: a project's labels are
 * handled by one subtask, so one project's throughput is bounded by one core, and its state is the
 * project's contributors ({@code 3 K²} doubles each) plus its open items. {@link
 * OnlineDawidSkene#forget} keeps the latter bounded: a final item's state is dropped. The state
 * size is the gauge {@code consensusStateBytes}.
 *
 * <p><b>Order.</b> Labels are applied in the order they reach the subtask. The input topic is keyed
 * by item, so one item's labels arrive in submission order; labels of different items of a project
 * may interleave differently from one run to the next, and the model's estimates depend slightly on
 * it. That is harmless: the sink is transactional and the state is checkpointed with the source
 * offsets, so what consumers see is the output of exactly one execution, in one order. The model
 * snapshot restores bit for bit, so a restored job continues exactly as the original would have.
 *
 * <p><b>Rules.</b>
 *
 * <ul>
 *   <li>Every accepted label emits one {@link ItemResolved} with revision = the item's label count
 *       and status from the {@link StoppingRule} on the model's cautious confidence. {@code
 *       NEEDS_MORE_LABELS} lets the task API hand the item out again; {@code RESOLVED} and {@code
 *       EXHAUSTED} are final: the item's state is cleared and its id remembered.
 *   <li>Late labels: a label for an item already final is ignored and counted in {@code
 *       lateLabels}. Final items are remembered for {@code resolvedRetention} of processing time (a
 *       sweep per project every {@link #sweepInterval} removes older ones, so they may linger that
 *       much longer); a label arriving later still would open the item afresh.
 *   <li>A second label by the same contributor for an item is ignored ({@code duplicateLabels}).
 *   <li>Only single-choice labels are aggregated. Multi-label and span labels are skipped and
 *       counted in {@code skippedLabels}: {@code ItemResolved} v1 describes single-choice consensus
 *       only.
 *   <li>Gold answers emit no decision (the answer is known) but feed the contributor's confusion in
 *       the project's model as certain observations ({@link OnlineDawidSkene#observeGold}), so
 *       reliability shown on gold weighs on the contributor's next labels. The reputation operator
 *       scores the same answers for {@code ReputationUpdated}. This is how reliability flows back
 *       into consensus without a cycle in the job graph: gold answers travel in the labels stream,
 *       keyed by project like every label, and are applied in the one order the project's subtask
 *       receives them; agreement with consensus is already the model's own estimate.
 *   <li>Event ids are derived from (project, item, revision), so a re-produced event keeps its id.
 * </ul>
 */
public class ConsensusFunction extends KeyedProcessFunction<String, LabelSubmitted, ItemResolved> {
    private static final long serialVersionUID = 1L;

    /** Name in {@link ItemResolved#aggregator()}. */
    public static final String AGGREGATOR = "online-dawid-skene";

    // The consensus-scoring records are not Serializable (the core stays framework-free), so the
    // function ships their numbers and rebuilds them in open().
    private final int minLabels;
    private final int maxLabels;
    private final double confidence;
    private final double skepticism;
    private final Duration resolvedRetention;

    private transient StoppingRule stoppingRule;
    private transient OnlineDawidSkene.Config modelConfig;

    private transient ValueState<ProjectConsensus> projects;
    private transient ValueState<FinalItems> finalItems;
    private transient Counter lateLabels;
    private transient Counter duplicateLabels;
    private transient Counter skippedLabels;
    private transient Counter goldAnswers;
    // Last known state size per project on this subtask, for the gauge; rebuilt as projects
    // receive labels after a restore.
    private transient Map<String, Long> stateBytes;
    private transient int labelsSinceSizeEstimate;
    // Computed once: Duration arithmetic per final item showed in the consensus task's profile.
    private transient long sweepMillis;

    /**
     * @param stoppingRule when an item is final
     * @param skepticism doubt of the cautious confidence the rule reads
     * @param resolvedRetention how long final items are remembered
     */
    public ConsensusFunction(
            StoppingRule stoppingRule, double skepticism, Duration resolvedRetention) {
        this.minLabels = stoppingRule.minLabels();
        this.maxLabels = stoppingRule.maxLabels();
        this.confidence = stoppingRule.confidence();
        this.skepticism = skepticism;
        this.resolvedRetention = resolvedRetention;
    }

    @Override
    public void open(OpenContext openContext) {
        stoppingRule = new StoppingRule(minLabels, maxLabels, confidence);
        sweepMillis = sweepInterval(resolvedRetention).toMillis();
        OnlineDawidSkene.Config defaults = OnlineDawidSkene.Config.defaults();
        // Room for every label the stopping rule may ask for, so ITEM_FULL never happens.
        this.modelConfig =
                defaults.withMaxLabelsPerItem(Math.max(defaults.maxLabelsPerItem(), maxLabels));
        projects =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "project-consensus", new ProjectConsensusSerializer()));
        // Not state TTL: the heap backend's TTL cleanup visits whole (project) entries, and for
        // the final items that meant copying the project's entire set on every state access, i.e.
        // per label; the job slowed down as it grew. A timer sweep does the same work once per
        // interval. Not a MapState either: see FinalItems.
        finalItems =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "final-items", new FinalItemsSerializer()));
        var metrics = getRuntimeContext().getMetricGroup();
        lateLabels = metrics.counter("lateLabels");
        duplicateLabels = metrics.counter("duplicateLabels");
        skippedLabels = metrics.counter("skippedLabels");
        goldAnswers = metrics.counter("goldAnswers");
        stateBytes = new HashMap<>();
        metrics.gauge(
                "consensusStateBytes",
                (Gauge<Long>) () -> stateBytes.values().stream().mapToLong(Long::longValue).sum());
    }

    @Override
    public void processElement(LabelSubmitted label, Context ctx, Collector<ItemResolved> out)
            throws Exception {
        String choice = label.label().choice();
        if (choice == null) {
            skippedLabels.inc();
            return;
        }
        if (label.gold()) {
            observeGold(label, choice);
            return;
        }
        FinalItems done = finalItems.value();
        if (done != null && done.contains(label.itemId())) {
            lateLabels.inc();
            return;
        }
        ProjectConsensus state = projectState();
        state.ensureClass(choice, modelConfig);
        OnlineDawidSkene model = state.model;
        if (model.observe(label.itemId(), label.contributorId(), choice)
                != OnlineDawidSkene.Outcome.ACCEPTED) {
            duplicateLabels.inc();
            projects.update(state);
            return;
        }
        List<OpenLabel> labels =
                state.addOpenLabel(
                        label.itemId(),
                        new OpenLabel(
                                label.labelId(),
                                label.contributorId(),
                                choice,
                                label.submittedAt()));

        ItemResolved event = decide(label.projectId(), label.itemId(), model, labels);
        out.collect(event);
        if (event.status() != ResolutionStatus.NEEDS_MORE_LABELS) {
            model.forget(label.itemId());
            state.removeOpenItem(label.itemId());
            long now = ctx.timerService().currentProcessingTime();
            if (done == null) {
                done = new FinalItems();
            }
            done.add(label.itemId(), now);
            finalItems.update(done);
            // One timer per project and interval: registering the same time again is a no-op.
            ctx.timerService().registerProcessingTimeTimer((now / sweepMillis + 1) * sweepMillis);
        }
        projects.update(state);
        // The estimate walks the project's open items: per label it cost more than the model's
        // update. A gauge that lags by a few hundred labels is as useful.
        if ((labelsSinceSizeEstimate++ & 0xFF) == 0) {
            stateBytes.put(
                    label.projectId(),
                    state.estimatedBytes() + (done == null ? 0 : done.estimatedBytes()));
        }
    }

    /** Forgets the project's final items remembered longer than {@code resolvedRetention}. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemResolved> out)
            throws Exception {
        FinalItems done = finalItems.value();
        if (done == null) {
            return;
        }
        if (done.expireBefore(timestamp - resolvedRetention.toMillis()) > 0) {
            if (done.size() == 0) {
                finalItems.clear();
                return;
            }
            finalItems.update(done);
        }
        // Items remembered but not yet old enough need another sweep, even if the project never
        // resolves another item (which is what registers the timer otherwise).
        if (done.size() > 0) {
            ctx.timerService()
                    .registerProcessingTimeTimer((timestamp / sweepMillis + 1) * sweepMillis);
        }
    }

    /**
     * How often remembered final items are swept: a tenth of the retention, at most an hour.
     *
     * @param resolvedRetention how long final items are remembered
     * @return the sweep interval, at least a millisecond
     */
    static Duration sweepInterval(Duration resolvedRetention) {
        Duration tenth = resolvedRetention.dividedBy(10);
        Duration capped = tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
        return capped.isZero() ? Duration.ofMillis(1) : capped;
    }

    /**
     * A gold answer is evidence of the contributor's reliability, and it flows into the project's
     * model at once: their next labels weigh accordingly. No decision is emitted for a gold item.
     */
    private void observeGold(LabelSubmitted label, String answered) throws Exception {
        String truth = label.goldLabel() == null ? null : label.goldLabel().choice();
        if (truth == null) {
            skippedLabels.inc();
            return;
        }
        ProjectConsensus state = projectState();
        state.ensureClass(answered, modelConfig);
        state.ensureClass(truth, modelConfig);
        state.model.observeGold(label.contributorId(), answered, truth);
        goldAnswers.inc();
        projects.update(state);
        stateBytes.put(label.projectId(), state.estimatedBytes());
    }

    private ProjectConsensus projectState() throws Exception {
        ProjectConsensus state = projects.value();
        return state != null ? state : new ProjectConsensus(null, new LinkedHashMap<>());
    }

    private ItemResolved decide(
            String projectId, String itemId, OnlineDawidSkene model, List<OpenLabel> labels) {
        Map<String, Double> posterior = reported(model.posterior(itemId));
        String best = null;
        for (Map.Entry<String, Double> e : posterior.entrySet()) {
            if (best == null || e.getValue() > posterior.get(best)) {
                best = e.getKey();
            }
        }
        double cautious = model.cautiousConfidence(itemId, skepticism);
        ResolutionStatus status =
                switch (stoppingRule.decide(cautious, labels.size())) {
                    case RESOLVED -> ResolutionStatus.RESOLVED;
                    case EXHAUSTED -> ResolutionStatus.EXHAUSTED;
                    case NEEDS_MORE -> ResolutionStatus.NEEDS_MORE_LABELS;
                };
        List<LabelAgreement> agreements = new ArrayList<>(labels.size());
        long resolvedAt = Long.MIN_VALUE;
        for (OpenLabel l : labels) {
            agreements.add(
                    new LabelAgreement(
                            l.labelId(),
                            l.contributorId(),
                            l.choice(),
                            clamp(posterior.get(l.choice()))));
            resolvedAt = Math.max(resolvedAt, l.submittedAt());
        }
        int revision = labels.size();
        return new ItemResolved(
                eventId(projectId, itemId, revision),
                ItemResolved.SCHEMA_VERSION,
                System.currentTimeMillis(),
                projectId,
                itemId,
                status,
                best,
                posterior,
                clamp(posterior.get(best)),
                labels.size(),
                agreements,
                AGGREGATOR,
                revision,
                resolvedAt);
    }

    /**
     * The posterior without the {@link ProjectConsensus#UNSEEN} stand-in, renormalised. Package
     * access: the replay test's direct reference reports posteriors the same way.
     */
    static Map<String, Double> reported(Map<String, Double> posterior) {
        Double unseen = posterior.get(ProjectConsensus.UNSEEN);
        double rest = unseen == null ? 1 : 1 - unseen;
        Map<String, Double> out = new LinkedHashMap<>();
        posterior.forEach(
                (k, v) -> {
                    if (!k.equals(ProjectConsensus.UNSEEN)) {
                        // Clamped: renormalising can leave a value an ulp above 1, and an
                        // ItemResolved outside [0, 1] is refused, which failed the task on that
                        // label at every restart (found by ./jury bench stream).
                        out.put(k, clamp(unseen == null ? v : rest > 0 ? v / rest : 1.0));
                    }
                });
        return out;
    }

    private static double clamp(double p) {
        // Softmax output can exceed 1 by an ulp; the event insists on [0, 1].
        return Math.min(1.0, Math.max(0.0, p));
    }

    static String eventId(String projectId, String itemId, int revision) {
        return EventIds.nameBased(
                "item-resolved\u0000" + projectId + "\u0000" + itemId + "\u0000" + revision);
    }
}
