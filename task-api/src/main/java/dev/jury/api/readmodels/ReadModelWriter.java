package dev.jury.api.readmodels;

import dev.jury.events.ContributionRecorded;
import dev.jury.events.ItemResolved;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ReputationUpdated;
import dev.jury.events.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Turns one consumed event into one SQL statement that applies it to the read-model tables and
 * records its id in {@code processed_events}, both in the caller's transaction.
 *
 * <p>Every statement starts with {@code INSERT INTO processed_events ... ON CONFLICT DO NOTHING
 * RETURNING} and only touches its table through that row: a re-delivered event finds its id taken,
 * the insert returns nothing, and the change is skipped.
 *
 * <p>JSON columns get {@code JsonObject}/{@code JsonArray} parameters: the Vert.x client encodes a
 * Java {@code String} bound to a jsonb parameter as a JSON string, not as the document it holds.
 * Events a stream job re-emits with a new id are guarded by their own order: an item's {@code
 * revision}, a score's {@code updatedAt}.
 */
final class ReadModelWriter {

    private static final String RECORD_EVENT =
            "WITH ev AS (INSERT INTO processed_events (event_id, topic) VALUES ($1, $2)"
                    + " ON CONFLICT DO NOTHING RETURNING event_id) ";

    /**
     * RESOLVED and EXHAUSTED stop {@code next} from handing the item out (it only picks 'open');
     * leases already issued may still be submitted. NEEDS_MORE_LABELS reopens the item and plans
     * one label more than were aggregated, never beyond the project's maximum. A moderator's
     * override keeps its status and label whatever the job says later.
     */
    static final String ITEM_RESOLVED =
            RECORD_EVENT
                    + "UPDATE items i SET"
                    + "  status = CASE WHEN i.status = 'overridden' THEN i.status"
                    + "                WHEN $5 = 'RESOLVED' THEN 'resolved'"
                    + "                WHEN $5 = 'EXHAUSTED' THEN 'exhausted' ELSE 'open' END,"
                    + "  consensus_label = CASE WHEN i.status = 'overridden' THEN i.consensus_label"
                    + "                         ELSE $6 END,"
                    + "  posterior = $7::jsonb, confidence = $8, labels_used = $9, revision = $10,"
                    + "  resolved_at = CASE WHEN i.status = 'overridden' THEN i.resolved_at"
                    + "                     WHEN $5 = 'NEEDS_MORE_LABELS' THEN NULL ELSE $11 END,"
                    + "  target = CASE WHEN $5 = 'NEEDS_MORE_LABELS'"
                    + "                THEN LEAST(p.max_labels, GREATEST(i.target, $9 + 1))"
                    + "                ELSE i.target END"
                    + " FROM projects p, ev"
                    + " WHERE i.id = $3 AND i.project_id = $4 AND p.id = i.project_id"
                    + "   AND i.revision < $10";

    static final String REPUTATION_UPDATED =
            RECORD_EVENT
                    + "INSERT INTO contributor_reputation (contributor_id, project_id, score,"
                    + "  lower_bound, gold_answered, gold_correct, consensus_answered,"
                    + "  consensus_agreed, confusion, updated_at)"
                    + " SELECT $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12 FROM ev"
                    + " ON CONFLICT (contributor_id, project_id) DO UPDATE SET"
                    + "  score = excluded.score, lower_bound = excluded.lower_bound,"
                    + "  gold_answered = excluded.gold_answered, gold_correct = excluded.gold_correct,"
                    + "  consensus_answered = excluded.consensus_answered,"
                    + "  consensus_agreed = excluded.consensus_agreed, confusion = excluded.confusion,"
                    + "  updated_at = excluded.updated_at"
                    // A score computed from older labels never replaces a newer one.
                    + " WHERE contributor_reputation.updated_at <= excluded.updated_at";

    static final String PROJECT_METRICS =
            RECORD_EVENT
                    + "INSERT INTO project_metrics (project_id, window_start, window_end,"
                    + "  krippendorff_alpha, fleiss_kappa, labels_submitted, labels_per_minute,"
                    + "  items_resolved, resolution_rate, mean_labels_per_item, active_contributors)"
                    + " SELECT $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM ev"
                    + " ON CONFLICT (project_id, window_end) DO UPDATE SET"
                    + "  window_start = excluded.window_start,"
                    + "  krippendorff_alpha = excluded.krippendorff_alpha,"
                    + "  fleiss_kappa = excluded.fleiss_kappa,"
                    + "  labels_submitted = excluded.labels_submitted,"
                    + "  labels_per_minute = excluded.labels_per_minute,"
                    + "  items_resolved = excluded.items_resolved,"
                    + "  resolution_rate = excluded.resolution_rate,"
                    + "  mean_labels_per_item = excluded.mean_labels_per_item,"
                    + "  active_contributors = excluded.active_contributors";

    static final String CONTRIBUTION_RECORDED =
            RECORD_EVENT
                    + "INSERT INTO contributions (label_id, epoch, item_id, project_id,"
                    + "  contributor_id, wallet, weight, leaf_hash, merkle_root, proof,"
                    + "  contract_address, chain_id, tx_hash, block_number, status)"
                    + " SELECT $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15,"
                    + "  $16, $17 FROM ev"
                    + " ON CONFLICT (label_id) DO UPDATE SET"
                    + "  epoch = excluded.epoch, wallet = excluded.wallet, weight = excluded.weight,"
                    + "  leaf_hash = excluded.leaf_hash, merkle_root = excluded.merkle_root,"
                    + "  proof = excluded.proof, contract_address = excluded.contract_address,"
                    + "  chain_id = excluded.chain_id, tx_hash = excluded.tx_hash,"
                    + "  block_number = excluded.block_number, status = excluded.status,"
                    + "  recorded_at = now()"
                    // A late SUBMITTED of the same transaction never undoes its confirmation.
                    + " WHERE NOT (contributions.status = 'confirmed' AND excluded.status = 'submitted'"
                    + "            AND contributions.tx_hash = excluded.tx_hash)";

