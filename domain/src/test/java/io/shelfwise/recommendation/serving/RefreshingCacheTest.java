package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Values expire after the ttl, or after ten times what computing them took when that is longer. */
class RefreshingCacheTest {
    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final AtomicInteger computations = new AtomicInteger();

    @Test
    void a_cheap_value_is_computed_again_once_the_ttl_has_passed() {
        RefreshingCache<String, Integer> cache = new RefreshingCache<>(key -> computations.incrementAndGet(), clock,
                Duration.ofSeconds(5), Runnable::run);
        assertEquals(1, cache.get("tenant"));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(1, cache.get("tenant"), "within the ttl");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(2, cache.get("tenant"), "refreshed after the ttl (here by a direct executor, in the caller)");
    }

    @Test
    void a_costly_value_lives_ten_times_its_computation_even_past_the_ttl() {
        RefreshingCache<String, Integer> cache = new RefreshingCache<>(key -> {
            sleep(150);
            return computations.incrementAndGet();
        }, clock, Duration.ofMillis(100), Runnable::run);
        assertEquals(1, cache.get("tenant"));
        clock.advance(Duration.ofMillis(1_000));
        assertEquals(1, cache.get("tenant"), "150 ms to compute: kept for at least 1.5 s, not the 100 ms ttl");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(2, cache.get("tenant"), "computed again once that has passed");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
