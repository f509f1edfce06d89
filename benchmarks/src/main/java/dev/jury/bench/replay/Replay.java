package dev.jury.bench.replay;

import dev.jury.api.signin.WalletBinding;
import dev.jury.bench.ConsensusBench;
import dev.jury.consensus.online.StoppingRule;
import dev.jury.datasets.CrowdDataset;
import dev.jury.datasets.GoldAccuracy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * {@code ./jury replay}: replays a crowd dataset through a running Jury as real HTTP clients.
 *
 * <p>It creates a requester and a project whose stopping rule is {@link StoppingRule#defaults()}
 * (the rule {@code ./jury bench consensus} uses in adaptive mode), uploads the items, makes every
 * recorded worker a contributor account and uploads an explicit assignment list so that each may
 * get exactly the items that worker labeled. Then each contributor asks {@code next} and answers
 * with the label the worker gave that item, until every item on their list is either labeled by
 * them or final. With dynamic overlap the API stops asking for labels of resolved items, so some
 * recorded labels are never used.
 *
 * <p><b>Gold stays with the client.</b> The items are uploaded without their {@code truth.csv}
 * labels: the API treats an item uploaded with {@code gold} as a known-answer check, which the
 * consensus job skips, so the accuracy of the consensus could not be measured on it. Contributors
 * thus never see the truth, and the replay scores the API's consensus (the read model's, via the
 * export) against it at the end.
 *
 * <p><b>Latency</b> is measured per accepted label, from sending its submit to the first {@code
 * ItemResolved} on the SSE feed ({@code GET /api/v1/events/stream}) whose {@code agreements} hold
 * its label id: the full path through the outbox, Kafka, the consensus job, its transactional
 * commit and the API's live feed. Polling item status would add the poll period and cost requests.
 *
 * <p>A contributor that gets {@code 204} while items on its list are still open waits; an {@code
 * ItemResolved} that asks for more labels of one of those items wakes it, and it also polls again
 * every few seconds in case an event was missed. All client state lives on one Vert.x event loop,
 * so it needs no locks.
 */
public final class Replay {

    /** A waiting contributor asks again this often even without an event for its items. */
    private static final long FALLBACK_POLL_MILLIS = 3_000;

    /** After the last label, wait this long at most for the events of labels still in flight. */
    private static final long LINGER_MILLIS = 30_000;

    /**
     * Contributors working at once by default: every worker, but not more connections than this.
     */
    private static final int MAX_CONNECTIONS = 512;

    private final ReplayOptions options;

    /** Accepted labels per instance, for the table: shows the load was spread. */
    private final Map<URI, Long> labelsByTarget = new java.util.concurrent.ConcurrentHashMap<>();

    private final PrintStream out;
    private final PrintStream progressOut;

    Replay(ReplayOptions options, PrintStream out, PrintStream progressOut) {
        this.options = options;
        this.out = out;
        this.progressOut = progressOut;
    }

