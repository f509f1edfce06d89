package dev.jury.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TtlCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger loads = new AtomicInteger();
    private final TtlCache<String, String> cache = new TtlCache<>(5_000, now::get);

    private Future<String> load(String key) {
        return cache.get(key, () -> Future.succeededFuture(key + "#" + loads.incrementAndGet()));
    }

    @Test
    @DisplayName("A value is loaded once and served from memory until its time is up")
    void servesWithinTtlAndReloadsAfter() {
        assertThat(load("a").result()).isEqualTo("a#1");
        now.addAndGet(4_999);
        assertThat(load("a").result()).isEqualTo("a#1");
        now.addAndGet(1);
        assertThat(load("a").result()).isEqualTo("a#2");
        assertThat(loads).hasValue(2);
    }

    @Test
    @DisplayName("A failed or empty load is not remembered: the next request loads again")
    void failuresAndNullsAreNotCached() {
        Future<String> failed =
                cache.get("x", () -> Future.failedFuture(new IllegalStateException("down")));
        assertThat(failed.failed()).isTrue();
        assertThat(cache.get("x", () -> Future.succeededFuture(null)).result()).isNull();
        assertThat(load("x").result()).isEqualTo("x#1");
    }

    @Test
    @DisplayName("put and invalidate make this instance see its own writes at once")
    void putAndInvalidate() {
        load("a");
        cache.put("a", "written");
        assertThat(load("a").result()).isEqualTo("written");
        cache.invalidate("a");
        assertThat(load("a").result()).isEqualTo("a#2");
        load("b");
        cache.invalidateAll();
        assertThat(load("b").result()).isEqualTo("b#4");
    }
}
