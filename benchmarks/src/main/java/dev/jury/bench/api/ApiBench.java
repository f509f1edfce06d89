package dev.jury.bench.api;

import dev.jury.api.ApiConfig;
import dev.jury.api.TaskApi;
import dev.jury.bench.BenchArgs;
import dev.jury.testsupport.PostgresService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * {@code ./jury bench api}: the task API's {@code next} and {@code submit} under many concurrent
 * contributors, next to what the same PostgreSQL does for pgbench's single-row inserts.
 *
 * <p>One JVM runs an embedded PostgreSQL (test-support's {@link PostgresService}, fsync off), the
 * {@link TaskApi} without Kafka (events stay in the outbox, which is written in every submit
 * transaction as in production; only the relay's reads and deletes are missing), and the clients:
 * one Vert.x event loop driving C keep-alive connections, each contributor looping next then
 * submit. Latency is measured from sending a request to having its whole response. Then pgbench
 * runs a single-row insert script against the same server and database: the ceiling a label's
 * transaction is compared with.
 */
public final class ApiBench {

    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
    private static final String PGBENCH = "/usr/lib/postgresql/15/bin/pgbench";
    private static final long MAX_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * Command-line options.
     *
     * @param contributors concurrent simulated contributors, one connection each
     * @param items items in the project
     * @param overlap labels each item needs
     * @param goldShare share of assignments drawn from gold items (a tenth of the items are gold)
     * @param warmupSeconds load before measuring (JIT, caches, pool)
     * @param seconds measured load
     * @param pgbenchSeconds pgbench duration
     * @param pgbenchClients pgbench clients
     * @param eventLoops the API's event loops
     * @param thinkMillis in the paced phase, how long a contributor reads an item before submitting
     */
    record Options(
            int contributors,
            int items,
            int overlap,
            double goldShare,
            int warmupSeconds,
            int seconds,
            int pgbenchSeconds,
            int pgbenchClients,
            int eventLoops,
            int thinkMillis) {

        static final String USAGE =
                "usage: ./jury bench api [--contributors C] [--items N] [--overlap K] [--gold-share F]\n"
                        + "                        [--warmup S] [--seconds S] [--pgbench-seconds S]\n"
                        + "                        [--pgbench-clients P] [--event-loops L] [--think-ms T]\n"
                        + "defaults: 500 contributors, 20000 items, overlap 3, gold share 0.1, warmup 5 s,\n"
                        + "          20 s per phase, pgbench 10 s with 16 clients, event loops = processors,\n"
                        + "          think 1000 ms in the paced phase (0 skips that phase)";

        static Options parse(String[] args) {
            int contributors = 500;
            int items = 20_000;
            int overlap = 3;
            double goldShare = 0.1;
            int warmup = 5;
            int seconds = 20;
            int pgSeconds = 10;
            int pgClients = 16;
            int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
            int think = 1_000;
            for (BenchArgs.Option o : BenchArgs.options(args)) {
                switch (o.name()) {
                    case "--contributors" -> contributors = o.smallInteger(1);
                    case "--items" -> items = o.smallInteger(1);
                    case "--overlap" -> overlap = o.smallInteger(1);
                    case "--gold-share" -> goldShare = o.fraction();
                    case "--warmup" -> warmup = o.smallInteger(0);
                    case "--seconds" -> seconds = o.smallInteger(1);
                    case "--pgbench-seconds" -> pgSeconds = o.smallInteger(0);
                    case "--pgbench-clients" -> pgClients = o.smallInteger(1);
                    case "--event-loops" -> loops = o.smallInteger(1);
                    case "--think-ms" -> think = o.smallInteger(0);
                    default -> throw o.unknown();
                }
            }
            return new Options(
                    contributors,
                    items,
                    overlap,
                    goldShare,
                    warmup,
                    seconds,
                    pgSeconds,
                    pgClients,
                    loops,
                    think);
        }
    }

    private ApiBench() {}

    public static void main(String[] args) throws Exception {
        // Vert.x, Flyway and Hibernate log every start-up step at info; the table is what matters.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("jury bench api: " + e.getMessage());
            }
            System.err.println(Options.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        // pg_stat_statements needs loading at server start; the bench prints what each pair costs
        // statement by statement, so a change can be judged by calls and time, not only by rates.
        System.setProperty(PostgresService.PRELOAD_PROPERTY, "pg_stat_statements");
        boolean ok = run(options);
        // The embedded PostgreSQL stops in a shutdown hook; exit explicitly so it runs now.
        System.exit(ok ? 0 : 1);
    }

    static boolean run(Options o) throws Exception {
        PostgresService pg = PostgresService.shared();
        PostgresService.Database db = pg.createDatabase("bench_api");
        Path dataDir = Files.createTempDirectory("jury-bench-api");
        ApiConfig config =
                ApiConfig.defaults(
                                new ApiConfig.Database(
                                        db.host(), db.port(), db.name(), db.user(), db.password()),
                                dataDir)
                        .toBuilder()
                        .httpPort(0)
                        .adminToken(ADMIN_TOKEN)
                        .eventLoops(o.eventLoops())
                        .importLimitBytes(1L << 30)
                        .requestsPerSecond(1_000_000)
                        .build();
        CpuMeter meter = new CpuMeter(db.port());
        LoadResult result;
        LoadResult paced = null;
        try (TaskApi api = TaskApi.start(config)) {
            Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            try {
                HttpClient http =
                        clientVertx.createHttpClient(
                                new HttpClientOptions()
                                        .setDefaultHost(ApiConfig.DEFAULT_HOST)
                                        .setDefaultPort(api.port())
                                        .setKeepAlive(true),
                                new PoolOptions()
                                        .setHttp1MaxSize(o.contributors() + 8)
                                        .setMaxWaitQueueSize(-1));
                Setup setup = Setup.create(http, o);
                System.out.printf(
                        Locale.ROOT,
                        "set up: %d items (%d gold), %d contributors in %.1f s%n",
                        o.items(),
                        setup.goldItems(),
                        o.contributors(),
                        setup.seconds());
                execute(db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                execute(db, "SELECT pg_stat_statements_reset()");
                long labelsBefore = count(db, "SELECT count(*) FROM labels");
                // Saturation: no think time, so throughput is the most the stack does; latency
                // then is mostly queueing (Little's law: C requests in flight / throughput).
                result = new Load(clientVertx, http, setup, o, 0, o.warmupSeconds(), meter).run();
                printStatements(db, count(db, "SELECT count(*) FROM labels") - labelsBefore);
                // Paced: contributors read each item before submitting, as people do; latency
                // here is what a contributor waits for, at C contributors.
                if (o.thinkMillis() > 0) {
                    paced = new Load(clientVertx, http, setup, o, o.thinkMillis(), 0, meter).run();
                }
            } finally {
                clientVertx
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            long stored = count(db, "SELECT count(*) FROM labels");
            long acknowledged = result.created() + (paced == null ? 0 : paced.created());
            if (stored != acknowledged) {
                System.out.printf(
                        "MISMATCH: %d labels stored, %d acknowledged with 201%n",
                        stored, acknowledged);
                result = result.withError();
            }
        }
        Pgbench pgbench = o.pgbenchSeconds() == 0 ? null : pgbench(db, o, meter);
        print(o, result, paced, pgbench);
        return result.errors() == 0 && (paced == null || paced.errors() == 0);
    }

    /** The project, items and contributors, created through the API as a requester would. */
    record Setup(String projectId, List<String> contributorTokens, int goldItems, double seconds) {

        static Setup create(HttpClient http, Options o) throws Exception {
            long started = System.nanoTime();
            JsonObject requester =
                    await(
                            Http.post(
                                    http,
                                    "/api/v1/accounts",
                                    ADMIN_TOKEN,
                                    "{\"name\":\"bench-requester\",\"role\":\"requester\"}",
                                    201));
            String requesterToken = requester.getString("token");
            JsonObject project =
                    await(
                            Http.post(
                                    http,
                                    "/api/v1/projects",
                                    requesterToken,
                                    "{\"name\":\"bench\",\"labelSchema\":{\"kind\":\"single_choice\","
                                            + "\"classes\":[\"pos\",\"neg\"]},\"overlap\":{\"minLabels\":"
                                            + o.overlap()
                                            + ",\"maxLabels\":"
                                            + o.overlap()
                                            + ",\"confidence\":0.95},\"goldShare\":"
                                            + o.goldShare()
                                            + "}",
                                    201));
            String projectId = project.getString("id");
            int gold = o.goldShare() > 0 ? Math.max(1, o.items() / 10) : 0;
            StringBuilder jsonl = new StringBuilder(o.items() * 48);
            for (int i = 0; i < o.items(); i++) {
                jsonl.append("{\"id\":\"b-")
                        .append(i)
                        .append("\",\"text\":\"bench item ")
                        .append(i);
                jsonl.append(i < gold ? "\",\"gold\":\"pos\"}\n" : "\"}\n");
            }
            await(
                    Http.send(
                            http,
                            "/api/v1/projects/" + projectId + "/items?format=jsonl",
                            requesterToken,
                            "application/octet-stream",
                            jsonl.toString(),
                            201));
            List<Future<JsonObject>> accounts = new ArrayList<>();
            for (int i = 0; i < o.contributors(); i++) {
                accounts.add(
                        Http.post(
                                http,
                                "/api/v1/accounts",
                                ADMIN_TOKEN,
                                "{\"name\":\"c" + i + "\",\"role\":\"contributor\"}",
                                201));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<JsonObject> f : accounts) {
                tokens.add(await(f).getString("token"));
            }
            return new Setup(projectId, tokens, gold, (System.nanoTime() - started) / 1e9);
        }
    }

    /** What the load measured. */
    record LoadResult(
            Histogram next,
            Histogram submit,
            long created,
            long errors,
            List<String> firstErrors,
            double measuredSeconds,
            Double exhaustedAfter,
            CpuMeter.Sample cpu) {
        LoadResult withError() {
            return new LoadResult(
                    next,
                    submit,
                    created,
                    errors + 1,
                    firstErrors,
                    measuredSeconds,
                    exhaustedAfter,
                    cpu);
        }
    }

    /**
     * C contributors, each looping next then submit until the time is up or no work is left. All
     * callbacks run on the client's one event loop, so the histograms need no locking.
     */
    static final class Load {
        private final Vertx vertx;
        private final HttpClient http;
        private final Setup setup;
        private final Options o;
        private final int thinkMillis;
        private final int warmupSeconds;
        private final Histogram next = new Histogram(MAX_TRACKABLE_NANOS, 3);
        private final Histogram submit = new Histogram(MAX_TRACKABLE_NANOS, 3);
        private final List<String> firstErrors = new ArrayList<>();
        private long created;
        private long errors;
        private long measureFrom;
        private long stopAt;
        private long lastFinished;
        private int out;
        private CountDownLatch done;
        private final CpuMeter meter;
        private volatile CpuMeter.Sample cpuAtStart;
        private volatile CpuMeter.Sample cpuAtStop;

        Load(
                Vertx vertx,
                HttpClient http,
                Setup setup,
                Options o,
                int thinkMillis,
                int warmup,
                CpuMeter meter) {
            this.meter = meter;
            this.vertx = vertx;
            this.http = http;
            this.setup = setup;
            this.o = o;
            this.thinkMillis = thinkMillis;
            this.warmupSeconds = warmup;
        }

        LoadResult run() throws InterruptedException {
            done = new CountDownLatch(o.contributors());
            long start = System.nanoTime();
            // Paced contributors start spread over one think time, not all in the same instant.
            measureFrom =
                    start + TimeUnit.SECONDS.toNanos(warmupSeconds) + thinkMillis * 1_000_000L;
            stopAt = measureFrom + TimeUnit.SECONDS.toNanos(o.seconds());
            vertx.runOnContext(
                    v -> {
                        vertx.setTimer(
                                Math.max(1, (measureFrom - System.nanoTime()) / 1_000_000),
                                t -> cpuAtStart = meter.sample());
                        vertx.setTimer(
                                Math.max(1, (stopAt - System.nanoTime()) / 1_000_000),
                                t -> cpuAtStop = meter.sample());
                        java.util.Random random = new java.util.Random(1);
                        for (String token : setup.contributorTokens()) {
                            if (thinkMillis == 0) {
                                loop(token);
                            } else {
                                vertx.setTimer(1 + random.nextInt(thinkMillis), t -> loop(token));
                            }
                        }
                    });
            if (!done.await(warmupSeconds + o.seconds() + 120L, TimeUnit.SECONDS)) {
                errors++;
                firstErrors.add("contributors still busy two minutes after the end");
            }
            double measured =
                    (Math.min(stopAt, Math.max(lastFinished, measureFrom)) - measureFrom) / 1e9;
            Double exhaustedAfter =
                    out == o.contributors() && lastFinished < stopAt
                            ? (lastFinished - start) / 1e9
                            : null;
            return new LoadResult(
                    next,
                    submit,
                    created,
                    errors,
                    firstErrors,
                    exhaustedAfter == null ? o.seconds() : Math.max(measured, 1e-3),
                    exhaustedAfter,
                    cpuAtStart == null || cpuAtStop == null ? null : cpuAtStop.minus(cpuAtStart));
        }

        private void loop(String token) {
            long t0 = System.nanoTime();
            if (t0 >= stopAt) {
                finish(false);
                return;
            }
            String path = "/api/v1/projects/" + setup.projectId();
            Http.call(http, path + "/next", token, null)
                    .onComplete(
                            ar -> {
                                long t1 = System.nanoTime();
                                if (ar.failed()) {
                                    error("next: " + ar.cause());
                                    return;
                                }
                                Http.Reply r = ar.result();
                                record(next, t0, t1);
                                if (r.status() == 204) {
                                    finish(true);
                                    return;
                                }
                                if (r.status() != 200) {
                                    error("next " + r.status() + " " + r.body());
                                    return;
                                }
                                String lease = new JsonObject(r.body()).getString("leaseId");
                                String body =
                                        "{\"leaseId\":\""
                                                + lease
                                                + "\",\"label\":{\"choice\":\"pos\"}}";
                                if (thinkMillis == 0) {
                                    submit(token, path, body);
                                } else {
                                    vertx.setTimer(thinkMillis, t -> submit(token, path, body));
                                }
                            });
        }

        private void submit(String token, String path, String body) {
            long t1 = System.nanoTime();
            Http.call(http, path + "/labels", token, body)
                    .onComplete(
                            sr -> {
                                long t2 = System.nanoTime();
                                if (sr.failed()) {
                                    error("submit: " + sr.cause());
                                    return;
                                }
                                if (sr.result().status() != 201) {
                                    error(
                                            "submit "
                                                    + sr.result().status()
                                                    + " "
                                                    + sr.result().body());
                                    return;
                                }
                                created++;
                                record(submit, t1, t2);
                                loop(token);
                            });
        }

        private void record(Histogram h, long from, long to) {
            if (from >= measureFrom && from < stopAt) {
                h.recordValue(Math.min(to - from, MAX_TRACKABLE_NANOS));
            }
        }

        private void error(String what) {
            errors++;
            if (firstErrors.size() < 5) {
                firstErrors.add(what);
            }
            finish(false);
        }

        private void finish(boolean noWorkLeft) {
            if (noWorkLeft) {
                out++;
            }
            lastFinished = Math.max(lastFinished, System.nanoTime());
            done.countDown();
        }
    }

    /** Thin helpers over the Vert.x client. */
    static final class Http {
        record Reply(int status, String body) {}

        static Future<Reply> call(HttpClient http, String path, String token, String json) {
            return http.request(HttpMethod.POST, path)
                    .compose(
                            req -> {
                                req.putHeader("Authorization", "Bearer " + token);
                                if (json == null) {
                                    return req.send();
                                }
                                req.putHeader("Content-Type", "application/json");
                                return req.send(json);
                            })
                    .compose(
                            resp ->
                                    resp.body()
                                            .map(
                                                    (Buffer b) ->
                                                            new Reply(
                                                                    resp.statusCode(),
                                                                    b.toString(
                                                                            StandardCharsets
                                                                                    .UTF_8))));
        }

        static Future<JsonObject> post(
                HttpClient http, String path, String token, String json, int expect) {
            return send(http, path, token, "application/json", json, expect);
        }

        static Future<JsonObject> send(
                HttpClient http,
                String path,
                String token,
                String contentType,
                String body,
                int expect) {
            return http.request(HttpMethod.POST, path)
                    .compose(
                            req ->
                                    req.putHeader("Authorization", "Bearer " + token)
                                            .putHeader("Content-Type", contentType)
                                            .send(body))
                    .compose(
                            resp ->
                                    resp.body()
                                            .map(
                                                    b -> {
                                                        if (resp.statusCode() != expect) {
                                                            throw new IllegalStateException(
                                                                    path
                                                                            + " answered "
                                                                            + resp.statusCode()
                                                                            + ": "
                                                                            + b);
                                                        }
                                                        return new JsonObject(b);
                                                    }));
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private static void execute(PostgresService.Database db, String sql) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * The statements the saturation phase ran (warm-up included), per label stored: calls and
     * execution time per {@code next}+{@code submit} pair, most costly first.
     */
    private static void printStatements(PostgresService.Database db, long pairs) throws Exception {
        if (pairs == 0) {
            return;
        }
        String sql =
                "SELECT calls, total_exec_time, shared_blks_hit + shared_blks_read, wal_bytes,"
                        + " left(regexp_replace(query, '\\s+', ' ', 'g'), 90)"
                        + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database()) ORDER BY total_exec_time DESC"
                        + " LIMIT 12";
        System.out.println(
                "statements in the saturation phase, per next+submit pair (pg_stat_statements):");
        System.out.println("calls/pair  exec ms/pair  blocks/pair  WAL B/pair  statement");
        double calls = 0;
        double millis = 0;
        double blocks = 0;
        double wal = 0;
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                double perPairCalls = rs.getLong(1) / (double) pairs;
                double perPairMillis = rs.getDouble(2) / pairs;
                double perPairBlocks = rs.getLong(3) / (double) pairs;
                double perPairWal = rs.getDouble(4) / pairs;
                calls += perPairCalls;
                millis += perPairMillis;
                blocks += perPairBlocks;
                wal += perPairWal;
                System.out.printf(
                        Locale.ROOT,
                        "%10.3f  %12.4f  %11.1f  %10.0f  %s%n",
                        perPairCalls,
                        perPairMillis,
                        perPairBlocks,
                        perPairWal,
                        rs.getString(5));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%10.3f  %12.4f  %11.1f  %10.0f  (top 12 together)%n",
                calls,
                millis,
                blocks,
                wal);
    }

    private static long count(PostgresService.Database db, String sql) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * What pgbench measured.
     *
     * @param tps transactions per second
     * @param clientCpu CPU seconds of the pgbench process
     * @param cpu CPU seconds of PostgreSQL and the machine while it ran (its JVM part is idle)
     */
    record Pgbench(double tps, double clientCpu, CpuMeter.Sample cpu) {}

    /** pgbench's TPS for a single-row insert into a table shaped like a small log. */
    private static Pgbench pgbench(PostgresService.Database db, Options o, CpuMeter meter)
            throws Exception {
        if (!Files.isExecutable(Path.of(PGBENCH))) {
            System.out.println("pgbench: " + PGBENCH + " not found; skipped");
            return null;
        }
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS pgbench_single_insert ("
                            + " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            + " v integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
        }
        Path script = Files.createTempFile("jury-pgbench", ".sql");
        Files.writeString(
                script,
                "\\set v random(1, 1000000)\n"
                        + "INSERT INTO pgbench_single_insert (v) VALUES (:v);\n");
        List<String> command =
                List.of(
                        PGBENCH,
                        "-h",
                        db.host(),
                        "-p",
                        Integer.toString(db.port()),
                        "-U",
                        db.user(),
                        "-n",
                        "-M",
                        "prepared",
                        "-c",
                        Integer.toString(o.pgbenchClients()),
                        "-j",
                        "2",
                        "-T",
                        Integer.toString(o.pgbenchSeconds()),
                        "-f",
                        script.toString(),
                        db.name());
        Path log = Files.createTempFile("jury-pgbench", ".log");
        CpuMeter.Sample before = meter.sample();
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        String output;
        long clientTicks = 0;
        CpuMeter.Sample after;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.pgbenchSeconds() + 60L);
            // Its CPU time can only be read while it runs: keep the last reading.
            while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
                long[] stat = CpuMeter.stat(Path.of("/proc", Long.toString(p.pid())));
                if (stat != null) {
                    clientTicks = stat[2];
                }
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("pgbench did not finish");
                }
            }
            after = meter.sample();
            output = Files.readString(log);
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(log);
        }
        Matcher m =
                Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)")
                        .matcher(output);
        if (p.exitValue() != 0 || !m.find()) {
            System.out.println("pgbench failed:\n" + output);
            return null;
        }
        return new Pgbench(Double.parseDouble(m.group(1)), clientTicks * 0.01, after.minus(before));
    }

    private static void print(Options o, LoadResult r, LoadResult paced, Pgbench pg) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Task API: %d contributors, %d items, overlap %d, gold share %.2f, %d event loops, no Kafka%n",
                o.contributors(),
                o.items(),
                o.overlap(),
                o.goldShare(),
                o.eventLoops());
        System.out.printf(
                Locale.ROOT,
                "machine: %d processors, %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                System.getProperty("java.version"));
        if (r.exhaustedAfter() != null) {
            System.out.printf(
                    Locale.ROOT,
                    "all work was handed out after %.1f s; rates are over the %.1f s measured%n",
                    r.exhaustedAfter(),
                    r.measuredSeconds());
        }

        System.out.println("saturation (no think time):");
        header();
        row("next", r.next(), r.measuredSeconds());
        row("submit", r.submit(), r.measuredSeconds());
        System.out.printf("errors: %d%n", r.errors());
        r.firstErrors().forEach(e -> System.out.println("  " + e));
        cpu(r);
        if (paced != null) {
            System.out.printf(
                    "paced (%d ms think time between next and submit):%n", o.thinkMillis());
            header();
            row("next", paced.next(), paced.measuredSeconds());
            row("submit", paced.submit(), paced.measuredSeconds());
            System.out.printf("errors: %d%n", paced.errors());
            paced.firstErrors().forEach(e -> System.out.println("  " + e));
            cpu(paced);
        }
        double submitRate = r.submit().getTotalCount() / r.measuredSeconds();
        if (pg != null) {
            double pgbenchTps = pg.tps();
            System.out.printf(
                    Locale.ROOT,
                    "pgbench single-row insert, %d clients, %d s: %.0f TPS%n",
                    o.pgbenchClients(),
                    o.pgbenchSeconds(),
                    pgbenchTps);
            CpuMeter.Sample c = pg.cpu();
            double transactions = pgbenchTps * o.pgbenchSeconds();
            System.out.printf(
                    Locale.ROOT,
                    "  cpu per transaction: postgres %.3f ms, pgbench %.3f ms;"
                            + " machine %.0f%% busy%n",
                    1e3 * c.postgres() / transactions,
                    1e3 * pg.clientCpu() / transactions,
                    100 * c.machineBusy() / c.machineTotal());
            System.out.printf(
                    Locale.ROOT,
                    "submit / pgbench: %.3f (target >= 0.5)%n",
                    submitRate / pgbenchTps);
        }
        LoadResult latency = paced != null ? paced : r;
        System.out.printf(
                Locale.ROOT,
                "next p99 (%s): %.2f ms (target <= 5 ms at 500 contributors)%n",
                paced != null ? "paced" : "saturation",
                latency.next().getValueAtPercentile(99) / 1e6);
    }

    /**
     * CPU per next+submit pair and the share of the machine the run got: on a shared machine the
     * rates above mostly say how much CPU the scheduler gave us, these what a request costs.
     */
    private static void cpu(LoadResult r) {
        CpuMeter.Sample c = r.cpu();
        long pairs = r.submit().getTotalCount();
        if (c == null || pairs == 0) {
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "cpu per next+submit: JVM (API and clients) %.2f ms, postgres %.2f ms;"
                        + " JVM used %.2f cores, postgres %.2f, machine %.0f%% busy%n",
                1e3 * c.jvm() / pairs,
                1e3 * c.postgres() / pairs,
                c.jvm() / r.measuredSeconds(),
                c.postgres() / r.measuredSeconds(),
                100 * c.machineBusy() / c.machineTotal());
    }

    private static void header() {
        System.out.printf(
                Locale.ROOT,
                "%-8s %10s %10s %9s %9s %9s%n",
                "op",
                "requests",
                "req/s",
                "p50 ms",
                "p99 ms",
                "max ms");
    }

    private static void row(String op, Histogram h, double seconds) {
        System.out.printf(
                Locale.ROOT,
                "%-8s %10d %10.0f %9.2f %9.2f %9.2f%n",
                op,
                h.getTotalCount(),
                h.getTotalCount() / seconds,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
