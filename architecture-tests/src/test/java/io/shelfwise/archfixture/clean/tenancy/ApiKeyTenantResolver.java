package io.shelfwise.archfixture.clean.tenancy;

import io.shelfwise.archfixture.clean.tenancy.port.in.ResolveTenant;
import io.shelfwise.archfixture.clean.tenancy.port.out.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** Implements the use case in the context, behind its interface. */
public final class ApiKeyTenantResolver implements ResolveTenant {
    private final ApiKeys keys;

    public ApiKeyTenantResolver(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Optional<TenantId> resolve(String apiKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return keys.tenantFor(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
