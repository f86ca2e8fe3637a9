package io.shelfwise.adapters.k8s;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386) on the generic (map) form of an object: what {@code kubectl patch --type merge}
 * does on the server. Objects merge key by key, so fields that other controllers own survive; lists and scalars
 * are replaced whole; a null deletes the key.
 */
final class MergePatch {
    private MergePatch() {
    }

    static Object apply(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> patchMap)) {
            return patch;
        }
        Map<Object, Object> result = target instanceof Map<?, ?> targetMap
                ? new LinkedHashMap<>(targetMap) : new LinkedHashMap<>();
        patchMap.forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else {
                result.put(key, apply(result.get(key), value));
            }
        });
        return result;
    }
}
