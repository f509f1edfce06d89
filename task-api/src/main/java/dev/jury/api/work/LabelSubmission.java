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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
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
 * written in one statement (one implicit transaction): once the client has its 201, the event
 * reaches Kafka eventually even if Kafka is down now (the relay publishes the outbox). A submission
 * re-sent with the same {@code Idempotency-Key} returns the first result and writes nothing.
 */
public final class LabelSubmission {

    /** Longest idempotency key accepted. */
    public static final int MAX_KEY_LENGTH = 200;

    /**
     * The lease and its item as the label will be checked against; reads only, takes no lock. The
     * lease id is new at each issue, so its item and issue time cannot change afterwards.
     */
    private static final String READ_LEASE =
            "SELECT l.item_id, l.issued_at, i.gold_label::text AS gold,"
                    + " char_length(i.text) AS text_length"
                    + " FROM leases l JOIN items i ON i.id = l.item_id"
                    + " WHERE l.id = $1 AND l.contributor_id = $2 AND l.project_id = $3"
                    + "   AND l.state = 'open' AND l.expires_at > now()";

    /**
     * Closes the lease, counts the label on the item and stores the label and its outbox row, in
     * one autocommitted statement: all or nothing, and the item's row lock lasts for this statement
     * only instead of over several round trips. Each step reads the one before, so if the lease was
     * submitted or lapsed since {@link #READ_LEASE}, nothing is written and no row comes back.
     */
    private static final String CLOSE_LEASE_AND_STORE =
            "WITH l AS ("
                    + "  UPDATE leases SET state = 'submitted'"
                    + "  WHERE id = $1 AND contributor_id = $2 AND project_id = $3 AND state = 'open'"
                    + "    AND expires_at > now()"
                    + "  RETURNING item_id"
                    + "), counted AS ("
                    + "  UPDATE items SET labels_count = labels_count + 1, open_leases = open_leases - 1"
                    + "  FROM l WHERE items.id = l.item_id"
                    + "  RETURNING items.id"
                    + "), lab AS ("
                    + "  INSERT INTO labels (id, item_id, project_id, contributor_id, lease_id, value, client_key,"
                    + "                      duration_ms, created_at)"
                    + "  SELECT $4, counted.id, $3, $2, $1, $5::text::jsonb, $6, $7, $8 FROM counted"
                    + "  RETURNING id"
                    + ")"
                    + " INSERT INTO outbox (topic, record_key, payload) SELECT $9, $10, $11 FROM lab"
                    + " RETURNING id";

    private static final String FIND_BY_KEY =
            "SELECT id, lease_id, item_id, project_id, created_at FROM labels"
                    + " WHERE contributor_id = $1 AND client_key = $2";

    private final SqlClient sql;
    private final Runnable onCommitted;

    /**
     * @param sql the database; every statement here autocommits, so a pipelined client fits
     * @param onCommitted called after each committed label, to wake the outbox relay
     */
    public LabelSubmission(SqlClient sql, Runnable onCommitted) {
        this.sql = sql;
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
        return store(caller, project, request, leaseId, labelId, now, clientKey)
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

    /** Two statements, neither holding a lock while the API works: read the lease, then write. */
    private Future<Receipt> store(
            Caller caller,
            Project project,
            Request request,
            UUID leaseId,
            UUID labelId,
            Instant now,
            String clientKey) {
        return sql.preparedQuery(READ_LEASE)
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
                            long itemId = row.getLong("item_id");
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
                            return sql.preparedQuery(CLOSE_LEASE_AND_STORE)
                                    .execute(
                                            Tuple.from(
                                                    new Object[] {
                                                        leaseId,
                                                        caller.accountId(),
                                                        project.id(),
                                                        labelId,
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
                                    .compose(
                                            written ->
                                                    written.size() == 0
                                                            // Submitted or lapsed since the read.
                                                            ? Future.failedFuture(
                                                                    new LeaseUnusable())
                                                            : Future.succeededFuture(
                                                                    new Receipt(
                                                                            labelId.toString(),
                                                                            leaseId.toString(),
                                                                            Long.toString(itemId),
                                                                            Long.toString(
                                                                                    project.id()),
                                                                            createdAt.toString())));
                        });
    }

    private Future<Receipt> replayOrExplain(Caller caller, UUID leaseId, String clientKey) {
        Future<Receipt> previous =
                clientKey == null
                        ? Future.succeededFuture()
                        : sql.preparedQuery(FIND_BY_KEY)
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
                    return Leases.explain(sql, caller, leaseId).map(v -> (Receipt) null);
                });
    }
}