    /** Arguments: see {@link ReplayOptions#USAGE}. Exit status 0 only if the replay passed. */
    public static void main(String[] args) throws Exception {
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            if (e.getMessage().isEmpty()) {
                // -h/--help (BenchArgs)
                System.out.println(ReplayOptions.USAGE);
                return;
            }
            System.err.println("jury replay: " + e.getMessage());
            System.err.println(ReplayOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            ReplayReport report = new Replay(options, System.out, System.err).run();
            System.exit(report.passed() ? 0 : 1);
        } catch (TargetUnreachable e) {
            System.err.println("jury replay: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Nothing answers at the target. */
    static final class TargetUnreachable extends Exception {
        TargetUnreachable(String message) {
            super(message);
        }
    }

    /** Runs the replay and prints its table. */
    ReplayReport run() throws Exception {
        CrowdDataset dataset = CrowdDataset.load(options.dataset());
        ReplayPlan plan = ReplayPlan.of(dataset);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            Session session = new Session(vertx, plan);
            ReplayResult result =
                    await(
                            Future.<ReplayResult>future(
                                    p -> vertx.runOnContext(v -> session.start().onComplete(p))),
                            TimeUnit.DAYS.toSeconds(1));
            ReplayReport report = report(dataset, plan, result);
            out.println();
            out.print(report.table());
            return report;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** What the HTTP session gathered. */
    record ReplayResult(
            int concurrency,
            long labels,
            double seconds,
            Latencies latencies,
            long lateLabels,
            long unmeasured,
            int finalItems,
            Map<String, String> consensus,
            ChainFigures chain,
            long errors,
            List<String> firstErrors) {}

    private ReplayReport report(CrowdDataset dataset, ReplayPlan plan, ReplayResult r) {
        // Score the API's consensus like bench consensus scores its own: gold items with at least
        // one answer; an item the API gave no consensus scores 0 and is reported.
        Set<String> answered = new HashSet<>(plan.items());
        Map<String, String> truth = new LinkedHashMap<>();
        int withoutConsensus = 0;
        for (Map.Entry<String, String> gold : dataset.truth().entrySet()) {
            if (answered.contains(gold.getKey())) {
                truth.put(gold.getKey(), gold.getValue());
                if (r.consensus().get(gold.getKey()) == null) {
                    withoutConsensus++;
                }
            }
        }
        double accuracy = 0;
        int goldItems = truth.size();
        if (!truth.isEmpty()) {
            GoldAccuracy scored =
                    GoldAccuracy.score(
                            truth,
                            item -> {
                                String label = r.consensus().get(item);
                                // No consensus: an empty posterior would drop the item, a wrong
                                // one-point posterior counts it as a miss.
                                return Map.of(label == null ? "\u0000none" : label, 1.0);
                            });
            accuracy = scored.accuracy();
            goldItems = scored.goldItems();
        }
        progressOut.println(
                "jury replay: running bench consensus adaptive and adaptive-api modes on the same data...");
        ConsensusBench.Adaptive adaptive =
                ConsensusBench.adaptive(dataset, options.seed(), options.orders());
        ConsensusBench.Adaptive apiOrder =
                ConsensusBench.adaptiveInApiOrder(dataset, options.seed(), options.orders());
        return new ReplayReport(
                dataset.name(),
                targetsWithLabels(),
                plan.workers().size(),
                r.concurrency(),
                r.labels(),
                plan.plannedLabels(),
                plan.answerRows(),
                r.seconds(),
                r.latencies(),
                r.lateLabels(),
                r.unmeasured(),
                plan.items().size(),
                r.finalItems(),
                accuracy,
                goldItems,
                withoutConsensus,
                adaptive,
                apiOrder,
                r.chain(),
                r.errors(),
                r.firstErrors());
    }

    /** The target(s); with several, each one's accepted labels. */
    private String targetsWithLabels() {
        if (options.targets().size() == 1) {
            return options.target().toString();
        }
        return options.targets().stream()
                .map(t -> t + " (" + labelsByTarget.getOrDefault(t, 0L) + " labels)")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** One recorded worker as a contributor. */
    private static final class Worker {
        final String name;
        final Map<String, String> labels;
        final Set<String> labeled = new HashSet<>();
        String accountId;
        String token;

        /** The API instance this contributor talks to, as a sticky load balancer would pick. */
        URI target;

        boolean waiting;
        long fallbackTimer = -1;
        boolean finished;

        Worker(String name, Map<String, String> labels) {
            this.name = name;
            this.labels = labels;
        }
    }

    /** One replay against the target; every method runs on the client's one event loop. */
    private final class Session {
        private final Vertx vertx;
        private final ReplayPlan plan;
        private final HttpClient http;
        private final HttpClient feedClient;
        private final Map<String, Worker> workers = new LinkedHashMap<>();
        private final Map<String, List<Worker>> workersByItem = new HashMap<>();
        private final ArrayDeque<Worker> ready = new ArrayDeque<>();
        private final int concurrency;
        private final Latencies latencies = new Latencies();
        private final Map<String, String> externalOf = new HashMap<>();
        private final Map<String, String> internalOf = new HashMap<>();
        private final Set<String> finalItems = new HashSet<>();
        private final Map<String, Long> sentAt = new HashMap<>();
        private final Map<String, Set<String>> pendingByItem = new HashMap<>();
        private final Map<String, Long> earlyEvents = new HashMap<>();
        private final List<String> firstErrors = new ArrayList<>();
        private final Promise<ReplayResult> done = Promise.promise();
        private String requesterToken;
        private String projectId;
        private int active;
        private int finishedWorkers;
        private long labels;
        private long errors;
        private long lateLabels;
        private long firstNextNanos;
        private long lastLabelNanos;
        private long lastProgressNanos;
        private long nextSlotNanos;
        private long progressTimer = -1;
        private boolean replaying;
        private long lastProgressPrint;
        private final boolean tty = System.console() != null;

        Session(Vertx vertx, ReplayPlan plan) {
            this.vertx = vertx;
            this.plan = plan;
            int workersCount = plan.workers().size();
            this.concurrency =
                    options.contributors() > 0
                            ? Math.min(options.contributors(), workersCount)
                            : workersCount;
            URI target = options.target();
            int port = target.getPort() > 0 ? target.getPort() : 80;
            this.http =
                    vertx.createHttpClient(
                            new HttpClientOptions()
                                    .setDefaultHost(target.getHost())
                                    .setDefaultPort(port)
                                    .setKeepAlive(true)
                                    .setConnectTimeout(5_000),
                            new PoolOptions()
                                    .setHttp1MaxSize(Math.min(concurrency + 4, MAX_CONNECTIONS))
                                    .setMaxWaitQueueSize(-1));
            // The feed has its own client so that it never waits behind contributors' requests.
            this.feedClient =
                    vertx.createHttpClient(
                            new HttpClientOptions()
                                    .setDefaultHost(target.getHost())
                                    .setDefaultPort(port)
                                    .setConnectTimeout(5_000),
                            new PoolOptions().setHttp1MaxSize(1));
            plan.workers().forEach((name, items) -> workers.put(name, new Worker(name, items)));
            // Round robin over the instances: each contributor sticks to one, and every instance
            // serves contributors whose items the others also hand out.
            int n = 0;
            for (Worker w : workers.values()) {
                w.target = options.targets().get(n++ % options.targets().size());
            }
            plan.workersByItem()
                    .forEach(
                            (item, names) ->
                                    workersByItem.put(
                                            item, names.stream().map(workers::get).toList()));
        }

        Future<ReplayResult> start() {
            return checkTarget()
                    .compose(v -> setUp())
                    .compose(v -> openFeed())
                    .compose(v -> replay())
                    .compose(v -> linger())
                    .compose(v -> export())
                    .compose(
                            consensus ->
                                    chain().map(
                                                    chain ->
                                                            new ReplayResult(
                                                                    concurrency,
                                                                    labels,
                                                                    seconds(),
                                                                    latencies,
                                                                    lateLabels,
                                                                    sentAt.size(),
                                                                    finalItems.size(),
                                                                    consensus,
                                                                    chain,
                                                                    errors,
                                                                    firstErrors)));
        }

        private double seconds() {
            return labels == 0 ? 0 : (lastLabelNanos - firstNextNanos) / 1e9;
        }

        // ---- set-up -------------------------------------------------------------------------

        private Future<Void> checkTarget() {
            return call(HttpMethod.GET, "/health", null, null, null)
                    .transform(
                            ar -> {
                                if (ar.failed()) {
                                    Throwable cause = ar.cause();
                                    String why =
                                            cause instanceof ConnectException
                                                    ? "connection refused"
                                                    : String.valueOf(cause.getMessage());
                                    return Future.failedFuture(
                                            new TargetUnreachable(
                                                    "nothing answers at "
                                                            + options.target()
                                                            + " ("
                                                            + why
                                                            + "): start the stack first with"
                                                            + " `./jury demo` (in another terminal),"
                                                            + " or point --target at a running"
                                                            + " Jury"));
                                }
                                return Future.succeededFuture();
                            });
        }

        private Future<Void> setUp() {
            long started = System.nanoTime();
            progressOut.printf(
                    Locale.ROOT,
                    "jury replay: %s: %,d items, %,d workers, %,d labels; setting up on %s%n",
                    options.dataset().getFileName(),
                    plan.items().size(),
                    plan.workers().size(),
                    plan.plannedLabels(),
                    options.target());
            String suffix = Long.toString(System.currentTimeMillis(), 36);
            return expect(
                            HttpMethod.POST,
                            "/api/v1/accounts",
                            options.adminToken(),
                            new JsonObject()
                                    .put("name", "replay-" + suffix + " (requester)")
                                    .put("role", "requester"),
                            201)
                    .compose(
                            requester -> {
                                requesterToken = requester.getString("token");
                                return createProject(suffix);
                            })
                    .compose(v -> uploadItems())
                    .compose(v -> createContributors(suffix))
                    .compose(v -> bindWallets())
                    .compose(v -> uploadAssignments())
                    .map(
                            v -> {
                                progressOut.printf(
                                        Locale.ROOT,
                                        "jury replay: project %s set up in %.1f s%n",
                                        projectId,
                                        (System.nanoTime() - started) / 1e9);
                                return null;
                            });
        }

        private Future<Void> createProject(String suffix) {
            StoppingRule rule = StoppingRule.defaults();
            JsonObject body =
                    new JsonObject()
                            .put("name", "replay " + options.dataset().getFileName() + " " + suffix)
                            .put(
                                    "instructions",
                                    "Replay of a recorded crowd: answer as the worker did.")
                            .put(
                                    "labelSchema",
                                    new JsonObject()
                                            .put("kind", "single_choice")
                                            .put("classes", new JsonArray(plan.classes())))
                            // The stream job decides with its own configured rule (by default
                            // StoppingRule.defaults()); the project's overlap bounds how many
                            // labels the API plans per item, so it must match.
                            .put(
                                    "overlap",
                                    new JsonObject()
                                            .put("minLabels", rule.minLabels())
                                            .put("maxLabels", rule.maxLabels())
                                            .put("confidence", rule.confidence()))
                            .put("assignmentMode", "explicit")
                            .put("leaseSeconds", 600)
                            // One token (6 decimals) per fully agreeing label: the rewards service
                            // reads this from the projects table, and a project paying 0 gets no
                            // contribution records, so the chain columns would stay empty.
                            .put("rewardPerLabel", "1000000");
            return expect(HttpMethod.POST, "/api/v1/projects", requesterToken, body, 201)
                    .map(
                            project -> {
                                projectId = project.getString("id");
                                return null;
                            });
        }

        private Future<Void> uploadItems() {
            Buffer jsonl = Buffer.buffer();
            for (String item : plan.items()) {
                jsonl.appendString(
                                new JsonObject()
                                        .put("id", item)
                                        .put("text", "item " + item)
                                        .encode())
                        .appendString("\n");
            }
            return upload("/api/v1/projects/" + projectId + "/items?format=jsonl", jsonl);
        }

        private Future<Void> createContributors(String suffix) {
            AtomicInteger n = new AtomicInteger();
            return bounded(
                            new ArrayList<>(workers.values()),
                            16,
                            w ->
                                    expect(
                                                    HttpMethod.POST,
                                                    "/api/v1/accounts",
                                                    options.adminToken(),
                                                    new JsonObject()
                                                            .put(
                                                                    "name",
                                                                    "replay-"
                                                                            + suffix
                                                                            + " worker "
                                                                            + n.incrementAndGet())
                                                            .put("role", "contributor"),
                                                    201)
                                            .map(
                                                    issued -> {
                                                        w.accountId =
                                                                issued.getJsonObject("account")
                                                                        .getString("id");
                                                        w.token = issued.getString("token");
                                                        return null;
                                                    }))
                    .mapEmpty();
        }

        /**
         * Gives every contributor a payout wallet of its own (a fresh key, bound with a signed
         * EIP-4361 message as a contributor's wallet would), so the rewards service can seal their
         * accepted labels and the chain columns measure something. Nonces are rate limited per
         * client address: a few at a time, and a 429 is retried after the wait it names.
         */
        private Future<Void> bindWallets() {
            return bounded(new ArrayList<>(workers.values()), 4, w -> bindWallet(w, 0)).mapEmpty();
        }

        private Future<Void> bindWallet(Worker w, int attempt) {
            ECKeyPair key;
            try {
                key = Keys.createEcKeyPair();
            } catch (GeneralSecurityException e) {
                return Future.failedFuture(e);
            }
            return call(HttpMethod.POST, "/api/v1/auth/siwe/nonce", null, null, Buffer.buffer())
                    .compose(
                            reply -> {
                                if (reply.status() == 429 && attempt < 20) {
                                    Promise<Void> retry = Promise.promise();
                                    vertx.setTimer(
                                            250L * (attempt + 1),
                                            t -> bindWallet(w, attempt + 1).onComplete(retry));
                                    return retry.future();
                                }
                                if (reply.status() != 201) {
                                    return Future.failedFuture(
                                            "POST /api/v1/auth/siwe/nonce answered "
                                                    + reply.status()
                                                    + ": "
                                                    + reply.body());
                                }
                                String nonce = new JsonObject(reply.body()).getString("nonce");
                                // The API checks domain, time, nonce and signer; the chain id is
                                // informative, the local dev chain's here.
                                String message =
                                        WalletBinding.message(
                                                options.target(),
                                                key,
                                                1337,
                                                nonce,
                                                Instant.now(),
                                                Duration.ofMinutes(5));
                                return expect(
                                                HttpMethod.POST,
                                                "/api/v1/me/wallet",
                                                w.token,
                                                new JsonObject()
                                                        .put("message", message)
                                                        .put(
                                                                "signature",
                                                                WalletBinding.sign(message, key)),
                                                200)
                                        .mapEmpty();
                            });
        }

        private Future<Void> uploadAssignments() {
            Buffer jsonl = Buffer.buffer();
            for (Worker w : workers.values()) {
                for (String item : w.labels.keySet()) {
                    jsonl.appendString(
                                    new JsonObject()
                                            .put("contributorId", w.accountId)
                                            .put("itemId", item)
                                            .encode())
                            .appendString("\n");
                }
            }
            return upload("/api/v1/projects/" + projectId + "/assignments?format=jsonl", jsonl);
        }

        private Future<Void> upload(String path, Buffer body) {
            return call(HttpMethod.POST, path, requesterToken, "application/octet-stream", body)
                    .compose(
                            reply ->
                                    reply.status() == 201
                                            ? Future.succeededFuture()
                                            : Future.failedFuture(
                                                    new IllegalStateException(
                                                            "POST "
                                                                    + path
                                                                    + " answered "
                                                                    + reply.status()
                                                                    + ": "
                                                                    + reply.body())));
        }

        // ---- the live feed ------------------------------------------------------------------

        private Future<Void> openFeed() {
            Promise<Void> connected = Promise.promise();
            connectFeed(connected);
            return connected.future();
        }

        private void connectFeed(Promise<Void> connected) {
            RequestOptions request =
                    new RequestOptions()
                            .setMethod(HttpMethod.GET)
                            .setURI("/api/v1/events/stream?projectId=" + projectId)
                            .putHeader("Authorization", "Bearer " + requesterToken)
                            .putHeader("Accept", "text/event-stream");
            feedClient
                    .request(request)
                    .compose(req -> req.send())
                    .onSuccess(
                            resp -> {
                                if (resp.statusCode() != 200) {
                                    resp.body()
                                            .onComplete(
                                                    b ->
                                                            connected.tryFail(
                                                                    "the event stream answered "
                                                                            + resp.statusCode()
                                                                            + ": "
                                                                            + (b.succeeded()
                                                                                    ? b.result()
                                                                                    : "")));
                                    return;
                                }
                                StringBuilder pending = new StringBuilder();
                                resp.handler(
                                        chunk -> {
                                            pending.append(chunk.toString());
                                            int end;
                                            while ((end = pending.indexOf("\n\n")) >= 0) {
                                                String block = pending.substring(0, end);
                                                pending.delete(0, end + 2);
                                                onFeedBlock(block, connected);
                                            }
                                        });
                                resp.endHandler(v -> feedLost("ended"));
                                resp.exceptionHandler(e -> feedLost(e.toString()));
                            })
                    .onFailure(
                            e -> {
                                if (!connected.tryFail(e)) {
                                    feedLost(e.toString());
                                }
                            });
        }

        private void feedLost(String why) {
            if (done.future().isComplete()) {
                return;
            }
            // Events during the gap are lost: their labels stay unmeasured and waiting
            // contributors fall back to polling. Both show in the table.
            error("the event stream was lost (" + why + "); reconnecting");
            vertx.setTimer(500, t -> connectFeed(Promise.promise()));
        }

        private void onFeedBlock(String block, Promise<Void> connected) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith(": connected")) {
                    connected.tryComplete();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
            if ("item-resolved".equals(event) && data.length() > 0) {
                onItemResolved(new JsonObject(data.toString()), System.nanoTime());
            }
        }

        private void onItemResolved(JsonObject event, long now) {
            lastProgressNanos = now;
            String item = event.getString("itemId");
            JsonArray agreements = event.getJsonArray("agreements", new JsonArray());
            Set<String> pending = pendingByItem.get(item);
            for (int i = 0; i < agreements.size(); i++) {
                String labelId = agreements.getJsonObject(i).getString("labelId");
                Long sent = sentAt.remove(labelId);
                if (sent != null) {
                    latencies.add((now - sent) / 1_000);
                    if (pending != null) {
                        pending.remove(labelId);
                    }
                } else if (!earlyEvents.containsKey(labelId)) {
                    // The event overtook the submit's reply; matched when the reply comes.
                    earlyEvents.put(labelId, now);
                }
            }
            String status = event.getString("status");
            String external = externalOf.get(item);
            if ("NEEDS_MORE_LABELS".equals(status)) {
                if (external != null) {
                    wake(external);
                }
                return;
            }
            finalItems.add(item);
            if (pending != null) {
                // The item is final without these labels: the job will never aggregate them.
                lateLabels += pending.size();
                pending.forEach(sentAt::remove);
                pendingByItem.remove(item);
            }
            if (external != null) {
                for (Worker w : workersByItem.getOrDefault(external, List.of())) {
                    if (w.waiting && isFinished(w)) {
                        stopWaiting(w);
                        finish(w);
                    }
                }
            }
        }

        // ---- the replay ---------------------------------------------------------------------

        private Future<Void> replay() {
            replaying = true;
            firstNextNanos = System.nanoTime();
            lastProgressNanos = firstNextNanos;
            ready.addAll(workers.values());
            progressTimer = vertx.setPeriodic(250, t -> tick());
            pump();
            return done.future().mapEmpty();
        }

        private void pump() {
            while (active < concurrency && !ready.isEmpty()) {
                Worker w = ready.poll();
                active++;
                step(w);
            }
        }

        private void step(Worker w) {
            if (!replaying) {
                // Stalled and given up: requests still in flight end here.
                active--;
                return;
            }
            if (options.rate() > 0) {
                // One label per interval over all contributors: reserve the next slot.
                long now = System.nanoTime();
                long slot = Math.max(now, nextSlotNanos);
                nextSlotNanos = slot + (long) (1e9 / options.rate());
                long delayMillis = (slot - now) / 1_000_000;
                if (delayMillis >= 1) {
                    vertx.setTimer(delayMillis, t -> askNext(w));
                    return;
                }
            }
            askNext(w);
        }

        private void askNext(Worker w) {
            send(
                            on(
                                    w,
                                    new RequestOptions()
                                            .setMethod(HttpMethod.POST)
                                            .setURI("/api/v1/projects/" + projectId + "/next")
                                            .putHeader("Authorization", "Bearer " + w.token)),
                            null)
                    .onComplete(
                            ar -> {
                                if (ar.failed()) {
                                    error("next for " + w.name + ": " + ar.cause());
                                    idle(w);
                                    return;
                                }
                                Reply reply = ar.result();
                                if (reply.status() == 200) {
                                    answer(w, new JsonObject(reply.body()));
                                } else if (reply.status() == 204) {
                                    idle(w);
                                } else {
                                    error(
                                            "next for "
                                                    + w.name
                                                    + " answered "
                                                    + reply.status()
                                                    + ": "
                                                    + reply.body());
                                    idle(w);
                                }
                            });
        }

        private void answer(Worker w, JsonObject assignment) {
            String leaseId = assignment.getString("leaseId");
            String item = assignment.getString("itemId");
            String external = assignment.getString("externalId");
            externalOf.put(item, external);
            internalOf.put(external, item);
            String label = w.labels.get(external);
            if (label == null || w.labeled.contains(external)) {
                error(
                        "the API handed "
                                + w.name
                                + " item "
                                + external
                                + ", which is not on its list (or already labeled)");
                send(
                                on(
                                        w,
                                        new RequestOptions()
                                                .setMethod(HttpMethod.POST)
                                                .setURI("/api/v1/leases/" + leaseId + "/release")
                                                .putHeader("Authorization", "Bearer " + w.token)),
                                null)
                        .onComplete(ar -> step(w));
                return;
            }
            JsonObject body =
                    new JsonObject()
                            .put("leaseId", leaseId)
                            .put("label", new JsonObject().put("choice", label));
            long sent = System.nanoTime();
            RequestOptions request =
                    new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setURI("/api/v1/projects/" + projectId + "/labels")
                            .putHeader("Authorization", "Bearer " + w.token)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Idempotency-Key", "replay-" + leaseId);
            send(on(w, request), body.toBuffer())
                    .onComplete(
                            ar -> {
                                if (ar.failed()) {
                                    error("submit by " + w.name + ": " + ar.cause());
                                } else if (ar.result().status() != 201) {
                                    error(
                                            "submit by "
                                                    + w.name
                                                    + " answered "
                                                    + ar.result().status()
                                                    + ": "
                                                    + ar.result().body());
                                } else {
                                    accepted(w, item, external, ar.result(), sent);
                                }
                                step(w);
                            });
        }

        private void accepted(Worker w, String item, String external, Reply reply, long sent) {
            long now = System.nanoTime();
            labels++;
            labelsByTarget.merge(w.target, 1L, Long::sum);
            lastLabelNanos = now;
            lastProgressNanos = now;
            w.labeled.add(external);
            String labelId = new JsonObject(reply.body()).getString("labelId");
            Long early = earlyEvents.remove(labelId);
            if (early != null) {
                latencies.add(Math.max(0, early - sent) / 1_000);
            } else if (finalItems.contains(item)) {
                // Final before this label was even acknowledged: it can only be late.
                lateLabels++;
            } else {
                sentAt.put(labelId, sent);
                pendingByItem.computeIfAbsent(item, k -> new HashSet<>()).add(labelId);
            }
        }

        /** The contributor got no work: done, or wait for its open items to come back. */
        private void idle(Worker w) {
            active--;
            if (isFinished(w)) {
                finish(w);
            } else {
                w.waiting = true;
                w.fallbackTimer = vertx.setTimer(FALLBACK_POLL_MILLIS, t -> wakeUp(w));
            }
            pump();
        }

        private void wake(String externalItem) {
            for (Worker w : workersByItem.getOrDefault(externalItem, List.of())) {
                if (w.waiting && !w.labeled.contains(externalItem)) {
                    stopWaiting(w);
                    ready.add(w);
                }
            }
            pump();
        }

        private void wakeUp(Worker w) {
            if (w.waiting) {
                w.fallbackTimer = -1;
                stopWaiting(w);
                ready.add(w);
                pump();
            }
        }

        private void stopWaiting(Worker w) {
            w.waiting = false;
            if (w.fallbackTimer >= 0) {
                vertx.cancelTimer(w.fallbackTimer);
                w.fallbackTimer = -1;
            }
        }

        private boolean isFinished(Worker w) {
            for (String item : w.labels.keySet()) {
                if (!w.labeled.contains(item) && !finalExternal(item)) {
                    return false;
                }
            }
            return true;
        }

        private boolean finalExternal(String external) {
            String item = internalOf.get(external);
            return item != null && finalItems.contains(item);
        }

        private void finish(Worker w) {
            if (w.finished) {
                return;
            }
            w.finished = true;
            finishedWorkers++;
            if (finishedWorkers == workers.size()) {
                replaying = false;
                done.tryComplete();
            }
        }

        private void tick() {
            long now = System.nanoTime();
            if (replaying && now - lastProgressNanos > options.stallSeconds() * 1_000_000_000L) {
                long waiting = workers.values().stream().filter(w -> w.waiting).count();
                error(
                        String.format(
                                Locale.ROOT,
                                "stalled: nothing happened for %d s; %d contributors still wait"
                                        + " for items on their lists",
                                options.stallSeconds(),
                                waiting));
                replaying = false;
                for (Worker w : workers.values()) {
                    stopWaiting(w);
                }
                done.tryComplete();
                return;
            }
            boolean due = tty || now - lastProgressPrint > 5_000_000_000L;
            if (due) {
                lastProgressPrint = now;
                printProgress(now);
            }
        }

        private void printProgress(long now) {
            double seconds = (now - firstNextNanos) / 1e9;
            int total = plan.items().size();
            double share = total == 0 ? 1 : (double) finalItems.size() / total;
            int width = 30;
            int filled = (int) Math.round(share * width);
            String bar = "#".repeat(filled) + "-".repeat(width - filled);
            String line =
                    String.format(
                            Locale.ROOT,
                            "[%s] %5.1f s  items final %,d/%,d  labels %,d (%,.0f/s)  contributors"
                                    + " working %d, waiting %d, done %d  errors %d",
                            bar,
                            seconds,
                            finalItems.size(),
                            total,
                            labels,
                            seconds > 0 ? labels / seconds : 0,
                            active,
                            workers.values().stream().filter(w -> w.waiting).count(),
                            finishedWorkers,
                            errors);
            progressOut.print(tty ? "\r" + line : line + "\n");
            progressOut.flush();
        }

        private Future<Void> linger() {
            printProgress(System.nanoTime());
            if (tty) {
                progressOut.println();
            }
            Promise<Void> settled = Promise.promise();
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000;
            vertx.setPeriodic(
                    100,
                    t -> {
                        if (sentAt.isEmpty() || System.nanoTime() > deadline) {
                            vertx.cancelTimer(t);
                            if (progressTimer >= 0) {
                                vertx.cancelTimer(progressTimer);
                            }
                            settled.tryComplete();
                        }
                    });
            return settled.future();
        }

        // ---- results ------------------------------------------------------------------------

        /** The read model's consensus per item, by external id, from the export. */
        private Future<Map<String, String>> export() {
            return call(
                            HttpMethod.GET,
                            "/api/v1/projects/" + projectId + "/export?format=jsonl",
                            requesterToken,
                            null,
                            null)
                    .map(
                            reply -> {
                                if (reply.status() != 200) {
                                    throw new IllegalStateException(
                                            "export answered "
                                                    + reply.status()
                                                    + ": "
                                                    + reply.body());
                                }
                                Map<String, String> consensus = new HashMap<>();
                                for (String line : reply.body().split("\n")) {
                                    if (line.isBlank()) {
                                        continue;
                                    }
                                    JsonObject item = new JsonObject(line);
                                    consensus.put(
                                            item.getString("externalId"),
                                            item.getString("consensusLabel"));
                                }
                                return consensus;
                            });
        }

        /** On-chain figures from every replayed contributor's contribution records. */
        private Future<ChainFigures> chain() {
            List<ChainFigures.Record> records = Collections.synchronizedList(new ArrayList<>());
            return bounded(
                            new ArrayList<>(workers.values()),
                            16,
                            w ->
                                    call(
                                                    HttpMethod.GET,
                                                    "/api/v1/me/contributions?limit=1000",
                                                    w.token,
                                                    null,
                                                    null)
                                            .map(
                                                    reply -> {
                                                        if (reply.status() != 200) {
                                                            error(
                                                                    "contributions of "
                                                                            + w.name
                                                                            + " answered "
                                                                            + reply.status());
                                                            return null;
                                                        }
                                                        JsonArray list =
                                                                new JsonObject(reply.body())
                                                                        .getJsonArray(
                                                                                "contributions");
                                                        for (int i = 0; i < list.size(); i++) {
                                                            JsonObject c = list.getJsonObject(i);
                                                            if (projectId.equals(
                                                                    String.valueOf(
                                                                            c.getValue(
                                                                                    "projectId")))) {
                                                                records.add(
                                                                        new ChainFigures.Record(
                                                                                c.getString(
                                                                                        "labelId"),
                                                                                c.getLong("epoch"),
                                                                                c.getString(
                                                                                        "txHash")));
                                                            }
                                                        }
                                                        return null;
                                                    }))
                    .compose(
                            v -> {
                                if (records.isEmpty() || options.chainRpc() == null) {
                                    return Future.succeededFuture(ChainFigures.of(records, null));
                                }
                                return new ChainGas(vertx, options.chainRpc())
                                        .totalGas(ChainFigures.transactions(records))
                                        .map(gas -> ChainFigures.of(records, gas));
                            });
        }

        // ---- HTTP ---------------------------------------------------------------------------

        private void error(String message) {
            errors++;
            if (firstErrors.size() < 10) {
                firstErrors.add(message);
            }
        }

        private Future<JsonObject> expect(
                HttpMethod method, String path, String token, JsonObject body, int status) {
            return call(method, path, token, "application/json", body.toBuffer())
                    .map(
                            reply -> {
                                if (reply.status() != status) {
                                    throw new IllegalStateException(
                                            method
                                                    + " "
                                                    + path
                                                    + " answered "
                                                    + reply.status()
                                                    + ": "
                                                    + reply.body());
                                }
                                return new JsonObject(reply.body());
                            });
        }

        private Future<Reply> call(
                HttpMethod method, String path, String token, String contentType, Buffer body) {
            RequestOptions request = new RequestOptions().setMethod(method).setURI(path);
            if (token != null) {
                request.putHeader("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                request.putHeader("Content-Type", contentType);
            }
            return send(request, body);
        }

        /** The request, addressed to the contributor's instance. */
        private RequestOptions on(Worker w, RequestOptions request) {
            return request.setHost(w.target.getHost())
                    .setPort(w.target.getPort() > 0 ? w.target.getPort() : 80);
        }

        private Future<Reply> send(RequestOptions request, Buffer body) {
            request.setIdleTimeout(120_000);
            return http.request(request)
                    .compose(req -> body == null ? req.send() : req.send(body))
                    .compose(
                            resp ->
                                    resp.body()
                                            .map(b -> new Reply(resp.statusCode(), b.toString())));
        }
    }

    /** A response read whole. */
    record Reply(int status, String body) {}

    /** Runs {@code f} over {@code items} with at most {@code parallel} in flight. */
    static <T, R> Future<List<R>> bounded(List<T> items, int parallel, Function<T, Future<R>> f) {
        Promise<List<R>> all = Promise.promise();
        List<R> results = new ArrayList<>(Collections.nCopies(items.size(), null));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger left = new AtomicInteger(items.size());
        if (items.isEmpty()) {
            return Future.succeededFuture(results);
        }
        Runnable[] launch = new Runnable[1];
        launch[0] =
                () -> {
                    int i = next.getAndIncrement();
                    if (i >= items.size() || all.future().isComplete()) {
                        return;
                    }
                    f.apply(items.get(i))
                            .onComplete(
                                    ar -> {
                                        if (ar.failed()) {
                                            all.tryFail(ar.cause());
                                            return;
                                        }
                                        results.set(i, ar.result());
                                        if (left.decrementAndGet() == 0) {
                                            all.tryComplete(results);
                                        } else {
                                            launch[0].run();
                                        }
                                    });
                };
        for (int k = 0; k < Math.min(parallel, items.size()); k++) {
            launch[0].run();
        }
        return all.future();
    }

    private static <T> T await(Future<T> future, long seconds) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
