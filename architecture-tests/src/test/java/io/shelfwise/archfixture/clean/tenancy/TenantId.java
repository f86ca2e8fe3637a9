package io.shelfwise.archfixture.clean.tenancy;

import io.shelfwise.archfixture.clean.common.FieldError;
import io.shelfwise.archfixture.clean.common.ValidationException;
import java.util.List;
import java.util.regex.Pattern;

/** A tenant's slug, validated in the compact constructor. */
public record TenantId(String value) {
    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    public TenantId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new ValidationException(List.of(new FieldError("tenant", "must be a lowercase slug")));
        }
    }
}
