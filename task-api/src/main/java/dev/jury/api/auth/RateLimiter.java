package dev.jury.api.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API token: {@code ratePerSecond} sustained, bursts up to twice that. Limits
 * are per API instance; behind a load balancer with n instances a token gets at most n times the
 * rate, which is the documented trade for not coordinating instances on every request.
 */
public final class RateLimiter {

    private final double ratePerNano;
    private final double capacity;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    public RateLimiter(int ratePerSecond) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("ratePerSecond must be positive: " + ratePerSecond);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = 2.0 * ratePerSecond;
    }

    /**
     * Takes one request from the key's bucket.
     *
     * @return 0 if allowed, otherwise the whole seconds to wait before retrying (at least 1)
     */
    public long acquire(String key) {
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens =
                    Math.min(capacity, bucket.tokens + (now - bucket.updatedNanos) * ratePerNano);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double missing = 1 - bucket.tokens;
            return Math.max(1, (long) Math.ceil(missing / ratePerNano / 1e9));
        }
    }
}
