package io.shelfwise.testing;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.recommendation.ItemSignal;
import io.shelfwise.recommendation.port.out.SignalSource;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SignalSource} aggregated from an {@link InMemoryEventStore}: one count per item, event type and UTC day
 * of occurrence, from the day of {@code since} on (the SQL source's day granularity).
 */
public final class InMemorySignalSource implements SignalSource {
    private final InMemoryEventStore events;
    private int queries;

    public InMemorySignalSource(InMemoryEventStore events) {
        this.events = events;
    }

    @Override
    public synchronized List<ItemSignal> signalsSince(TenantId tenant, Instant since) {
        queries++;
        LocalDate fromDay = LocalDate.ofInstant(since, ZoneOffset.UTC);
        Map<Key, Long> counts = new LinkedHashMap<>();
        for (StoredEvent stored : events.eventsOf(tenant)) {
            ShopperEvent e = stored.event();
            LocalDate day = LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC);
            if (day.isBefore(fromDay)) {
                continue;
            }
            e.itemIds().forEach(item -> counts.merge(new Key(item, e.type(), day), 1L, Long::sum));
        }
        List<ItemSignal> signals = new ArrayList<>(counts.size());
        counts.forEach((k, n) -> signals.add(new ItemSignal(k.item, k.type, k.day, n)));
        return signals;
    }

    @Override
    public synchronized java.util.Optional<LocalDate> newestDay(TenantId tenant) {
        return events.eventsOf(tenant).stream().map(s -> LocalDate.ofInstant(s.event().occurredAt(), ZoneOffset.UTC))
                .max(LocalDate::compareTo);
    }

    /** How often signals were read: lets tests see whether a cached ranking was used. */
    public synchronized int queries() {
        return queries;
    }

    private record Key(ItemId item, EventType type, LocalDate day) {
    }
}
