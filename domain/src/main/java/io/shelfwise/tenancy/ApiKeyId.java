package io.shelfwise.tenancy;

import io.shelfwise.common.ValidationException;
import java.util.regex.Pattern;

/** The public, non-secret part of an API key: safe to list, log and show in consoles. */
public record ApiKeyId(String value) {
    private static final Pattern SHAPE = Pattern.compile("key_[a-z0-9]{16}");

    public ApiKeyId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw ValidationException.of("keyId", "must look like key_ followed by 16 of a-z0-9");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
