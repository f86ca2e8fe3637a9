package io.shelfwise.archfixture.clean.tenancy.port.out;

import io.shelfwise.archfixture.clean.tenancy.TenantId;
import java.util.Optional;

/** Outbound port taking a primitive array, which must not count as a dependency outside the JDK. */
public interface ApiKeys {
    Optional<TenantId> tenantFor(byte[] keyHash);
}
