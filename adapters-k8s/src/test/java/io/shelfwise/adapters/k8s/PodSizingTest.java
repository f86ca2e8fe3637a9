package io.shelfwise.adapters.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.tenancy.ComputeProfile;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PodSizingTest {

    @ParameterizedTest
    @EnumSource(Tier.class)
    void every_pod_of_a_rolling_update_fits_the_namespace_quota(Tier tier) {
        ComputeProfile compute = TierPolicies.defaults().of(tier).compute();
        PodSizing sizing = PodSizing.of(compute);
        int pods = Math.max(1, compute.replicas() + sizing.surge());

        assertTrue((long) pods * sizing.cpuLimitMillis() <= compute.quotaCpuMillis(), "cpu limits");
        assertTrue((long) pods * sizing.memoryLimitMiB() <= compute.quotaMemoryMiB(), "memory limits");
        assertTrue((long) pods * sizing.cpuRequestMillis() <= compute.quotaCpuMillis(), "cpu requests");
        assertTrue((long) pods * sizing.memoryRequestMiB() <= compute.quotaMemoryMiB(), "memory requests");
    }

    @Test
    void guaranteed_compute_gets_limits_equal_to_requests() {
        PodSizing sizing = PodSizing.of(new ComputeProfile(3, 2_000, 4_096, 12_000, 24_576, true));

        assertEquals(new PodSizing(2_000, 4_096, 2_000, 4_096, 1), sizing);
    }

    @Test
    void burstable_compute_may_use_twice_its_request_when_the_quota_has_room() {
        PodSizing sizing = PodSizing.of(new ComputeProfile(1, 500, 1_024, 4_000, 8_192, false));

        assertEquals(new PodSizing(500, 1_024, 1_000, 2_048, 1), sizing);
    }

    @Test
    void burstable_limits_shrink_so_that_the_surge_pod_still_fits() {
        PodSizing sizing = PodSizing.of(new ComputeProfile(2, 1_000, 2_048, 4_000, 8_192, false));

        assertEquals(new PodSizing(1_000, 2_048, 1_333, 2_730, 1), sizing);
    }

    @Test
    void a_quota_without_room_for_a_surge_pod_rolls_one_replica_down_at_a_time() {
        PodSizing sizing = PodSizing.of(new ComputeProfile(2, 1_000, 2_048, 2_000, 4_096, false));

        assertEquals(new PodSizing(1_000, 2_048, 1_000, 2_048, 0), sizing);
    }
}
