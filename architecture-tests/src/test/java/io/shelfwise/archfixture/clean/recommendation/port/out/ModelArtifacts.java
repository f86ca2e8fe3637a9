package io.shelfwise.archfixture.clean.recommendation.port.out;

import io.shelfwise.archfixture.clean.tenancy.TenantId;
import java.io.InputStream;

/** Outbound port named for the capability. */
public interface ModelArtifacts {
    InputStream open(TenantId tenant, String version);
}
