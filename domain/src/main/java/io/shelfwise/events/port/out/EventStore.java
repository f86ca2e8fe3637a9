package io.shelfwise.events.port.out;

import io.shelfwise.events.AppendOutcome;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/** Where each tenant's shopper events are kept. Every call is scoped to one tenant. */
public interface EventStore {
    /**
     * Durably stores the events whose ids the tenant has not stored before, atomically, and counts them in the
     * tenant's usage for {@code month}; returns only once the data is committed. Stores nothing when the new
     * events would take that usage past {@code monthlyQuota}. Retries of stored events cost no quota.
     */
    AppendOutcome appendNew(TenantId tenant, List<ShopperEvent> events, Instant receivedAt, YearMonth month,
                            long monthlyQuota);

    /** How many events the tenant has had accepted in {@code month}. */
    long acceptedIn(TenantId tenant, YearMonth month);

    /** A shopper's most recent events, newest first. */
    List<StoredEvent> recentOf(TenantId tenant, String shopperKey, int limit);
}
