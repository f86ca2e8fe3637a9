package io.shelfwise.recommendation.port.out;

import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Optional;

/** Immutable, versioned model files of each tenant (S3 under {@code <bucket>/<tenant>/} on AWS). */
public interface ModelArtifacts {
    /** Stores {@code content} under {@code name} (e.g. {@code models/v3/model.bin}) in the tenant's space. */
    void put(TenantId tenant, String name, byte[] content);

    Optional<byte[]> get(TenantId tenant, String name);

    /** Names under {@code prefix} in the tenant's space, sorted. */
    List<String> list(TenantId tenant, String prefix);

    void delete(TenantId tenant, String name);
}
