package dev.jury.api.work;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit: requests that arrive while a batch is being written wait and then go together in
 * the next batch, so N concurrent submits (or {@code next} claims) cost one round trip of each
 * statement instead of N.
 *
 * <p>Each request is completed on its own Vert.x context and only with its own outcome: the batch
 * function answers one future per request, and a request's future succeeds only after the statement
 * that stored it committed. Only one batch runs at a time per batcher: two batches of one instance
 * never wait on each other's row locks, and a request's wait is bounded by the batch in flight plus
 * its own.
 *
 * @param <I> what a request carries
 * @param <O> what it is answered
 */
final class SubmitBatcher<I, O> {

    /** Runs one batch; answers one future per input, in the same order. */
    interface BatchFunction<I, O> extends Function<List<I>, List<Future<O>>> {}

    private record Waiting<I, O>(I input, Promise<O> promise, Context context) {}

    private final BatchFunction<I, O> batch;
    private final int maxBatch;
    private final Object lock = new Object();
    private List<Waiting<I, O>> queue = new ArrayList<>();
    private boolean running;

    /**
     * @param batch writes a batch; it must answer one future per input and must not throw
     * @param maxBatch the most requests one batch takes; the rest wait for the next
     */
    SubmitBatcher(BatchFunction<I, O> batch, int maxBatch) {
        this.batch = batch;
        this.maxBatch = maxBatch;
    }

    /** Queues a request; the future completes on the caller's context once its batch is done. */
    Future<O> submit(I input) {
        Context context = Vertx.currentContext();
        Promise<O> promise = Promise.promise();
        List<Waiting<I, O>> toRun;
        synchronized (lock) {
            queue.add(new Waiting<>(input, promise, context));
            toRun = takeIfIdle();
        }
        if (toRun != null) {
            run(toRun);
        }
        return promise.future();
    }

    /** The next batch if none runs now (and marks one running), else null. Holds the lock. */
    private List<Waiting<I, O>> takeIfIdle() {
        if (running || queue.isEmpty()) {
            return null;
        }
        running = true;
        List<Waiting<I, O>> taken;
        if (queue.size() <= maxBatch) {
            taken = queue;
            queue = new ArrayList<>();
        } else {
            taken = new ArrayList<>(queue.subList(0, maxBatch));
            queue = new ArrayList<>(queue.subList(maxBatch, queue.size()));
        }
        return taken;
    }

    private void run(List<Waiting<I, O>> waiting) {
        List<I> inputs = new ArrayList<>(waiting.size());
        for (Waiting<I, O> w : waiting) {
            inputs.add(w.input());
        }
        List<Future<O>> outcomes;
        try {
            outcomes = batch.apply(inputs);
        } catch (RuntimeException e) {
            outcomes = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                outcomes.add(Future.failedFuture(e));
            }
        }
        for (int i = 0; i < waiting.size(); i++) {
            Waiting<I, O> w = waiting.get(i);
            outcomes.get(i).onComplete(ar -> deliver(w, ar));
        }
        Future.join(new ArrayList<>(outcomes))
                .onComplete(
                        done -> {
                            List<Waiting<I, O>> next;
                            synchronized (lock) {
                                running = false;
                                next = takeIfIdle();
                            }
                            if (next != null) {
                                run(next);
                            }
                        });
    }

    private static <I, O> void deliver(Waiting<I, O> w, io.vertx.core.AsyncResult<O> ar) {
        if (w.context() == null || w.context() == Vertx.currentContext()) {
            w.promise().handle(ar);
        } else {
            w.context().runOnContext(v -> w.promise().handle(ar));
        }
    }
}
