package dev.jury.stream.reputation;

import dev.jury.consensus.reputation.Reputation;
import dev.jury.consensus.reputation.ReputationModel;
import dev.jury.events.Events;
import dev.jury.events.ReputationUpdated;
import dev.jury.stream.EventIds;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A contributor's reputation within a project, keyed by {@link Evidence#key()}: a {@link
 * ReputationModel} Beta posterior fed by gold answers and by agreement with final consensus.
 *
 * <p>Emits a {@link ReputationUpdated} (with {@code projectId} set) for each piece of evidence that
 * changes the state; consensus below the model's {@code minConsensusConfidence} changes nothing and
 * emits nothing. The model values evidence by event time and is order-independent (late evidence is
 * added already decayed), so the interleaving of the gold and consensus inputs does not change the
 * result. The cross-project (global) score is not computed yet.
 *
 * <p>State per key: the {@link Reputation} (seven numbers) and the confusion counts, at most {@code
 * K²} entries.
 */
public class ReputationFunction extends KeyedProcessFunction<String, Evidence, ReputationUpdated> {
    private static final long serialVersionUID = 1L;

    private transient ReputationModel model;
    private transient ValueState<long[]> counters;
    private transient ValueState<double[]> evidence;
    private transient MapState<String, Long> confusion;

    /** A function with the model's documented defaults ({@code ReputationModel.Parameters}). */
    public ReputationFunction() {}

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

        Map<String, Map<String, Long>> matrix = new HashMap<>();
        for (Map.Entry<String, Long> c : confusion.entries()) {
            String[] parts = c.getKey().split("\u0000", 2);
            matrix.computeIfAbsent(parts[0], k -> new HashMap<>()).put(parts[1], c.getValue());
        }
        long answers = after.goldAnswered() + after.consensusAnswered();
        double score = model.score(after);
        out.collect(
                new ReputationUpdated(
                        eventId(e.contributorId, e.projectId, answers),
                        ReputationUpdated.SCHEMA_VERSION,
                        Events.now(),
                        e.contributorId,
                        e.projectId,
                        score,
                        Math.min(score, model.lowerBound(after)),
                        after.goldAnswered(),
                        after.goldCorrect(),
                        after.consensusAnswered(),
                        after.consensusAgreed(),
                        matrix,
                        Math.max(e.at, after.lastUpdated())));
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
