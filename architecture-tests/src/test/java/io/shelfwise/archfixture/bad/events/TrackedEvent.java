package io.shelfwise.archfixture.bad.events;

import io.shelfwise.archfixture.bad.tenancy.Tenant;

/** Breaks rule 5 with {@link Tenant}: events and tenancy depend on each other. */
public record TrackedEvent(Tenant tenant, String type) {
}
