package io.shelfwise.tenancy;

import java.util.Objects;

/** A freshly issued key together with its secret, which exists only in this answer. */
public record IssuedApiKey(ApiKey key, String secret) {
    public IssuedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedApiKey[" + key.id() + ", secret=***]";
    }
}
