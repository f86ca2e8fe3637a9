package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One pooled tenant floods the API; its own budget runs out (429) while another tenant in the same process keeps
 * getting every answer. (The latency effect is measured by the benchmark, not asserted here.)
 */
class NoisyNeighbourTest {
    @Test
    void a_flooding_tenant_is_throttled_and_its_neighbour_is_not() throws Exception {
        try (TestPlatform platform = TestPlatform.start(p -> p.with(p.of(io.shelfwise.tenancy.Tier.STANDARD)
                .withLimits(50, 50, 1_000_000, 1000)))) {
            String flooder = platform.tenantWithKey("flooder", "standard");
            String neighbour = platform.tenantWithKey("neighbour", "standard");
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicInteger throttled = new AtomicInteger();
            AtomicInteger floodOk = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> flood = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    flood.add(pool.submit(() -> {
                        while (flooding.get()) {
                            int status = platform.send("GET", "/v1/recommendations/popular", flooder, null).status();
                            (status == 429 ? throttled : floodOk).incrementAndGet();
                        }
                    }));
                }
                int neighbourOk = 0;
                // Paced well under its own 50 requests/s: every one of them must be served.
                for (int i = 0; i < 40; i++) {
                    TestPlatform.Reply reply = platform.send("GET", "/v1/recommendations/popular", neighbour, null);
                    assertEquals(200, reply.status(), reply.body());
                    neighbourOk++;
                    Thread.sleep(25);
                }
                flooding.set(false);
                for (Future<?> f : flood) {
                    f.get();
                }
                assertEquals(40, neighbourOk);
                assertTrue(throttled.get() > 0, "the flood was never throttled");
                assertTrue(floodOk.get() > 0);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
