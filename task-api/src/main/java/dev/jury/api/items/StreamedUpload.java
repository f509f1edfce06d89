package dev.jury.api.items;

import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.UploadStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body read as it arrives, parsed into records and written in batches, without holding
 * the whole body: the shared machinery of the item and assignment-list uploads.
 *
 * <p>While a batch is being written the body is paused, so memory holds at most one batch plus one
 * chunk's records. One batch is written at a time, in order, so the counts reported at the end
 * cover every write. Callbacks all run on the request's event loop. The first problem (a bad
 * record, an oversized body, a failed write) ends the upload; the subclass's transaction then
 * stores nothing.
 *
 * @param <T> one parsed record
 */
abstract class StreamedUpload<T> {
    private final UploadStream upload;
    private final long limitBytes;
    private final int batchSize;
    private final Promise<Void> done = Promise.promise();
    private final List<T> batch = new ArrayList<>();
    private long bytes;
    private boolean writing;
    private boolean ended;
    private boolean failed;

    StreamedUpload(UploadStream upload, long limitBytes, int batchSize) {
        this.upload = upload;
        this.limitBytes = limitBytes;
        this.batchSize = batchSize;
    }

    /**
     * A 413 when the request declares a body larger than {@code limitBytes}, a 400 when it declares
     * a malformed one, or null: checked before anything is read or stored.
     */
    static ApiProblem declaredLengthProblem(HttpServerRequest request, long limitBytes) {
        String declared = request.getHeader("Content-Length");
        if (declared == null) {
            return null;
        }
        try {
            return Long.parseLong(declared) > limitBytes ? ApiProblem.tooLarge(limitBytes) : null;
        } catch (NumberFormatException e) {
            return ApiProblem.badRequest("bad Content-Length");
        }
    }

    /** A line of a line-based body as text, without the CR of a CRLF line end. */
    static String lineText(Buffer line) {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Feeds a chunk of the body to the parser, which calls {@link #add} per record. */
    protected abstract void parse(Buffer chunk);

    /** The body ended: hands the parser's last partial record over, or throws if it is cut off. */
    protected abstract void endOfBody();

    /** Writes one batch; the future holds how many rows it inserted. */
    protected abstract Future<Integer> write(List<T> records);

    /** The problem to answer for a record the parser refused. */
    protected abstract ApiProblem recordProblem(IllegalArgumentException e);

    /** Called after each batch was written, e.g. to report progress. */
    protected void batchWritten(int rowsInserted) {}

    /**
     * Reads the whole body.
     *
     * @return completes once every record was parsed and written; fails with the first problem
     */
    final Future<Void> run() {
        upload.read(
                this::onChunk,
                v -> onEnd(),
                e -> fail(ApiProblem.badRequest("upload interrupted")));
        return done.future();
    }

    /** Adds a parsed record to the batch, writing the batch once it is full. */
    protected final void add(T record) {
        if (failed) {
            return;
        }
        batch.add(record);
        if (batch.size() >= batchSize && !writing) {
            flush();
        }
    }

    /** Ends the upload with {@code failure}, unless it already ended. */
    protected final void fail(Throwable failure) {
        if (failed) {
            return;
        }
        failed = true;
        upload.pause();
        done.tryFail(failure);
    }

    protected final boolean failed() {
        return failed;
    }

    private void onChunk(Buffer chunk) {
        if (failed) {
            return;
        }
        bytes += chunk.length();
        if (bytes > limitBytes) {
            fail(ApiProblem.tooLarge(limitBytes));
            return;
        }
        parseGuarded(() -> parse(chunk));
    }

    private void onEnd() {
        if (failed) {
            return;
        }
        ended = true;
        parseGuarded(this::endOfBody);
        if (!failed && !writing) {
            flush();
        }
    }

    private void parseGuarded(Runnable parsing) {
        try {
            parsing.run();
        } catch (ApiProblem p) {
            fail(p);
        } catch (IllegalArgumentException e) {
            fail(recordProblem(e));
        }
    }

    private void flush() {
        if (failed) {
            return;
        }
        if (batch.isEmpty()) {
            if (ended) {
                done.tryComplete();
            }
            return;
        }
        List<T> records = new ArrayList<>(batch);
        batch.clear();
        writing = true;
        upload.pause();
        write(records)
                .onSuccess(
                        inserted -> {
                            writing = false;
                            batchWritten(inserted);
                            // A chunk parsed while the body was paused may have filled the next
                            // batch already.
                            if (ended || batch.size() >= batchSize) {
                                flush();
                            }
                            if (!ended && !writing && !failed) {
                                upload.resume();
                            }
                        })
                .onFailure(
                        e -> {
                            writing = false;
                            fail(e);
                        });
    }
}
