package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One visit of one shopper: consecutive events with no pause longer than the session gap between them. Events carry
 * no session id, so sessions are recovered from time the way web analytics do (30 minutes is their usual gap).
 */
public record Session(String shopper, List<Interaction> interactions) {
    public static final Duration DEFAULT_GAP = Duration.ofMinutes(30);

    public Session {
        Objects.requireNonNull(shopper, "shopper");
        interactions = List.copyOf(interactions);
        if (interactions.isEmpty()) {
            throw new IllegalArgumentException("a session holds at least one interaction");
        }
    }

    public Instant start() {
        return interactions.getFirst().at();
    }

    /** Distinct items the session touched with an event of one of {@code types}, in the order first touched. */
    public Set<ItemId> items(Set<EventType> types) {
        Set<ItemId> items = new LinkedHashSet<>();
        for (Interaction i : interactions) {
            if (types.contains(i.type())) {
                items.add(i.item());
            }
        }
        return items;
    }

    /**
     * Cuts events into sessions, ordered by start time then shopper. Events that name no item (searches) keep a
     * session alive but add no interaction; sessions left without any interaction are dropped, and so are events
     * without a shopper key.
     */
    public static List<Session> split(Collection<ShopperEvent> events, Duration gap) {
        if (gap.isNegative() || gap.isZero()) {
            throw new IllegalArgumentException("session gap must be positive");
        }
        Map<String, List<ShopperEvent>> byShopper = new HashMap<>();
        for (ShopperEvent e : events) {
            if (e.shopperKey() != null) {
                byShopper.computeIfAbsent(e.shopperKey(), k -> new ArrayList<>()).add(e);
            }
        }
        List<Session> sessions = new ArrayList<>();
        byShopper.forEach((shopper, own) -> {
            // List.sort is stable: events with equal timestamps keep their input order.
            own.sort(Comparator.comparing(ShopperEvent::occurredAt));
            List<Interaction> current = new ArrayList<>();
            Instant last = null;
            for (ShopperEvent e : own) {
                if (last != null && Duration.between(last, e.occurredAt()).compareTo(gap) > 0) {
                    close(shopper, current, sessions);
                    current = new ArrayList<>();
                }
                for (ItemId item : e.itemIds()) {
                    current.add(new Interaction(item, e.type(), e.occurredAt()));
                }
                last = e.occurredAt();
            }
            close(shopper, current, sessions);
        });
        sessions.sort(Comparator.comparing(Session::start).thenComparing(Session::shopper));
        return sessions;
    }

    private static void close(String shopper, List<Interaction> interactions, List<Session> into) {
        if (!interactions.isEmpty()) {
            into.add(new Session(shopper, interactions));
        }
    }
}