    /**
     * A decoded event ready to apply.
     *
     * @param topic the topic it came from
     * @param sql the statement
     * @param params its parameters
     * @param event the decoded event
     */
    record Change(String topic, String sql, Tuple params, Object event) {}

    private ReadModelWriter() {}

    /**
     * Decodes a record of one of the read-model topics.
     *
     * @throws RuntimeException (an {@code EventDecodingException} or a number format error) when
     *     the record cannot be applied; the caller counts and skips it
     */
    static Change decode(String topic, byte[] value) {
        return switch (topic) {
            case Topics.ITEMS_RESOLVED -> itemResolved(ItemResolved.CODEC.decode(value));
            case Topics.REPUTATION_UPDATED ->
                    reputationUpdated(ReputationUpdated.CODEC.decode(value));
            case Topics.PROJECT_METRICS -> projectMetrics(ProjectMetrics.CODEC.decode(value));
            case Topics.CONTRIBUTIONS_RECORDED ->
                    contributionRecorded(ContributionRecorded.CODEC.decode(value));
            default -> throw new IllegalArgumentException("not a read-model topic: " + topic);
        };
    }

    static final List<String> TOPICS =
            List.of(
                    Topics.ITEMS_RESOLVED,
                    Topics.REPUTATION_UPDATED,
                    Topics.PROJECT_METRICS,
                    Topics.CONTRIBUTIONS_RECORDED);

    private static Change itemResolved(ItemResolved e) {
        Tuple t =
                Tuple.tuple()
                        .addString(e.eventId())
                        .addString(Topics.ITEMS_RESOLVED)
                        .addLong(id(e.itemId(), "itemId"))
                        .addLong(id(e.projectId(), "projectId"))
                        .addString(e.status().name())
                        .addString(e.label())
                        .addJsonObject(new JsonObject(new java.util.TreeMap<>(e.posterior())))
                        .addDouble(e.confidence())
                        .addInteger(e.labelsUsed())
                        .addInteger(e.revision())
                        .addOffsetDateTime(time(e.resolvedAt()));
        return new Change(Topics.ITEMS_RESOLVED, ITEM_RESOLVED, t, e);
    }

    private static Change reputationUpdated(ReputationUpdated e) {
        JsonObject confusion = new JsonObject();
        e.confusion()
                .forEach(
                        (truth, row) ->
                                confusion.put(truth, new JsonObject(new java.util.TreeMap<>(row))));
        Tuple t =
                Tuple.tuple()
                        .addString(e.eventId())
                        .addString(Topics.REPUTATION_UPDATED)
                        .addLong(id(e.contributorId(), "contributorId"))
                        .addLong(e.projectId() == null ? 0L : id(e.projectId(), "projectId"))
                        .addDouble(e.score())
                        .addDouble(e.lowerBound())
                        .addLong(e.goldAnswered())
                        .addLong(e.goldCorrect())
                        .addLong(e.consensusAnswered())
                        .addLong(e.consensusAgreed())
                        .addJsonObject(confusion)
                        .addLong(e.updatedAt());
        return new Change(Topics.REPUTATION_UPDATED, REPUTATION_UPDATED, t, e);
    }

    private static Change projectMetrics(ProjectMetrics e) {
        Tuple t =
                Tuple.tuple()
                        .addString(e.eventId())
                        .addString(Topics.PROJECT_METRICS)
                        .addLong(id(e.projectId(), "projectId"))
                        .addLong(e.windowStart())
                        .addLong(e.windowEnd())
                        .addDouble(e.krippendorffAlpha())
                        .addDouble(e.fleissKappa())
                        .addLong(e.labelsSubmitted())
                        .addDouble(e.labelsPerMinute())
                        .addLong(e.itemsResolved())
                        .addDouble(e.resolutionRate())
                        .addDouble(e.meanLabelsPerItem())
                        .addInteger(e.activeContributors());
        return new Change(Topics.PROJECT_METRICS, PROJECT_METRICS, t, e);
    }

    private static Change contributionRecorded(ContributionRecorded e) {
        Tuple t =
                Tuple.tuple()
                        .addString(e.eventId())
                        .addString(Topics.CONTRIBUTIONS_RECORDED)
                        .addString(e.labelId())
                        .addLong(e.epoch())
                        .addString(e.itemId())
                        .addString(e.projectId())
                        .addString(e.contributorId())
                        .addString(e.walletAddress().toLowerCase(java.util.Locale.ROOT))
                        .addLong(e.weight())
                        .addString(e.leafHash())
                        .addString(e.merkleRoot())
                        .addJsonArray(new JsonArray(e.proof()))
                        .addString(e.contractAddress())
                        .addLong(e.chainId())
                        .addString(e.txHash())
                        .addLong(e.blockNumber())
                        .addString(e.status().name().toLowerCase(java.util.Locale.ROOT));
        return new Change(Topics.CONTRIBUTIONS_RECORDED, CONTRIBUTION_RECORDED, t, e);
    }

    /** Ids in events are the bigint ids as decimal strings; anything else cannot be applied. */
    static long id(String value, String field) {
        try {
            long id = Long.parseLong(value);
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a positive decimal id: " + value);
        }
    }

    private static OffsetDateTime time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
