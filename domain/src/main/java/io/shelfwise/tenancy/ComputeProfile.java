package io.shelfwise.tenancy;

/**
 * The compute a tier gets on Kubernetes: its own replicas (none when pooled) with per-pod requests, and the
 * namespace quota. {@code guaranteed} asks for limits equal to requests (Guaranteed QoS).
 */
public record ComputeProfile(int replicas, int cpuMillis, int memoryMiB, int quotaCpuMillis, int quotaMemoryMiB,
                             boolean guaranteed) {
    public ComputeProfile {
        if (replicas < 0 || cpuMillis < 1 || memoryMiB < 1 || quotaCpuMillis < 1 || quotaMemoryMiB < 1) {
            throw new IllegalArgumentException("compute sizes must be positive (replicas may be 0)");
        }
        if ((long) replicas * cpuMillis > quotaCpuMillis || (long) replicas * memoryMiB > quotaMemoryMiB) {
            throw new IllegalArgumentException("the replicas do not fit the namespace quota");
        }
    }
}
