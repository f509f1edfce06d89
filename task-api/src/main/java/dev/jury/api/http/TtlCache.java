package dev.jury.api.http;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A small time-bounded cache for the hot paths' look-ups (accounts by token, projects by id).
 *
 * <p>A value is trusted for {@code ttlMillis} after it was loaded, so a change made on another API
 * instance is seen within that time; the instance that made it calls {@link #invalidate} or {@link
 * #put} to see it at once. Only loaded values are kept: a failed load is not remembered, and a load
 * still running is not shared with other requests (its future belongs to the event loop that
 * started it, and continuing another loop's request there would break Vert.x's thread affinity).
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class TtlCache<K, V> {

    private record Entry<V>(V value, long expiresAt) {}

    private final long ttlMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    /**
     * @param ttlMillis how long a loaded value is trusted
     */
    public TtlCache(long ttlMillis) {
        this(ttlMillis, System::currentTimeMillis);
    }

    /** With the clock a test drives. */
    TtlCache(long ttlMillis, LongSupplier clock) {
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    /**
     * The cached value, or the one {@code loader} loads when there is none or it is too old.
     *
     * @param key the key
     * @param loader loads the value; its failure reaches the caller and is not remembered, and
     *     neither is a null value
     * @return the value
     */
    public Future<V> get(K key, Supplier<Future<V>> loader) {
        long now = clock.getAsLong();
        Entry<V> hit = entries.get(key);
        if (hit != null && hit.expiresAt() > now) {
            return Future.succeededFuture(hit.value());
        }
        return loader.get()
                .onSuccess(
                        value -> {
                            if (value != null) {
                                entries.put(key, new Entry<>(value, now + ttlMillis));
                            }
                        });
    }

    /** Remembers a value this instance just wrote, so its readers see it at once. */
    public void put(K key, V value) {
        entries.put(key, new Entry<>(value, clock.getAsLong() + ttlMillis));
    }

    /** Forgets one key. */
    public void invalidate(K key) {
        entries.remove(key);
    }

    /** Forgets everything, e.g. after a change that may touch many keys. */
    public void invalidateAll() {
        entries.clear();
    }
}
