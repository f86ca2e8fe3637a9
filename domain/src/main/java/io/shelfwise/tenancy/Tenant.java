package io.shelfwise.tenancy;

import io.shelfwise.common.Checks;
import io.shelfwise.common.ConflictException;
import java.time.Instant;
import java.util.Objects;

/** A store that uses Shelfwise: the unit of isolation, billing and placement. */
public record Tenant(TenantId id, String displayName, Tier tier, TenantState state, Instant createdAt) {
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Checks.start().text("displayName", displayName, 200).orThrow();
    }

    /** This tenant moved to {@code next}, if its lifecycle allows it. */
    public Tenant transitionTo(TenantState next) {
        if (next == state) {
            return this;
        }
        if (!state.canBecome(next)) {
            throw new ConflictException("tenant '" + id + "' cannot go from " + state.wireName() + " to "
                    + next.wireName());
        }
        return new Tenant(id, displayName, tier, next, createdAt);
    }

    public Tenant renamed(String newName) {
        if (state == TenantState.OFFBOARDED) {
            throw new ConflictException("tenant '" + id + "' is offboarded and can no longer change");
        }
        return new Tenant(id, newName, tier, state, createdAt);
    }

    public Tenant withTier(Tier newTier) {
        if (state == TenantState.OFFBOARDED) {
            throw new ConflictException("tenant '" + id + "' is offboarded and can no longer change");
        }
        return new Tenant(id, displayName, newTier, state, createdAt);
    }

    public boolean isServed() {
        return state == TenantState.ACTIVE;
    }
}
