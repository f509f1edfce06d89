package dev.jury.api.work;

import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.projects.Project;
import dev.jury.events.Events;
import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.Topics;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Takes a label against a live lease.
 *
 * <p>The label, the item's counters and an outbox row carrying the {@link LabelSubmitted} event are
 * written in one transaction: once the client has its 201, the event reaches Kafka eventually even
 * if Kafka is down now (the relay publishes the outbox). A submission re-sent with the same {@code
 * Idempotency-Key} returns the first result and writes nothing.
 */
public final class LabelSubmission {

    /** Longest idempotency key accepted. */
    public static final int MAX_KEY_LENGTH = 200;

    private static final String CLOSE_LEASE =
            "WITH l AS ("
                    + "  UPDATE leases SET state = 'submitted'"
                    + "  WHERE id = $1 AND contributor_id = $2 AND project_id = $3 AND state = 'open'"
                    + "    AND expires_at > now()"
                    + "  RETURNING item_id, issued_at)"
                    + " UPDATE items SET labels_count = labels_count + 1, open_leases = open_leases - 1"
                    + " FROM l WHERE items.id = l.item_id"
                    + " RETURNING items.id, items.gold_label::text AS gold, char_length(items.text) AS text_length,"
                    + "           l.issued_at";

    private static final String INSERT_LABEL_AND_EVENT =
            "WITH lab AS ("
                    + "  INSERT INTO labels (id, item_id, project_id, contributor_id, lease_id, value, client_key,"
                    + "                      duration_ms, created_at)"
                    + "  VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9))"
                    + " INSERT INTO outbox (topic, record_key, payload) VALUES ($10, $11, $12)";

    private static final String FIND_BY_KEY =
            "SELECT id, lease_id, item_id, project_id, created_at FROM labels"
                    + " WHERE contributor_id = $1 AND client_key = $2";

    private final Pool pool;
    private final Runnable onCommitted;

    /**
     * @param pool the database
     * @param onCommitted called after each committed label, to wake the outbox relay
     */
    public LabelSubmission(Pool pool, Runnable onCommitted) {
        this.pool = pool;
        this.onCommitted = onCommitted;
    }

    /**
     * A label as submitted.
     *
     * @param leaseId the lease the item was handed out under
     * @param label the answer
     */
    public record Request(String leaseId, LabelValue label) {}

    /**
     * What the API answers to a stored label; a replay returns the same.
     *
     * @param labelId the label's id
     * @param leaseId the lease
     * @param itemId the item
     * @param projectId the project
     * @param createdAt when it was accepted
     */
    public record Receipt(
            String labelId, String leaseId, String itemId, String projectId, String createdAt) {}

    /** The receipt and whether it is a replay of an earlier submission. */
    public record Outcome(Receipt receipt, boolean replayed) {}

