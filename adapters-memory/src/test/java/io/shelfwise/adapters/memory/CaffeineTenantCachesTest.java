package io.shelfwise.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CaffeineTenantCachesTest {
    private final CaffeineTenantCaches caches = new CaffeineTenantCaches(Runnable::run);

    @Test
    void values_beyond_the_budget_are_evicted_and_loaded_again_on_the_next_read() {
        TenantCaches.TenantCache<byte[]> cache = caches.create("models", 3_000, Duration.ofHours(1), v -> v.length);
        AtomicInteger loads = new AtomicInteger();
        for (int t = 0; t < 10; t++) {
            cache.get(new TenantId("shop-" + t), id -> {
                loads.incrementAndGet();
                return new byte[1_000];
            });
        }
        TenantCaches.Stats stats = cache.stats();
        assertTrue(stats.weight() <= 3_000, "held within the budget: " + stats);
        assertTrue(stats.entries() <= 3, stats.toString());
        assertEquals(7, stats.evictions(), stats.toString());
        assertEquals(10, loads.get());
        int evicted = 0;
        for (int t = 0; t < 10; t++) {
            if (cache.getIfPresent(new TenantId("shop-" + t)) == null) {
                evicted++;
            }
        }
        assertEquals(7, evicted);
        byte[] again = cache.get(new TenantId("shop-0"), id -> {
            loads.incrementAndGet();
            return new byte[1_000];
        });
        assertEquals(1_000, again.length);
        assertEquals(11, loads.get(), "an evicted tenant is loaded again");
    }

    @Test
    void a_value_re_put_after_it_grew_is_weighed_again() {
        TenantCaches.TenantCache<StringBuilder> cache = caches.create("catalogs", 10_000, Duration.ofHours(1),
                StringBuilder::length);
        TenantId shop = new TenantId("shop");
        StringBuilder value = cache.get(shop, id -> new StringBuilder("x"));
        assertEquals(1, cache.stats().weight());
        value.append("y".repeat(4_999));
        cache.put(shop, value);
        assertEquals(5_000, cache.stats().weight());
        cache.invalidate(shop);
        assertNull(cache.getIfPresent(shop));
        assertEquals(0, cache.stats().weight());
    }

    @Test
    void a_slow_load_of_one_tenant_does_not_hold_up_another_and_loads_once() throws Exception {
        TenantCaches.TenantCache<String> cache = caches.create("models", 1_000, Duration.ofHours(1), String::length);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowLoads = new AtomicInteger();
        Runnable slowRead = () -> cache.get(new TenantId("slow"), id -> {
            slowLoads.incrementAndGet();
            loading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slow";
        });
        Thread first = Thread.ofPlatform().start(slowRead);
        assertTrue(loading.await(10, TimeUnit.SECONDS));
        Thread second = Thread.ofPlatform().start(slowRead);
        assertEquals("fast", cache.get(new TenantId("fast"), id -> "fast"), "another tenant is served meanwhile");
        release.countDown();
        first.join();
        second.join();
        assertEquals(1, slowLoads.get(), "two reads of one missing tenant load it once");
    }

    @Test
    void a_cache_without_a_budget_is_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> caches.create("models", 0, Duration.ofHours(1), (String v) -> 1));
    }
}
