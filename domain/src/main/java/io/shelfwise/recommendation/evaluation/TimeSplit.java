package io.shelfwise.recommendation.evaluation;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.Interaction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * A split of events by time, so a model is trained on the past and tested on what came after it, as it will be
 * used. Train holds the events strictly before {@code cutoff}; test holds those at or after it.
 */
public record TimeSplit(Instant cutoff) {
    /** Event types that make an item a target: the shopper wanted it enough to put it in the cart or buy it. */
    public static final Set<EventType> TARGET_TYPES = Set.of(EventType.ADD_TO_CART, EventType.PURCHASE);

    public TimeSplit {
        Objects.requireNonNull(cutoff, "cutoff");
    }

    /**
     * Tests on the last {@code testDays} calendar days (UTC) that the events reach: the cutoff is midnight UTC at the
     * start of the day {@code testDays - 1} days before the day of the latest event. With events up to some time on
     * March 10 and {@code testDays} 7, test is March 4 00:00 onward and train everything before.
     */
    public static TimeSplit lastDays(Collection<ShopperEvent> events, int testDays) {
        if (testDays < 1) {
            throw new IllegalArgumentException("testDays must be at least 1");
        }
        Instant latest = events.stream().map(ShopperEvent::occurredAt).max(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalArgumentException("cannot split an empty event list"));
        LocalDate lastDay = LocalDate.ofInstant(latest, ZoneOffset.UTC);
        return new TimeSplit(lastDay.minusDays(testDays - 1L).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    public boolean isTest(ShopperEvent event) {
        return !event.occurredAt().isBefore(cutoff);
    }

    /** Both sides keep the input order. */
    public Parts split(Collection<ShopperEvent> events) {
        List<ShopperEvent> train = new ArrayList<>();
        List<ShopperEvent> test = new ArrayList<>();
        for (ShopperEvent e : events) {
            (isTest(e) ? test : train).add(e);
        }
        return new Parts(train, test);
    }

    /**
     * Each shopper's interactions, oldest first (equal times keep input order); events without items (searches)
     * or without a shopper key are skipped.
     */
    public static Map<String, List<Interaction>> histories(Collection<ShopperEvent> events) {
        Map<String, List<Interaction>> histories = new HashMap<>();
        for (ShopperEvent e : events) {
            if (e.shopperKey() == null || e.itemIds().isEmpty()) {
                continue;
            }
            List<Interaction> own = histories.computeIfAbsent(e.shopperKey(), k -> new ArrayList<>());
            for (ItemId item : e.itemIds()) {
                own.add(new Interaction(item, e.type(), e.occurredAt()));
            }
        }
        histories.replaceAll((shopper, own) -> {
            own.sort(Comparator.comparing(Interaction::at));
            return List.copyOf(own);
        });
        return histories;
    }

    /**
     * Each shopper's targets in {@code events}: the distinct items they added to a cart or bought
     * ({@link #TARGET_TYPES}), in the order first reached.
     */
    public static Map<String, Set<ItemId>> targets(Collection<ShopperEvent> events) {
        Map<String, Set<ItemId>> targets = new HashMap<>();
        histories(events).forEach((shopper, history) -> {
            Set<ItemId> items = new LinkedHashSet<>();
            for (Interaction i : history) {
                if (TARGET_TYPES.contains(i.type())) {
                    items.add(i.item());
                }
            }
            if (!items.isEmpty()) {
                targets.put(shopper, items);
            }
        });
        return targets;
    }

    /** The two sides of a split. */
    public record Parts(List<ShopperEvent> train, List<ShopperEvent> test) {
        public Parts {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }
}
