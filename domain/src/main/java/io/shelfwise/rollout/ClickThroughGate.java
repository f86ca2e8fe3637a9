package io.shelfwise.rollout;

import io.shelfwise.recommendation.ServedLists;
import java.util.Locale;
import java.util.Optional;

/**
 * The online part of a rollout's health gate: a tenant's click-through after the change against before it, on the
 * same tenant. A change loses when click-through fell by more than {@code maxRelativeDrop} and the fall is
 * significant (one-sided two-proportion z-test at 97.5 %); a tenant with fewer than {@code minLists} lists on
 * either side is too quiet to tell and passes.
 */
public record ClickThroughGate(long minLists, double maxRelativeDrop) {
    /** z of a one-sided 97.5 % test. */
    private static final double Z = 1.96;

    public ClickThroughGate {
        if (minLists < 1) {
            throw new IllegalArgumentException("minLists must be at least 1, not " + minLists);
        }
        if (!(maxRelativeDrop >= 0 && maxRelativeDrop < 1)) {
            throw new IllegalArgumentException("maxRelativeDrop must be in [0, 1), not " + maxRelativeDrop);
        }
    }

    /** Why the change lost on click-through, or empty when it did not (or there is too little to tell). */
    public Optional<String> problem(ServedLists before, ServedLists after) {
        if (before.lists() < minLists || after.lists() < minLists || before.clicked() == 0) {
            return Optional.empty();
        }
        double p1 = before.clickThrough();
        double p2 = after.clickThrough();
        double drop = (p1 - p2) / p1;
        double pooled = (double) (before.clicked() + after.clicked()) / (before.lists() + after.lists());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / before.lists() + 1.0 / after.lists()));
        double z = se == 0 ? 0 : (p2 - p1) / se;
        if (drop > maxRelativeDrop && z < -Z) {
            return Optional.of("click-through fell from " + describe(before) + " to " + describe(after)
                    + String.format(Locale.ROOT, " (-%.1f %%, z = %.2f)", drop * 100, z));
        }
        return Optional.empty();
    }

    /** "4.2 % of 1,200 lists". */
    public static String describe(ServedLists lists) {
        return String.format(Locale.ROOT, "%.1f %% of %,d lists", lists.clickThrough() * 100, lists.lists());
    }
}
