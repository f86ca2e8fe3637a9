package io.shelfwise.archfixture.bad.tenancy;

import io.shelfwise.archfixture.bad.events.TrackedEvent;
import java.util.List;

/** Breaks rule 5 with {@link TrackedEvent}: tenancy and events depend on each other. */
public record Tenant(String id, List<TrackedEvent> recentEvents) {
}