    /** Marks the lease update finding nothing: fall through to the idempotency and lease checks. */
    private static final class LeaseUnusable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseUnusable() {
            super(null, null, false, false);
        }
    }

    /** Stores a label. Fails with an {@link ApiProblem} (nothing written) on bad input. */
    public Future<Outcome> submit(
            Caller caller, Project project, Request request, String clientKey) {
        caller.require(Role.CONTRIBUTOR);
        if (caller.banned()) {
            throw ApiProblem.forbidden("this account is banned from submitting labels");
        }
        if (request.leaseId() == null || request.label() == null) {
            throw ApiProblem.badRequest("leaseId and label are required");
        }
        if (clientKey != null && (clientKey.isBlank() || clientKey.length() > MAX_KEY_LENGTH)) {
            throw ApiProblem.badRequest(
                    "Idempotency-Key must have 1 to " + MAX_KEY_LENGTH + " characters");
        }
        UUID leaseId;
        try {
            leaseId = UUID.fromString(request.leaseId());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("leaseId is not a lease id");
        }
        List<String> errors = project.labelSchema().violations(request.label(), Integer.MAX_VALUE);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("the label does not fit the project's schema", errors);
        }
        UUID labelId = UUID.randomUUID();
        // Microseconds: what PostgreSQL keeps, so a replay returns the identical timestamp.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return pool.withTransaction(
                        conn ->
                                store(
                                        conn, caller, project, request, leaseId, labelId, now,
                                        clientKey))
                .map(receipt -> new Outcome(receipt, false))
                .onSuccess(o -> onCommitted.run())
                .recover(
                        failure -> {
                            boolean duplicateKey =
                                    failure instanceof PgException pg
                                            && "23505".equals(pg.getSqlState())
                                            && String.valueOf(pg.getConstraint())
                                                    .contains("client_key");
                            if (failure instanceof LeaseUnusable || duplicateKey) {
                                return replayOrExplain(caller, leaseId, clientKey)
                                        .map(receipt -> new Outcome(receipt, true));
                            }
                            return Future.failedFuture(failure);
                        });
    }

    private Future<Receipt> store(
            SqlConnection conn,
            Caller caller,
            Project project,
            Request request,
            UUID leaseId,
            UUID labelId,
            Instant now,
            String clientKey) {
        return conn.preparedQuery(CLOSE_LEASE)
                .execute(Tuple.of(leaseId, caller.accountId(), project.id()))
                .compose(
                        rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(new LeaseUnusable());
                            }
                            Row row = rows.iterator().next();
                            List<String> spanErrors =
                                    project.labelSchema()
                                            .violations(
                                                    request.label(), row.getInteger("text_length"));
                            if (!spanErrors.isEmpty()) {
                                return Future.failedFuture(
                                        ApiProblem.invalid(
                                                "the label does not fit the project's schema",
                                                spanErrors));
                            }
                            long itemId = row.getLong("id");
                            String goldJson = row.getString("gold");
                            LabelValue gold =
                                    goldJson == null
                                            ? null
                                            : Events.codec(LabelValue.class)
                                                    .decode(
                                                            goldJson.getBytes(
                                                                    StandardCharsets.UTF_8));
                            long issuedAt =
                                    row.getOffsetDateTime("issued_at").toInstant().toEpochMilli();
                            long submittedAt = now.toEpochMilli();
                            LabelSubmitted event =
                                    LabelSubmitted.create(
                                            labelId.toString(),
                                            Long.toString(project.id()),
                                            Long.toString(itemId),
                                            caller.idString(),
                                            request.label(),
                                            gold,
                                            leaseId.toString(),
                                            clientKey,
                                            submittedAt,
                                            Math.max(0, submittedAt - issuedAt));
                            String labelJson =
                                    new String(
                                            Events.codec(LabelValue.class).encode(request.label()),
                                            StandardCharsets.UTF_8);
                            OffsetDateTime createdAt =
                                    OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
                            return conn.preparedQuery(INSERT_LABEL_AND_EVENT)
                                    .execute(
                                            Tuple.from(
                                                    new Object[] {
                                                        labelId,
                                                        itemId,
                                                        project.id(),
                                                        caller.accountId(),
                                                        leaseId,
                                                        labelJson,
                                                        clientKey,
                                                        event.durationMs(),
                                                        createdAt,
                                                        Topics.LABELS_SUBMITTED,
                                                        event.itemId(),
                                                        new String(
                                                                LabelSubmitted.CODEC.encode(event),
                                                                StandardCharsets.UTF_8)
                                                    }))
                                    .map(
                                            ignored ->
                                                    new Receipt(
                                                            labelId.toString(),
                                                            leaseId.toString(),
                                                            Long.toString(itemId),
                                                            Long.toString(project.id()),
                                                            createdAt.toString()));
                        });
    }

    private Future<Receipt> replayOrExplain(Caller caller, UUID leaseId, String clientKey) {
        Future<Receipt> previous =
                clientKey == null
                        ? Future.succeededFuture()
                        : pool.preparedQuery(FIND_BY_KEY)
                                .execute(Tuple.of(caller.accountId(), clientKey))
                                .map(
                                        rows -> {
                                            if (rows.size() == 0) {
                                                return null;
                                            }
                                            Row row = rows.iterator().next();
                                            return new Receipt(
                                                    row.getUUID("id").toString(),
                                                    row.getUUID("lease_id").toString(),
                                                    Long.toString(row.getLong("item_id")),
                                                    Long.toString(row.getLong("project_id")),
                                                    row.getOffsetDateTime("created_at")
                                                            .withOffsetSameInstant(ZoneOffset.UTC)
                                                            .toString());
                                        });
        return previous.compose(
                receipt -> {
                    if (receipt != null) {
                        if (!receipt.leaseId().equals(leaseId.toString())) {
                            return Future.failedFuture(
                                    ApiProblem.conflict(
                                            "idempotency-key-reused",
                                            "this Idempotency-Key was used for another lease"));
                        }
                        return Future.succeededFuture(receipt);
                    }
                    return Leases.explain(pool, caller, leaseId).map(v -> (Receipt) null);
                });
    }
}
