package io.shelfwise.tenancy;

import io.shelfwise.common.LimitExceededException;
import io.shelfwise.testing.ManualNanoClock;
import io.shelfwise.testing.TestPolicies;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestThrottleTest {
    private static final TenantId ACME = new TenantId("acme");
    private static final TenantId GLOBEX = new TenantId("globex");
    /** Two requests per second sustained, three at once. */
    private static final TierPolicy POLICY = TestPolicies.withRate(2, 3);

    private final ManualNanoClock nanos = new ManualNanoClock();
    private final RequestThrottle throttle = new RequestThrottle(nanos);

    private int acceptedOf(TenantId tenant, TierPolicy policy, int attempts) {
        int accepted = 0;
        for (int i = 0; i < attempts; i++) {
            try {
                throttle.acquire(tenant, policy);
                accepted++;
            } catch (LimitExceededException e) {
                // counted as rejected
            }
        }
        return accepted;
    }

    @Test
    void burst_is_allowed_then_the_next_request_is_rate_limited_with_a_retry_after() {
        assertEquals(3, acceptedOf(ACME, POLICY, 3));

        LimitExceededException e = assertThrows(LimitExceededException.class, () -> throttle.acquire(ACME, POLICY));

        assertEquals(LimitExceededException.Kind.RATE, e.kind());
        assertEquals(Duration.ofSeconds(1), e.retryAfter());
        assertNull(e.field());
        assertEquals("tenant 'acme' exceeded 2 requests per second", e.getMessage());
    }

    @Test
    void budget_refills_at_the_sustained_rate() {
        acceptedOf(ACME, POLICY, 3);

        nanos.advance(Duration.ofMillis(499));
        assertEquals(0, acceptedOf(ACME, POLICY, 1));

        nanos.advance(Duration.ofMillis(2));
        assertEquals(1, acceptedOf(ACME, POLICY, 5));

        nanos.advance(Duration.ofSeconds(1));
        assertEquals(2, acceptedOf(ACME, POLICY, 5));
    }

    @Test
    void idle_time_refills_no_more_than_the_burst() {
        acceptedOf(ACME, POLICY, 3);
        nanos.advance(Duration.ofMinutes(10));
        assertEquals(3, acceptedOf(ACME, POLICY, 10));
    }

    @Test
    void one_tenants_flood_does_not_spend_another_tenants_budget() {
        assertEquals(3, acceptedOf(ACME, POLICY, 50));
        assertEquals(3, acceptedOf(GLOBEX, POLICY, 3));
        assertThrows(LimitExceededException.class, () -> throttle.acquire(ACME, POLICY));
    }

    @Test
    void tenant_moved_to_another_tier_is_throttled_by_the_new_policy() {
        acceptedOf(ACME, POLICY, 3);
        TierPolicy bigger = TestPolicies.withRate(10, 20);
        assertEquals(20, acceptedOf(ACME, bigger, 25));
    }
}
