package io.shelfwise.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A recipe on its way through the fleet, wave by wave: the durable record of which tenant got what, when.
 *
 * @param maxRejectedShare the share of a wave's tenants whose candidate may lose its gate before the rollout
 *                         halts (0: any loss halts)
 * @param message          why it halted, or what it did last
 */
public record Rollout(String id, Recipe recipe, double maxRejectedShare, State state, Instant createdAt,
                      Instant updatedAt, List<TenantStep> tenants, String message) {
    public Rollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(state, "state");
        tenants = List.copyOf(tenants);
    }

    /** Where the rollout stands. */
    public enum State {
        RUNNING, PAUSED, HALTED, COMPLETED, ABORTED;

        public boolean isFinal() {
            return this == HALTED || this == COMPLETED || this == ABORTED;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Rollout with(State newState, List<TenantStep> newTenants, String newMessage, Instant at) {
        return new Rollout(id, recipe, maxRejectedShare, newState, createdAt, at, newTenants, newMessage);
    }
}
