package io.shelfwise.archfixture.clean.events;

import io.shelfwise.archfixture.clean.tenancy.TenantId;
import java.time.Instant;

/** Depends on tenancy, one way only. */
public record TrackedEvent(TenantId tenant, String eventId, EventType type, Instant at) {
}
