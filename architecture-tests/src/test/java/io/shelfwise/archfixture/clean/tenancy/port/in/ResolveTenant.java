package io.shelfwise.archfixture.clean.tenancy.port.in;

import io.shelfwise.archfixture.clean.tenancy.TenantId;
import java.util.Optional;

/** Use case: which tenant does this API key belong to. */
public interface ResolveTenant {
    Optional<TenantId> resolve(String apiKey);
}
