package io.shelfwise.segmentation;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's named segment. {@code definition} is the JSON tree the tenant sent (kept as given, for showing back);
 * {@code rule} is what it means. Each update raises {@code version}.
 */
public record Segment(String id, String name, String description, Map<String, Object> definition, SegmentRule rule,
                      int version, Instant createdAt, Instant updatedAt) {
    public Segment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        definition = Map.copyOf(definition);
    }
}
