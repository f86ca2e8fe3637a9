package io.shelfwise.events;

import java.util.List;

/** What the event store did with a batch: stored its new events, or stored nothing because of the quota. */
public sealed interface AppendOutcome {
    /** The batch's new events (those whose ids the tenant had not stored), committed, in batch order. */
    record Stored(List<ShopperEvent> freshEvents) implements AppendOutcome {
        public Stored {
            freshEvents = List.copyOf(freshEvents);
        }

        public int fresh() {
            return freshEvents.size();
        }
    }

    /** Storing the batch's {@code fresh} new events would take the month's usage past the quota. */
    record OverQuota(long used, int fresh) implements AppendOutcome {
    }
}
