package io.shelfwise.isolation;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One allowed combination of actions on resources, optionally under string-like conditions
 * (e.g. {@code s3:prefix} must match {@code acme/*}). Resource patterns may end in {@code *}.
 */
public record Grant(Set<String> actions, Set<String> resources, Map<String, String> stringLikeConditions) {
    public Grant {
        actions = Set.copyOf(actions);
        resources = Set.copyOf(resources);
        stringLikeConditions = Map.copyOf(stringLikeConditions);
        if (actions.isEmpty() || resources.isEmpty()) {
            throw new IllegalArgumentException("a grant needs actions and resources");
        }
        for (String r : resources) {
            Objects.requireNonNull(r, "resource");
            if (r.equals("*") || r.indexOf('*') >= 0 && r.indexOf('*') != r.length() - 1) {
                throw new IllegalArgumentException("only a trailing * is allowed in a tenant grant: " + r);
            }
        }
    }

    /** Whether this grant allows {@code action} on {@code resource} given the request's condition values. */
    public boolean allows(String action, String resource, Map<String, String> context) {
        if (!actions.contains(action) || resources.stream().noneMatch(r -> matches(r, resource))) {
            return false;
        }
        return stringLikeConditions.entrySet().stream()
                .allMatch(c -> context.containsKey(c.getKey()) && matches(c.getValue(), context.get(c.getKey())));
    }

    static boolean matches(String pattern, String value) {
        return pattern.endsWith("*")
                ? value.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(value);
    }
}
