package dev.jury.api.search;

import dev.jury.api.http.ApiProblem;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This API instance's full-text index of items and their label state, kept by following {@code
 * items.change_seq} (see {@link ChangeFeed}), so every instance has its own and any of them can be
 * rebuilt from PostgreSQL.
 *
 * <p>One thread writes: it polls every {@link #POLL_MILLIS} ms and whenever {@link #wake} is called
 * (after an upload), applies the changes, and refreshes a near-real-time searcher. Searches run on
 * the caller's thread (a worker, never an event loop) against the latest refreshed searcher. The
 * index records its {@link #SCHEMA_VERSION} and settled position with each commit; one with another
 * version, or none, is rebuilt from scratch at start.
 */
public final class SearchIndex implements AutoCloseable {

    /** Bump whenever the fields below change: an index of another version is rebuilt at start. */
    public static final String SCHEMA_VERSION = "1";

    /** How often the index looks for changes when nobody woke it. */
    public static final long POLL_MILLIS = 250;

    /** Longest text stored with each document, returned as the hit's snippet. */
    static final int SNIPPET_CHARS = 200;

    /** Deepest page reachable with offset + limit. */
    public static final int MAX_WINDOW = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
    private static final String VERSION_KEY = "jury.schema";
    private static final String SETTLED_KEY = "jury.settled";
    private static final long COMMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    static final String ID = "id";
    static final String ID_SORT = "id_sort";
    static final String PROJECT = "project";
    static final String EXTERNAL_ID = "externalId";
    static final String TEXT = "text";
    static final String SNIPPET = "snippet";
    static final String STATUS = "status";
    static final String LABEL = "label";
    static final String CONFIDENCE = "confidence";
    static final String CONTRIBUTOR = "contributor";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ChangeFeed feed;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean closed;
    private long lastCommit = System.nanoTime();
    private boolean dirty;
    private long lastSettledCommitted;

    private SearchIndex(Directory directory, IndexWriter writer, ChangeFeed feed)
            throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.feed = feed;
        this.searchers = new SearcherManager(writer, null);
        this.thread =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "jury-search-indexer");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Opens (or creates, or rebuilds) the index under {@code dir} and starts following changes.
     *
     * @param dir the index directory, created if missing
     * @param pool the database
     * @return the running index
     */
    public static SearchIndex open(Path dir, Pool pool) throws IOException {
        Files.createDirectories(dir);
        Directory directory = FSDirectory.open(dir);
        long settled = 0;
        IndexWriterConfig.OpenMode mode = IndexWriterConfig.OpenMode.CREATE;
        if (DirectoryReader.indexExists(directory)) {
            Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
            if (SCHEMA_VERSION.equals(data.get(VERSION_KEY)) && data.get(SETTLED_KEY) != null) {
                settled = Long.parseLong(data.get(SETTLED_KEY));
                mode = IndexWriterConfig.OpenMode.APPEND;
            } else {
                LOG.info(
                        "search index at {} has schema {} (want {}): rebuilding it from the database",
                        dir,
                        data.get(VERSION_KEY),
                        SCHEMA_VERSION);
            }
        }
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer()).setOpenMode(mode);
        config.setRAMBufferSizeMB(32);
        IndexWriter writer = new IndexWriter(directory, config);
        SearchIndex index = new SearchIndex(directory, writer, new ChangeFeed(pool, settled));
        index.lastSettledCommitted = mode == IndexWriterConfig.OpenMode.APPEND ? settled : -1;
        index.thread.scheduleWithFixedDelay(
                index::pollQuietly, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return index;
    }

    /** Asks for a poll now (e.g. after an upload) instead of at the next tick. */
    public void wake() {
        if (!closed && wakeQueued.compareAndSet(false, true)) {
            try {
                thread.execute(
                        () -> {
                            wakeQueued.set(false);
                            pollQuietly();
                        });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closing: nothing left to index.
            }
        }
    }

    /**
     * Empties the index and reads every item again. Completes once the index has caught up with
     * what was committed when the rebuild started.
     *
     * @return items indexed by the rebuild
     */
    public CompletableFuture<Long> rebuild() {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        writer.deleteAll();
                        feed.reset();
                        // One poll reads every item committed by now, batch by batch; what it
                        // cannot see yet (uncommitted) the regular polls pick up as before.
                        long indexed = feed.poll(this::apply);
                        dirty = true;
                        commitIfDue(true);
                        searchers.maybeRefreshBlocking();
                        LOG.info("search index rebuilt: {} items", indexed);
                        return indexed;
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                },
                thread);
    }

    private void pollQuietly() {
        if (closed) {
            return;
        }
        try {
            long read = feed.poll(this::apply);
            if (read > 0) {
                dirty = true;
                searchers.maybeRefresh();
            }
            commitIfDue(false);
        } catch (Exception e) {
            // The next tick tries again from the same position; nothing is skipped.
            if (!closed) {
                LOG.warn("search index poll failed: {}", e.toString());
            }
        }
    }

    private void apply(ChangeFeed.ItemChange change) {
        try {
            writer.updateDocument(new Term(ID, Long.toString(change.itemId())), document(change));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void commitIfDue(boolean force) throws IOException {
        boolean settledMoved = feed.settled() != lastSettledCommitted;
        if (!(dirty || settledMoved)) {
            return;
        }
        if (!force && System.nanoTime() - lastCommit < COMMIT_NANOS) {
            return;
        }
        writer.setLiveCommitData(
                Map.of(VERSION_KEY, SCHEMA_VERSION, SETTLED_KEY, Long.toString(feed.settled()))
                        .entrySet());
        writer.commit();
        lastSettledCommitted = feed.settled();
        lastCommit = System.nanoTime();
        dirty = false;
    }

    static Document document(ChangeFeed.ItemChange c) {
        Document doc = new Document();
        String id = Long.toString(c.itemId());
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new NumericDocValuesField(ID_SORT, c.itemId()));
        doc.add(new StringField(PROJECT, Long.toString(c.projectId()), Field.Store.NO));
        doc.add(new StoredField(EXTERNAL_ID, c.externalId()));
        String text = c.text() == null ? "" : c.text();
        doc.add(new TextField(TEXT, text, Field.Store.NO));
        doc.add(
                new StoredField(
                        SNIPPET,
                        text.length() <= SNIPPET_CHARS
                                ? text
                                : text.substring(0, SNIPPET_CHARS) + "…"));
        doc.add(new StringField(STATUS, c.status(), Field.Store.YES));
        if (c.consensusLabel() != null) {
            doc.add(new StringField(LABEL, c.consensusLabel(), Field.Store.YES));
        }
        if (c.confidence() != null) {
            doc.add(new DoublePoint(CONFIDENCE, c.confidence()));
            doc.add(new StoredField(CONFIDENCE, c.confidence()));
        }
        for (Long contributor : c.contributors()) {
            doc.add(new StringField(CONTRIBUTOR, Long.toString(contributor), Field.Store.NO));
        }
        return doc;
    }

    /**
     * What to look for in one project.
     *
     * @param projectId the project
     * @param q Lucene query syntax over the item text, or null/blank for every item
     * @param status one of open, resolved, exhausted, overridden, or null
     * @param label consensus label, or null
     * @param confidenceBelow only items whose confidence is strictly below this, or null
     * @param contributor only items this contributor labeled, or null
     * @param limit page size
     * @param offset items skipped
     */
    public record Request(
            long projectId,
            String q,
            String status,
            String label,
            Double confidenceBelow,
            Long contributor,
            int limit,
            int offset) {}

    /** One hit. */
    public record Hit(
            String itemId,
            String externalId,
            String text,
            String status,
            String consensusLabel,
            Double confidence) {}

    /** A page of hits and how many matched in all. */
    public record Result(long total, List<Hit> items) {}

    /**
     * Runs a search. Blocks briefly (milliseconds); call it off the event loop.
     *
     * @throws ApiProblem 400 if {@code q} is not valid query syntax
     */
    public Result search(Request r) throws IOException {
        Query query = query(r);
        boolean byScore = r.q() != null && !r.q().isBlank();
        Sort sort =
                byScore
                        ? new Sort(
                                SortField.FIELD_SCORE, new SortField(ID_SORT, SortField.Type.LONG))
                        : new Sort(new SortField(ID_SORT, SortField.Type.LONG));
        IndexSearcher searcher = searchers.acquire();
        try {
            return search(searcher, query, sort, r);
        } catch (IndexSearcher.TooManyClauses e) {
            // A prefix or wildcard that expands to too many terms.
            throw ApiProblem.of(
                    400, "bad-query", "Query too broad", "q expands to too many terms; narrow it");
        } finally {
            searchers.release(searcher);
        }
    }

    private static Result search(IndexSearcher searcher, Query query, Sort sort, Request r)
            throws IOException {
        long total = searcher.count(query);
        List<Hit> hits = new ArrayList<>();
        if (r.offset() < total) {
            TopDocs top = searcher.search(query, r.offset() + r.limit(), sort);
            ScoreDoc[] docs = top.scoreDocs;
            var stored = searcher.storedFields();
            for (int i = r.offset(); i < docs.length; i++) {
                Document d = stored.document(docs[i].doc);
                IndexableField confidence = d.getField(CONFIDENCE);
                hits.add(
                        new Hit(
                                d.get(ID),
                                d.get(EXTERNAL_ID),
                                d.get(SNIPPET),
                                d.get(STATUS),
                                d.get(LABEL),
                                confidence == null
                                        ? null
                                        : confidence.numericValue().doubleValue()));
            }
        }
        return new Result(total, hits);
    }

    private static Query query(Request r) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(
                new TermQuery(new Term(PROJECT, Long.toString(r.projectId()))),
                BooleanClause.Occur.FILTER);
        if (r.q() != null && !r.q().isBlank()) {
            // A parser per request: QueryParser is not thread-safe.
            QueryParser parser = new QueryParser(TEXT, new StandardAnalyzer());
            parser.setDefaultOperator(QueryParser.Operator.AND);
            try {
                b.add(parser.parse(r.q()), BooleanClause.Occur.MUST);
            } catch (ParseException | IndexSearcher.TooManyClauses e) {
                throw ApiProblem.of(
                        400,
                        "bad-query",
                        "Query syntax error",
                        "q is not valid Lucene query syntax: " + firstLine(e.getMessage()));
            }
        } else {
            b.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
        }
        if (r.status() != null) {
            b.add(new TermQuery(new Term(STATUS, r.status())), BooleanClause.Occur.FILTER);
        }
        if (r.label() != null) {
            b.add(new TermQuery(new Term(LABEL, r.label())), BooleanClause.Occur.FILTER);
        }
        if (r.confidenceBelow() != null) {
            b.add(
                    DoublePoint.newRangeQuery(
                            CONFIDENCE,
                            Double.NEGATIVE_INFINITY,
                            Math.nextDown(r.confidenceBelow())),
                    BooleanClause.Occur.FILTER);
        }
        if (r.contributor() != null) {
            b.add(
                    new TermQuery(new Term(CONTRIBUTOR, Long.toString(r.contributor()))),
                    BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        ExecutorService t = thread;
        t.shutdown();
        if (!t.awaitTermination(10, TimeUnit.SECONDS)) {
            t.shutdownNow();
        }
        try {
            commitIfDue(true);
        } finally {
            searchers.close();
            writer.close();
            directory.close();
        }
    }
}
