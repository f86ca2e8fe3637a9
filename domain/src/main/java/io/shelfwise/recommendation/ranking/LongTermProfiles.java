package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each shopper's long-term profile: what they did before their latest {@code depth} events of any kind, the ones a
 * request reads ({@link io.shelfwise.events.RecentActivity#DEPTH}). Per shopper it keeps the {@code items} items of those older
 * events with the most event weight, each as one interaction of its strongest type at the last time it was touched.
 * A home recipe that uses it ({@link HomeRecipe#longTermProfile()}) ranks from the profile followed by the latest
 * events ({@link #extend}), so a regular's older interests count beside what they did this week. Only shoppers with
 * more than {@code depth} events have one.
 */
public final class LongTermProfiles {
    /** Items kept per shopper. */
    public static final int DEFAULT_ITEMS = 30;
    /** No shopper has a profile. */
    public static final LongTermProfiles EMPTY = new LongTermProfiles(Map.of());

    private final Map<String, List<Interaction>> older;

    private LongTermProfiles(Map<String, List<Interaction>> older) {
        this.older = older;
    }

    /**
     * The profiles in {@code events} (any order): for every shopper with more than {@code depth} events, the
     * {@code items} strongest items of all but their latest {@code depth} events. Events of any kind count towards
     * the {@code depth}, searches too, as the events a request reads do ({@link io.shelfwise.events.RecentActivity}).
     */
    public static LongTermProfiles of(Collection<ShopperEvent> events, int depth, int items, EventWeights weights) {
        if (depth < 1 || items < 1) {
            throw new IllegalArgumentException("depth and items must be positive");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (ShopperEvent e : events) {
            if (e.shopperKey() != null) {
                counts.merge(e.shopperKey(), 1, Integer::sum);
            }
        }
        Map<String, List<ShopperEvent>> regulars = new HashMap<>();
        for (ShopperEvent e : events) {
            if (e.shopperKey() != null && counts.get(e.shopperKey()) > depth) {
                regulars.computeIfAbsent(e.shopperKey(), s -> new ArrayList<>()).add(e);
            }
        }
        Map<String, List<Interaction>> older = new HashMap<>();
        regulars.forEach((shopper, own) -> {
            own.sort(Comparator.comparing(ShopperEvent::occurredAt));
            List<Interaction> profile = profile(own.subList(0, own.size() - depth), items, weights);
            if (!profile.isEmpty()) {
                older.put(shopper, profile);
            }
        });
        return new LongTermProfiles(older);
    }

    private static List<Interaction> profile(List<ShopperEvent> events, int items, EventWeights weights) {
        Map<ItemId, Summary> byItem = new HashMap<>();
        for (ShopperEvent e : events) {
            double weight = weights.of(e.type());
            if (weight <= 0.0 || e.itemIds().isEmpty()) {
                continue;
            }
            for (ItemId item : e.itemIds()) {
                byItem.computeIfAbsent(item, i -> new Summary()).add(e.type(), weight, e.occurredAt());
            }
        }
        List<Map.Entry<ItemId, Summary>> ranked = new ArrayList<>(byItem.entrySet());
        ranked.sort(Comparator.<Map.Entry<ItemId, Summary>>comparingDouble(en -> -en.getValue().weight)
                .thenComparing(en -> en.getValue().last, Comparator.reverseOrder())
                .thenComparing(en -> en.getKey().value()));
        List<Interaction> profile = new ArrayList<>();
        for (Map.Entry<ItemId, Summary> en : ranked.subList(0, Math.min(items, ranked.size()))) {
            profile.add(new Interaction(en.getKey(), en.getValue().type, en.getValue().last));
        }
        profile.sort(Comparator.comparing(Interaction::at));
        return List.copyOf(profile);
    }

    /** {@code history} (oldest first) preceded by the shopper's profile; {@code history} itself without one. */
    public List<Interaction> extend(String shopper, List<Interaction> history) {
        List<Interaction> profile = shopper == null ? null : older.get(shopper);
        if (profile == null) {
            return history;
        }
        List<Interaction> extended = new ArrayList<>(profile.size() + history.size());
        extended.addAll(profile);
        extended.addAll(history);
        return extended;
    }

    /** The shopper's profile, oldest first; empty without one. */
    public List<Interaction> of(String shopper) {
        return older.getOrDefault(shopper, List.of());
    }

    /** Shoppers with a profile. */
    public int shoppers() {
        return older.size();
    }

    /**
     * Roughly the heap it holds: per shopper the map entry, the key and the list, and per item its interaction with
     * its own time and item id (read from the events, so not shared with the catalog).
     */
    public long bytes() {
        long bytes = 64;
        for (Map.Entry<String, List<Interaction>> entry : older.entrySet()) {
            bytes += 160 + 2L * entry.getKey().length() + 112L * entry.getValue().size();
        }
        return bytes;
    }

    private static final class Summary {
        private double weight;
        private double strongest;
        private EventType type;
        private Instant last;

        void add(EventType eventType, double eventWeight, Instant at) {
            weight += eventWeight;
            if (type == null || eventWeight > strongest) {
                type = eventType;
                strongest = eventWeight;
            }
            if (last == null || at.isAfter(last)) {
                last = at;
            }
        }
    }
}
