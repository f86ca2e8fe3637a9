package io.shelfwise.adapters.k8s;

import io.shelfwise.tenancy.ComputeProfile;

/**
 * Per-container requests and limits, and the rollout surge, derived from a tier's {@link ComputeProfile} so that
 * every pod of a rolling update still fits the namespace quota (a pod the quota refuses would stall the rollout).
 *
 * @param surge 1 when one extra pod fits the quota during a rollout (no replica goes down), else 0 (one replica
 *              goes down at a time instead)
 */
record PodSizing(int cpuRequestMillis, int memoryRequestMiB, int cpuLimitMillis, int memoryLimitMiB, int surge) {

    /** A Burstable pod may use up to this multiple of its request when the quota leaves room. */
    private static final int BURST_FACTOR = 2;

    static PodSizing of(ComputeProfile compute) {
        int pods = compute.replicas() + 1;
        boolean surgeFits = (long) pods * compute.cpuMillis() <= compute.quotaCpuMillis()
                && (long) pods * compute.memoryMiB() <= compute.quotaMemoryMiB();
        if (!surgeFits) {
            pods = Math.max(1, compute.replicas());
        }
        int surge = surgeFits ? 1 : 0;
        if (compute.guaranteed()) {
            return new PodSizing(compute.cpuMillis(), compute.memoryMiB(), compute.cpuMillis(), compute.memoryMiB(),
                    surge);
        }
        return new PodSizing(compute.cpuMillis(), compute.memoryMiB(),
                burstLimit(compute.cpuMillis(), compute.quotaCpuMillis(), pods),
                burstLimit(compute.memoryMiB(), compute.quotaMemoryMiB(), pods), surge);
    }

    /** Up to BURST_FACTOR times the request, but never so much that {@code pods} pods overrun the quota. */
    private static int burstLimit(int request, int quota, int pods) {
        return (int) Math.max(request, Math.min((long) request * BURST_FACTOR, quota / pods));
    }
}
