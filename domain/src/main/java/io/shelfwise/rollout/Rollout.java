package io.shelfwise.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A change on its way through the fleet, wave by wave: a training recipe (each tenant trains with it and goes
 * through its gate) or an app image (the pool's Deployment, then each siloed tenant's). The durable record of
 * which tenant got what, when.
 *
 * @param recipe           the recipe shipped, or null for an image rollout
 * @param image            the image shipped, or null for a recipe rollout
 * @param maxRejectedShare the share of a wave's tenants whose change may lose its gate before the rollout
 *                         halts (0: any loss halts)
 * @param message          why it halted, or what it did last
 */
public record Rollout(String id, Recipe recipe, String image, double maxRejectedShare, State state,
                      Instant createdAt, Instant updatedAt, List<TenantStep> tenants, String message) {
    public Rollout {
        Objects.requireNonNull(id, "id");
        if ((recipe == null) == (image == null)) {
            throw new IllegalArgumentException("a rollout ships a recipe or an image, exactly one");
        }
        Objects.requireNonNull(state, "state");
        tenants = List.copyOf(tenants);
    }

    /** What kind of change it ships. */
    public enum Kind {
        RECIPE, IMAGE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Kind kind() {
        return image != null ? Kind.IMAGE : Kind.RECIPE;
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
        return new Rollout(id, recipe, image, maxRejectedShare, newState, createdAt, at, newTenants, newMessage);
    }
}
