package io.shelfwise.tenancy;

import io.shelfwise.common.ValidationException;
import java.util.regex.Pattern;

/**
 * A tenant's id: a slug that is safe inside every resource name derived from it
 * (tables, bucket prefixes, Kubernetes namespaces, IAM role names).
 */
public record TenantId(String value) {
    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,38}[a-z0-9]");
    /** Ids whose derived names would collide with the platform's own (e.g. namespace {@code <prefix>-pool}). */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("pool", "admin", "system", "platform",
            "default", "kube-system", "shelfwise");

    public TenantId {
        if (value == null) {
            throw ValidationException.of("id", "is required");
        }
        if (!SLUG.matcher(value).matches()) {
            throw ValidationException.of("id",
                    "must be 3..40 characters of a-z, 0-9 and '-', start with a letter and not end with '-'");
        }
        if (RESERVED.contains(value)) {
            throw ValidationException.of("id", "'" + value + "' is reserved for the platform");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
