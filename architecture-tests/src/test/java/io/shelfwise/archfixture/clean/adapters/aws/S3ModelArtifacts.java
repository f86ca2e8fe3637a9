package io.shelfwise.archfixture.clean.adapters.aws;

import io.shelfwise.archfixture.clean.recommendation.port.out.ModelArtifacts;
import io.shelfwise.archfixture.clean.tenancy.TenantId;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Another edge implementing another port; it never touches the SQL edge. */
public final class S3ModelArtifacts implements ModelArtifacts {
    @Override
    public InputStream open(TenantId tenant, String version) {
        return new ByteArrayInputStream(new byte[0]);
    }
}
