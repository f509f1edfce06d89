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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** {@link #READ_LEASE} for a batch: one row per usable lease, keyed by the lease id. */
    private static final String READ_LEASES =
            "SELECT t.lease_id, l.item_id, l.issued_at, i.gold_label::text AS gold,"
                    + " char_length(i.text) AS text_length"
                    + " FROM unnest($1::uuid[], $2::bigint[], $3::bigint[])"
                    + "   AS t(lease_id, contributor_id, project_id)"
                    + " JOIN leases l ON l.id = t.lease_id AND l.contributor_id = t.contributor_id"
                    + "   AND l.project_id = t.project_id"
                    + " JOIN items i ON i.id = l.item_id"
                    + " WHERE l.state = 'open' AND l.expires_at > now()";

    /**
     * {@link #CLOSE_LEASE_AND_STORE} for a batch, in one autocommitted statement: answers the lease
     * ids whose label was stored. An item with several labels in the batch is counted once with
     * their number (an UPDATE changes a row once). A lease submitted or lapsed since the read is
     * left out; any error (a duplicate idempotency key, a deadlock with another instance's batch)
     * rolls the whole batch back, and its requests are then written one by one.
     */
    private static final String CLOSE_LEASES_AND_STORE =
            "WITH input AS ("
                    + "  SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::uuid[],"
                    + "    $5::text[], $6::text[], $7::bigint[], $8::timestamptz[], $9::text[], $10::text[])"
                    + "    AS t(lease_id, contributor_id, project_id, label_id, value, client_key,"
                    + "         duration_ms, created_at, record_key, payload)"
                    + "), l AS ("
                    + "  UPDATE leases SET state = 'submitted' FROM input"
                    + "  WHERE leases.id = input.lease_id AND leases.contributor_id = input.contributor_id"
                    + "    AND leases.project_id = input.project_id AND leases.state = 'open'"
                    + "    AND leases.expires_at > now()"
                    + "  RETURNING leases.id, leases.item_id"
                    + "), counted AS ("
                    + "  UPDATE items SET labels_count = labels_count + c.n, open_leases = open_leases - c.n"
                    + "  FROM (SELECT item_id, count(*) AS n FROM l GROUP BY item_id) c"
                    + "  WHERE items.id = c.item_id"
                    + "  RETURNING items.id"
                    + "), lab AS ("
                    + "  INSERT INTO labels (id, item_id, project_id, contributor_id, lease_id, value, client_key,"
                    + "                      duration_ms, created_at)"
                    + "  SELECT input.label_id, l.item_id, input.project_id, input.contributor_id, l.id,"
                    + "         input.value::jsonb, input.client_key, input.duration_ms, input.created_at"
                    + "  FROM input JOIN l ON l.id = input.lease_id JOIN counted ON counted.id = l.item_id"
                    + "  RETURNING lease_id"
                    + "), sent AS ("
                    + "  INSERT INTO outbox (topic, record_key, payload)"
                    + "  SELECT $11, input.record_key, input.payload FROM input JOIN lab ON lab.lease_id = input.lease_id"
                    + ")"
                    + " SELECT lease_id FROM lab";

    /** The most submits one batch takes. */
    static final int MAX_BATCH = 256;

    private final SqlClient sql;
    private final Runnable onCommitted;
    private final java.util.concurrent.atomic.AtomicLong groupedWrites =
            new java.util.concurrent.atomic.AtomicLong();
    private final SubmitBatcher<Pending, Receipt> batcher =
            new SubmitBatcher<>(this::storeBatch, MAX_BATCH);

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

    /**
     * How many statements have stored several labels at once since start: evidence for tests and
     * operators that concurrent submits share their writes.
     */
    public long groupedWrites() {
        return groupedWrites.get();
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

    /** A submit that passed the checks that need no database, waiting for its batch. */
    private record Pending(
            Caller caller,
            Project project,
            Request request,
            UUID leaseId,
            UUID labelId,
            Instant now,
            String clientKey) {}

    /** A pending submit checked against its lease, with its event built: ready to write. */
    private record Prepared(
            Pending p,
            long itemId,
            String labelJson,
            OffsetDateTime createdAt,
            long durationMs,
            String event) {
        Receipt receipt() {
            return new Receipt(
                    p.labelId().toString(),
                    p.leaseId().toString(),
                    Long.toString(itemId),
                    Long.toString(p.project().id()),
                    createdAt.toString());
        }
    }

    /**
     * Reads the lease, then writes; neither statement holds a lock while the API works. Concurrent
     * submits share both statements ({@link SubmitBatcher}).
     */
    private Future<Receipt> store(
            Caller caller,
            Project project,
            Request request,
            UUID leaseId,
            UUID labelId,
            Instant now,
            String clientKey) {
        return batcher.submit(
                new Pending(caller, project, request, leaseId, labelId, now, clientKey));
    }

    /** One read and one write for the whole batch; answers each request on its own. */
    private List<Future<Receipt>> storeBatch(List<Pending> batch) {
        int n = batch.size();
        UUID[] leases = new UUID[n];
        Long[] contributors = new Long[n];
        Long[] projects = new Long[n];
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            leases[i] = p.leaseId();
            contributors[i] = p.caller().accountId();
            projects[i] = p.project().id();
        }
        Future<List<Future<Prepared>>> read =
                sql.preparedQuery(READ_LEASES)
                        .execute(Tuple.of(leases, contributors, projects))
                        .map(
                                rows -> {
                                    Map<UUID, Row> byLease = new HashMap<>();
                                    for (Row row : rows) {
                                        byLease.put(row.getUUID("lease_id"), row);
                                    }
                                    List<Future<Prepared>> prepared = new ArrayList<>(n);
                                    for (Pending p : batch) {
                                        Row row = byLease.get(p.leaseId());
                                        prepared.add(
                                                row == null
                                                        ? Future.failedFuture(new LeaseUnusable())
                                                        : prepare(p, row));
                                    }
                                    return prepared;
                                });
        Future<Map<Pending, Future<Receipt>>> written = read.compose(this::writeBatch);
        List<Future<Receipt>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = i;
            Pending pending = batch.get(i);
            out.add(
                    read.compose(
                            prepared ->
                                    prepared.get(at)
                                            .compose(
                                                    ok ->
                                                            written.compose(
                                                                    byRequest ->
                                                                            byRequest.get(
                                                                                    pending)))));
        }
        return out;
    }

    /** Checks a submit against its lease's row and builds its event. */
    private static Future<Prepared> prepare(Pending p, Row row) {
        List<String> spanErrors =
                p.project()
                        .labelSchema()
                        .violations(p.request().label(), row.getInteger("text_length"));
        if (!spanErrors.isEmpty()) {
            return Future.failedFuture(
                    ApiProblem.invalid("the label does not fit the project's schema", spanErrors));
        }
        long itemId = row.getLong("item_id");
        String goldJson = row.getString("gold");
        LabelValue gold =
                goldJson == null
                        ? null
                        : Events.codec(LabelValue.class)
                                .decode(goldJson.getBytes(StandardCharsets.UTF_8));
        long issuedAt = row.getOffsetDateTime("issued_at").toInstant().toEpochMilli();
        long submittedAt = p.now().toEpochMilli();
        LabelSubmitted event =
                LabelSubmitted.create(
                        p.labelId().toString(),
                        Long.toString(p.project().id()),
                        Long.toString(itemId),
                        p.caller().idString(),
                        p.request().label(),
                        gold,
                        p.leaseId().toString(),
                        p.clientKey(),
                        submittedAt,
                        Math.max(0, submittedAt - issuedAt));
        String labelJson =
                new String(
                        Events.codec(LabelValue.class).encode(p.request().label()),
                        StandardCharsets.UTF_8);
        return Future.succeededFuture(
                new Prepared(
                        p,
                        itemId,
                        labelJson,
                        OffsetDateTime.ofInstant(p.now(), ZoneOffset.UTC),
                        event.durationMs(),
                        new String(LabelSubmitted.CODEC.encode(event), StandardCharsets.UTF_8)));
    }

    /**
     * Writes the batch's ready submits in one statement; if that fails as a whole, writes each on
     * its own, so one bad request (a reused idempotency key) costs the others nothing.
     */
    private Future<Map<Pending, Future<Receipt>>> writeBatch(List<Future<Prepared>> all) {
        List<Prepared> ready = new ArrayList<>();
        for (Future<Prepared> f : all) {
            if (f.succeeded()) {
                ready.add(f.result());
            }
        }
        if (ready.isEmpty()) {
            return Future.succeededFuture(new IdentityHashMap<>());
        }
        Set<UUID> distinct = new HashSet<>();
        for (Prepared r : ready) {
            distinct.add(r.p().leaseId());
        }
        // One lease sent twice at once: the statement would store it once and could not say which
        // request won, so these go one by one and the loser hears why.
        if (ready.size() == 1 || distinct.size() < ready.size()) {
            return writeEach(ready);
        }
        int n = ready.size();
        UUID[] leases = new UUID[n];
        Long[] contributors = new Long[n];
        Long[] projects = new Long[n];
        UUID[] labels = new UUID[n];
        String[] values = new String[n];
        String[] keys = new String[n];
        Long[] durations = new Long[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        String[] recordKeys = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Prepared r = ready.get(i);
            leases[i] = r.p().leaseId();
            contributors[i] = r.p().caller().accountId();
            projects[i] = r.p().project().id();
            labels[i] = r.p().labelId();
            values[i] = r.labelJson();
            keys[i] = r.p().clientKey();
            durations[i] = r.durationMs();
            created[i] = r.createdAt();
            recordKeys[i] = Long.toString(r.itemId());
            payloads[i] = r.event();
        }
        return sql.preparedQuery(CLOSE_LEASES_AND_STORE)
                .execute(
                        Tuple.from(
                                new Object[] {
                                    leases,
                                    contributors,
                                    projects,
                                    labels,
                                    values,
                                    keys,
                                    durations,
                                    created,
                                    recordKeys,
                                    payloads,
                                    Topics.LABELS_SUBMITTED
                                }))
                .map(
                        rows -> {
                            groupedWrites.incrementAndGet();
                            Set<UUID> stored = new HashSet<>();
                            for (Row row : rows) {
                                stored.add(row.getUUID(0));
                            }
                            Map<Pending, Future<Receipt>> out = new IdentityHashMap<>();
                            for (Prepared r : ready) {
                                out.put(
                                        r.p(),
                                        stored.contains(r.p().leaseId())
                                                ? Future.succeededFuture(r.receipt())
                                                // Submitted or lapsed since the read.
                                                : Future.failedFuture(new LeaseUnusable()));
                            }
                            return out;
                        })
                .recover(failure -> writeEach(ready));
    }

    /** Each submit in its own statement; every request gets its own outcome. */
    private Future<Map<Pending, Future<Receipt>>> writeEach(List<Prepared> ready) {
        Map<Pending, Future<Receipt>> out = new IdentityHashMap<>();
        List<Future<Receipt>> all = new ArrayList<>();
        for (Prepared r : ready) {
            Future<Receipt> one = writeOne(r);
            out.put(r.p(), one);
            all.add(one);
        }
        return Future.join(all).transform(done -> Future.succeededFuture(out));
    }

    /** {@link #CLOSE_LEASE_AND_STORE} for one submit. */
    private Future<Receipt> writeOne(Prepared r) {
        Pending p = r.p();
        return sql.preparedQuery(CLOSE_LEASE_AND_STORE)
                .execute(
                        Tuple.from(
                                new Object[] {
                                    p.leaseId(),
                                    p.caller().accountId(),
                                    p.project().id(),
                                    p.labelId(),
                                    r.labelJson(),
                                    p.clientKey(),
                                    r.durationMs(),
                                    r.createdAt(),
                                    Topics.LABELS_SUBMITTED,
                                    Long.toString(r.itemId()),
                                    r.event()
                                }))
                .compose(
                        written ->
                                written.size() == 0
                                        // Submitted or lapsed since the read.
                                        ? Future.failedFuture(new LeaseUnusable())
                                        : Future.succeededFuture(r.receipt()));
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
