package io.shelfwise.sdk.model;

import java.time.Instant;
import java.util.Map;

/**
 * One of the store's shopper segments: its rule as JSON ({@code definition}, see the HTTP reference), its version
 * (raised by each update) and how many shoppers are in it now.
 */
public record Segment(String id, String name, String description, Map<String, Object> definition, int version,
                      long size, Instant createdAt, Instant updatedAt) {
    public Segment {
        definition = definition == null ? Map.of() : Map.copyOf(definition);
    }
}
