package io.shelfwise.onboarding.port.out;

import io.shelfwise.tenancy.TenantId;

/**
 * Brings a data location that is not local (an object-store prefix such as {@code s3://bucket/prefix}) to a local
 * directory the {@link InitialData} reader takes; local locations pass through unchanged.
 */
public interface DataStaging {
    /** The local location holding the same data files as {@code location}. */
    String stage(TenantId tenant, String location);

    /**
     * Where an export for {@code location} is written locally before {@link #publish}: {@code location} itself when
     * it is local.
     */
    String exportDirectory(TenantId tenant, String location);

    /** Copies the files of {@code localDirectory} to {@code location}, when that is not the same place. */
    void publish(TenantId tenant, String localDirectory, String location);
}
