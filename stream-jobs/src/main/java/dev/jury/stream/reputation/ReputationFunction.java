package dev.jury.stream.reputation;

import dev.jury.consensus.reputation.Reputation;
import dev.jury.consensus.reputation.ReputationModel;
import dev.jury.events.Events;
import dev.jury.events.ReputationUpdated;
import dev.jury.stream.EventIds;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A contributor's reputation within a project, keyed by {@link Evidence#key()}: a {@link
 * ReputationModel} Beta posterior fed by gold answers and by agreement with final consensus.
 *
 * <p>Evidence is applied as it arrives; consensus below the model's {@code minConsensusConfidence}
 * changes nothing. The model values evidence by event time and is order-independent (late evidence
 * is added already decayed), so the interleaving of the gold and consensus inputs does not change
 * the result. The cross-project (global) score is not computed yet.
 *
 * <p><b>Emission.</b> A contributor whose state changed gets one {@link ReputationUpdated} (with
 * {@code projectId} set) at the next multiple of {@code emitInterval} of processing time, holding
 * everything applied until then: one event per contributor and interval, not one per piece of
 * evidence. Per evidence, the Beta quantile of the lower bound, the event's checks and its JSON
 * were a tenth of the whole pipeline's CPU in {@code ./jury bench stream}, and readers (the task
 * API's read model, dashboards) want the latest figures, not every step. The sink commits on
 * checkpoints, so an interval no longer than the checkpoint interval adds no visible delay. A
 * bounded input ends with the final watermark, which fires an event-time timer registered next to
 * the processing-time one (processing-time timers do not fire after the end of input), so the last
 * changes are emitted too.
 *
 * <p>State per key: the {@link Reputation} (seven numbers), the confusion counts (at most {@code
 * K²} entries) and the time of the pending emission, if any.
 */
public class ReputationFunction extends KeyedProcessFunction<String, Evidence, ReputationUpdated> {
    private static final long serialVersionUID = 1L;

    /** The event-time timer that stands for "the end of a bounded input". */
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final long emitIntervalMillis;

    private transient ReputationModel model;
    private transient ValueState<Long> pendingEmission;
    private transient ValueState<long[]> counters;
    private transient ValueState<double[]> evidence;
    private transient MapState<String, Long> confusion;

    /**
     * A function with the model's documented defaults ({@code ReputationModel.Parameters}).
     *
     * @param emitInterval how often, at most, a contributor's changed reputation is emitted
     */
    public ReputationFunction(Duration emitInterval) {
        if (emitInterval.isNegative() || emitInterval.isZero()) {
            throw new IllegalArgumentException("emitInterval must be positive: " + emitInterval);
        }
        this.emitIntervalMillis = emitInterval.toMillis() == 0 ? 1 : emitInterval.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        // Built here: the model's parameters are not Serializable, and the defaults are the ones
        // the
        // model documents; making them configurable means shipping their numbers as fields.
        model = new ReputationModel();
        // Reputation is a record of primitives; kept as two arrays so the state format is ours,
        // not the type extractor's.
        counters =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("reputation-counters", long[].class));
        evidence =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>("reputation-evidence", double[].class));
        confusion =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("confusion", Types.STRING, Types.LONG));
        pendingEmission =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("pending-emission", Types.LONG));
    }

    @Override
    public void processElement(Evidence e, Context ctx, Collector<ReputationUpdated> out)
            throws Exception {
        Reputation before = load();
        boolean agreed = e.truth.equals(e.answered);
        Reputation after =
                e.gold
                        ? model.withGoldAnswer(before, agreed, e.at)
                        : model.withConsensusAnswer(before, agreed, e.confidence, e.at);
        if (after == before) {
            return;
        }
        store(after);
        String cell = e.truth + "\u0000" + e.answered;
        Long n = confusion.get(cell);
        confusion.put(cell, n == null ? 1 : n + 1);
        if (pendingEmission.value() == null) {
            long now = ctx.timerService().currentProcessingTime();
            long at = (now / emitIntervalMillis + 1) * emitIntervalMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            pendingEmission.update(at);
        }
    }

    /** Emits the key's reputation as it stands, once per pending emission. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReputationUpdated> out)
            throws Exception {
        Long pending = pendingEmission.value();
        if (pending == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
        } else {
            ctx.timerService().deleteProcessingTimeTimer(pending);
        }
        pendingEmission.clear();
        String[] key = Evidence.splitKey(ctx.getCurrentKey());
        out.collect(current(key[0], key[1]));
    }

    private ReputationUpdated current(String contributorId, String projectId) throws Exception {
        Reputation r = load();
        Map<String, Map<String, Long>> matrix = new HashMap<>();
        for (Map.Entry<String, Long> c : confusion.entries()) {
            String[] parts = c.getKey().split("\u0000", 2);
            matrix.computeIfAbsent(parts[0], k -> new HashMap<>()).put(parts[1], c.getValue());
        }
        long answers = r.goldAnswered() + r.consensusAnswered();
        double score = model.score(r);
        return new ReputationUpdated(
                eventId(contributorId, projectId, answers),
                ReputationUpdated.SCHEMA_VERSION,
                Events.now(),
                contributorId,
                projectId,
                score,
                Math.min(score, model.lowerBound(r)),
                r.goldAnswered(),
                r.goldCorrect(),
                r.consensusAnswered(),
                r.consensusAgreed(),
                matrix,
                r.lastUpdated());
    }

    private Reputation load() throws Exception {
        long[] c = counters.value();
        double[] d = evidence.value();
        if (c == null || d == null) {
            return Reputation.empty();
        }
        return new Reputation(d[0], d[1], c[0], c[1], c[2], c[3], c[4]);
    }

    private void store(Reputation r) throws Exception {
        evidence.update(new double[] {r.successes(), r.failures()});
        counters.update(
                new long[] {
                    r.lastUpdated(),
                    r.goldAnswered(),
                    r.goldCorrect(),
                    r.consensusAnswered(),
                    r.consensusAgreed()
                });
    }

    static String eventId(String contributorId, String projectId, long answers) {
        return EventIds.nameBased(
                "reputation\u0000" + contributorId + "\u0000" + projectId + "\u0000" + answers);
    }
}
