package dev.jury.api.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;

/**
 * An upload body taken over before authentication, so no byte is lost while the asynchronous checks
 * run. Whatever arrives before a reader attaches is queued (the request is paused at once, so that
 * is at most what was already in flight); then the reader sees the queue followed by the live
 * stream, with pause and resume passed through to the request for back-pressure.
 */
public final class UploadStream {

    private final HttpServerRequest request;
    private final ArrayDeque<Buffer> queued = new ArrayDeque<>();
    private Handler<Buffer> dataHandler;
    private Handler<Void> endHandler;
    private Handler<Throwable> errorHandler;
    private boolean ended;
    private Throwable error;
    private boolean paused = true;

    /** Takes over the request's body; call before any asynchronous step. */
    public UploadStream(HttpServerRequest request) {
        this.request = request;
        this.ended = request.isEnded();
        if (!ended) {
            request.pause();
        }
        request.handler(this::onData);
        request.endHandler(v -> onEnd());
        request.exceptionHandler(this::onError);
    }

    /** The request the body belongs to. */
    public HttpServerRequest request() {
        return request;
    }

    /**
     * Starts delivering the body.
     *
     * @param data receives each chunk
     * @param end called once after the last chunk
     * @param failure called if the upload breaks off
     */
    public void read(Handler<Buffer> data, Handler<Void> end, Handler<Throwable> failure) {
        this.dataHandler = data;
        this.endHandler = end;
        this.errorHandler = failure;
        resume();
    }

    /** Stops delivery until {@link #resume}. */
    public void pause() {
        paused = true;
        if (!ended) {
            request.pause();
        }
    }

    /** Delivers queued chunks, then the live stream. */
    public void resume() {
        paused = false;
        while (!paused && !queued.isEmpty() && dataHandler != null) {
            dataHandler.handle(queued.poll());
        }
        if (paused) {
            return;
        }
        if (queued.isEmpty() && error != null && errorHandler != null) {
            Throwable e = error;
            error = null;
            errorHandler.handle(e);
            return;
        }
        if (queued.isEmpty() && ended && endHandler != null) {
            Handler<Void> end = endHandler;
            endHandler = null;
            end.handle(null);
            return;
        }
        if (!ended) {
            request.resume();
        }
    }

    private void onData(Buffer chunk) {
        if (dataHandler == null || paused || !queued.isEmpty()) {
            queued.add(chunk);
        } else {
            dataHandler.handle(chunk);
        }
    }

    private void onEnd() {
        ended = true;
        if (dataHandler != null && !paused && queued.isEmpty() && endHandler != null) {
            Handler<Void> end = endHandler;
            endHandler = null;
            end.handle(null);
        }
    }

    private void onError(Throwable e) {
        if (errorHandler != null && !paused && queued.isEmpty()) {
            errorHandler.handle(e);
        } else {
            error = e;
        }
    }
}
