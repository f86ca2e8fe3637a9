package io.shelfwise.segmentation;

import io.shelfwise.catalog.CatalogView;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ShopperTouch;
import io.shelfwise.segmentation.SegmentRule.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * One tenant's shoppers and the members of each of its segments, kept up to date event by event: a new event
 * re-evaluates only its shopper (and, for a spend-percentile rule whose threshold moved, the shoppers between the
 * old and new threshold). Windows count back from the reference hour, the tenant's newest event rounded up to the
 * hour; when an event moves it to a later hour every shopper is evaluated again, so membership after any stream of
 * events equals a full evaluation over the same events. Not thread-safe: {@link SegmentationService} serialises
 * access per tenant.
 */
final class SegmentIndex {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    /** A shopper's latest events folded into the learned model for an affinity, as home reads them. */
    static final int AFFINITY_HISTORY = 50;
    /** Items of a brand or category the model's affinity is the best of. */
    static final int MAX_AFFINITY_ITEMS = 500;

    private final ShopperActivity activity = new ShopperActivity();
    private final Map<String, Segment> segments = new LinkedHashMap<>();
    private final Map<String, Map<String, SegmentMember>> members = new HashMap<>();
    private final Map<Integer, SpendIndex> spend = new HashMap<>();
    private final Map<Target, List<ItemId>> affinityItems = new HashMap<>();
    private final BiFunction<List<ShopperTouch>, List<ItemId>, OptionalDouble> affinity;
    private CatalogView catalog;
    private ItemFacts facts;
    private ChurnReport churn;
    private long reference = Long.MIN_VALUE;

    /**
     * @param affinity the active model's affinity of a shopper to a list of items (empty when there is no model
     *                 or the model does not know the shopper)
     */
    SegmentIndex(CatalogView catalog, BiFunction<List<ShopperTouch>, List<ItemId>, OptionalDouble> affinity) {
        this.catalog = catalog;
        this.affinity = affinity;
        this.facts = new ItemFacts(catalog);
    }

    ShopperActivity activity() {
        return activity;
    }

    /** The reference time windows count back from, or null before any event. */
    Instant reference() {
        return reference == Long.MIN_VALUE ? null : Instant.ofEpochSecond(reference);
    }

    Map<String, SegmentMember> members(String segmentId) {
        return members.getOrDefault(segmentId, Map.of());
    }

    Collection<Segment> segments() {
        return segments.values();
    }

    void churnModel(ChurnReport report) {
        this.churn = report;
    }

    ChurnReport churnModel() {
        return churn;
    }

    /** Loads events of a history, in any order, without evaluating; {@link #loaded} follows. */
    void load(ShopperEvent event) {
        activity.load(event);
    }

    /** Ends a {@link #load}: puts every shopper's events in time order. */
    void loaded() {
        activity.sortAll();
    }

    /** Adds or replaces a segment and evaluates it over every shopper. */
    MembershipChanges put(Segment segment, Instant now) {
        segments.put(segment.id(), segment);
        refreshContext();
        return evaluate(segment, activity.shoppers(), now);
    }

    /** Drops a segment and its members. */
    void remove(String segmentId) {
        segments.remove(segmentId);
        members.remove(segmentId);
    }

    /** Evaluates every segment over every shopper afresh (catalog, model and thresholds read anew). */
    List<MembershipChanges> evaluateAll(CatalogView latestCatalog, Instant now) {
        this.catalog = latestCatalog;
        this.facts = new ItemFacts(latestCatalog);
        affinityItems.clear();
        moveReference();
        refreshContext();
        List<MembershipChanges> changes = new ArrayList<>();
        for (Segment segment : segments.values()) {
            changes.add(evaluate(segment, activity.shoppers(), now));
        }
        return changes;
    }

    /** Applies newly stored events and re-evaluates the shoppers they concern. */
    List<MembershipChanges> apply(List<ShopperEvent> events, Instant now) {
        Set<String> touched = new HashSet<>();
        for (ShopperEvent event : events) {
            ShopperActivity.Shopper shopper = activity.add(event);
            if (shopper != null) {
                touched.add(shopper.userId);
            }
        }
        if (touched.isEmpty() || segments.isEmpty()) {
            return List.of();
        }
        if (hourOf(activity.newest().getEpochSecond()) != reference) {
            return evaluateAll(catalog, now);
        }
        facts.cover(activity.items());
        Set<String> again = new HashSet<>(touched);
        for (SpendIndex index : spend.values()) {
            again.addAll(index.update(touched, activity, reference));
        }
        List<ShopperActivity.Shopper> shoppers = new ArrayList<>();
        for (String user : again) {
            ShopperActivity.Shopper s = activity.shopper(user);
            if (s != null) {
                shoppers.add(s);
            }
        }
        List<MembershipChanges> changes = new ArrayList<>();
        for (Segment segment : segments.values()) {
            changes.add(evaluate(segment, shoppers, now));
        }
        return changes;
    }

    private void moveReference() {
        Instant newest = activity.newest();
        reference = newest == null ? Long.MIN_VALUE : hourOf(newest.getEpochSecond());
    }

    private static long hourOf(long epochSecond) {
        return Math.floorDiv(epochSecond, HOUR) * HOUR + HOUR;
    }

    /** Rebuilds what rules need besides shoppers' events: item facts, spend thresholds. */
    private void refreshContext() {
        if (reference == Long.MIN_VALUE) {
            moveReference();
        }
        facts.cover(activity.items());
        Set<Integer> spendWindows = new HashSet<>();
        for (Segment segment : segments.values()) {
            collectSpendWindows(segment.rule(), spendWindows);
        }
        spend.keySet().retainAll(spendWindows);
        for (int days : spendWindows) {
            SpendIndex index = new SpendIndex(days);
            index.rebuild(activity, reference);
            spend.put(days, index);
        }
    }

    private static void collectSpendWindows(SegmentRule rule, Set<Integer> into) {
        switch (rule) {
            case SegmentRule.HighValue h -> into.add(h.days());
            case SegmentRule.All a -> a.rules().forEach(r -> collectSpendWindows(r, into));
            case SegmentRule.Any a -> a.rules().forEach(r -> collectSpendWindows(r, into));
            case SegmentRule.Not n -> collectSpendWindows(n.rule(), into);
            default -> {
            }
        }
    }

    private MembershipChanges evaluate(Segment segment, Collection<ShopperActivity.Shopper> shoppers, Instant now) {
        Map<String, SegmentMember> current = members.computeIfAbsent(segment.id(), k -> new HashMap<>());
        List<SegmentMember> entered = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (ShopperActivity.Shopper s : shoppers) {
            Match match = reference == Long.MIN_VALUE ? null : match(segment.rule(), s);
            SegmentMember was = current.get(s.userId);
            if (match != null) {
                SegmentMember member = new SegmentMember(s.userId, match.score, match.reason,
                        was == null ? now : was.since());
                current.put(s.userId, member);
                if (was == null) {
                    entered.add(member);
                }
            } else if (was != null) {
                current.remove(s.userId);
                left.add(s.userId);
            }
        }
        return new MembershipChanges(segment.id(), entered, left);
    }

    /** A rule's verdict for one shopper: a score (higher is more so) and the reason, in words. */
    record Match(double score, String reason) {
    }

    Match match(SegmentRule rule, ShopperActivity.Shopper s) {
        return switch (rule) {
            case SegmentRule.Interest i -> i.byModel() ? affinity(i, s) : interest(i, s);
            case SegmentRule.ChurnRisk c -> churnRisk(c, s);
            case SegmentRule.CartAbandoners c -> cartAbandoner(c, s);
            case SegmentRule.HighValue h -> highValue(h, s);
            case SegmentRule.NewShoppers n -> {
                long since = reference - n.days() * DAY;
                yield s.first() >= since ? new Match(1.0 - (reference - s.first()) / (double) (n.days() * DAY),
                        "first seen " + age(s.first()) + " ago") : null;
            }
            case SegmentRule.All a -> {
                double score = Double.POSITIVE_INFINITY;
                List<String> reasons = new ArrayList<>();
                for (SegmentRule r : a.rules()) {
                    Match m = match(r, s);
                    if (m == null) {
                        yield null;
                    }
                    score = Math.min(score, m.score);
                    reasons.add(m.reason);
                }
                yield new Match(score, String.join("; and ", reasons));
            }
            case SegmentRule.Any a -> {
                Match best = null;
                for (SegmentRule r : a.rules()) {
                    Match m = match(r, s);
                    if (m != null && (best == null || m.score > best.score)) {
                        best = m;
                    }
                }
                yield best;
            }
            case SegmentRule.Not n -> match(n.rule(), s) == null ? new Match(1.0, "not " + describe(n.rule())) : null;
        };
    }

    private Match interest(SegmentRule.Interest rule, ShopperActivity.Shopper s) {
        String value = rule.target().value().toLowerCase(Locale.ROOT);
        int[] byType = new int[EventType.values().length];
        int count = 0;
        for (int i = s.from(reference - rule.days() * DAY); i < s.size; i++) {
            int type = s.types[i];
            if (type >= 0 && rule.events().contains(EventType.values()[type])
                    && facts.matches(s.items[i], rule.target(), value)) {
                byType[type]++;
                count++;
            }
        }
        if (count < rule.minCount()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (byType[type.ordinal()] > 0) {
                parts.add(byType[type.ordinal()] + " " + type.wireName());
            }
        }
        return new Match(count, String.join(", ", parts) + " of " + rule.target().describe() + " in the last "
                + rule.days() + " days");
    }

    private Match affinity(SegmentRule.Interest rule, ShopperActivity.Shopper s) {
        List<ItemId> items = affinityItems.computeIfAbsent(rule.target(),
                t -> ItemFacts.itemsOf(catalog, t, MAX_AFFINITY_ITEMS));
        if (items.isEmpty()) {
            return null;
        }
        OptionalDouble score = affinity.apply(activity.touches(s, AFFINITY_HISTORY), items);
        if (score.isEmpty() || score.getAsDouble() < rule.minAffinity()) {
            return null;
        }
        return new Match(score.getAsDouble(), String.format(Locale.ROOT, "model affinity %.3f to %s",
                score.getAsDouble(), rule.target().describe()));
    }

    private Match churnRisk(SegmentRule.ChurnRisk rule, ShopperActivity.Shopper s) {
        if (churn == null || !ChurnFeatures.active(s, reference)) {
            return null;
        }
        double[] features = ChurnFeatures.of(s, reference);
        double p = churn.model().probability(features);
        if (p < rule.minProbability()) {
            return null;
        }
        return new Match(p, String.format(Locale.ROOT, "churn probability %.2f within %d days: last seen %s ago, "
                        + "active on %d of the last 90 days", p, churn.horizonDays(), age(s.last()),
                (int) features[3]));
    }

    private Match cartAbandoner(SegmentRule.CartAbandoners rule, ShopperActivity.Shopper s) {
        byte cart = (byte) EventType.ADD_TO_CART.ordinal();
        byte purchase = (byte) EventType.PURCHASE.ordinal();
        long lastCart = Long.MIN_VALUE;
        Set<Integer> items = new HashSet<>();
        for (int i = s.from(reference - rule.days() * DAY); i < s.size; i++) {
            if (s.types[i] == cart) {
                lastCart = s.times[i];
                items.add(s.items[i]);
            } else if (s.types[i] == purchase) {
                lastCart = Long.MIN_VALUE;
                items.clear();
            }
        }
        if (lastCart == Long.MIN_VALUE || lastCart > reference - rule.hours() * HOUR) {
            return null;
        }
        return new Match(items.size(), items.size() + (items.size() == 1 ? " item" : " items")
                + " left in the cart " + age(lastCart) + " ago");
    }

    private Match highValue(SegmentRule.HighValue rule, ShopperActivity.Shopper s) {
        SpendIndex index = spend.get(rule.days());
        double spent = index.spendOf(s.userId);
        double threshold = index.threshold(rule.percentile());
        if (spent <= 0 || spent < threshold) {
            return null;
        }
        return new Match(spent, String.format(Locale.ROOT, "spent %.2f in the last %d days, at or above the "
                + "%s percentile of buyers (%.2f)", spent, rule.days(), trim(rule.percentile()), threshold));
    }

    private String age(long at) {
        long seconds = Math.max(0, reference - at);
        if (seconds < 2 * DAY) {
            return (seconds / HOUR) + " hours";
        }
        return (seconds / DAY) + " days";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) + "th" : value + "th";
    }

    static String describe(SegmentRule rule) {
        return switch (rule) {
            case SegmentRule.Interest i -> i.byModel() ? "model affinity to " + i.target().describe()
                    : "interest in " + i.target().describe();
            case SegmentRule.ChurnRisk c -> "churn risk";
            case SegmentRule.CartAbandoners c -> "cart abandoner";
            case SegmentRule.HighValue h -> "high value";
            case SegmentRule.NewShoppers n -> "new shopper";
            case SegmentRule.All a -> "all of (" + String.join(", ", a.rules().stream().map(SegmentIndex::describe)
                    .toList()) + ")";
            case SegmentRule.Any a -> "any of (" + String.join(", ", a.rules().stream().map(SegmentIndex::describe)
                    .toList()) + ")";
            case SegmentRule.Not n -> "not " + describe(n.rule());
        };
    }

    /**
     * Buyers' spend over one window, kept sorted so that a percentile's threshold, and who lies between an old and
     * a new threshold, are found without a scan.
     */
    static final class SpendIndex {
        private final int days;
        private final Map<String, Double> byShopper = new HashMap<>();
        private final TreeMap<Double, Set<String>> sorted = new TreeMap<>();
        private final Map<Double, Double> thresholds = new HashMap<>();
        private int buyers;

        SpendIndex(int days) {
            this.days = days;
        }

        void rebuild(ShopperActivity activity, long reference) {
            byShopper.clear();
            sorted.clear();
            buyers = 0;
            for (ShopperActivity.Shopper s : activity.shoppers()) {
                set(s.userId, s.spend(reference - days * DAY, reference));
            }
            thresholds.clear();
        }

        double spendOf(String user) {
            return byShopper.getOrDefault(user, 0.0);
        }

        /** The spend at the {@code percentile} by nearest rank among buyers, or +infinity without any. */
        double threshold(double percentile) {
            return thresholds.computeIfAbsent(percentile, p -> {
                if (buyers == 0) {
                    return Double.POSITIVE_INFINITY;
                }
                int rank = Math.max(1, (int) Math.ceil(p / 100.0 * buyers));
                int seen = 0;
                for (var entry : sorted.entrySet()) {
                    seen += entry.getValue().size();
                    if (seen >= rank) {
                        return entry.getKey();
                    }
                }
                return sorted.lastKey();
            });
        }

        /**
         * Updates the spend of {@code touched} shoppers; returns the other shoppers whose side of a threshold may
         * have changed (those between any old and new threshold).
         */
        Set<String> update(Set<String> touched, ShopperActivity activity, long reference) {
            Map<Double, Double> before = new HashMap<>(thresholds);
            for (String user : touched) {
                ShopperActivity.Shopper s = activity.shopper(user);
                if (s != null) {
                    set(user, s.spend(reference - days * DAY, reference));
                }
            }
            thresholds.clear();
            Set<String> affected = new HashSet<>();
            before.forEach((percentile, old) -> {
                double now = threshold(percentile);
                if (now != old) {
                    double lo = Math.min(now, old);
                    double hi = Math.max(now, old);
                    if (Double.isInfinite(hi)) {
                        hi = Double.MAX_VALUE;
                    }
                    sorted.subMap(lo, true, hi, true).values().forEach(affected::addAll);
                }
            });
            return affected;
        }

        private void set(String user, double value) {
            Double old = byShopper.remove(user);
            if (old != null) {
                Set<String> at = sorted.get(old);
                at.remove(user);
                if (at.isEmpty()) {
                    sorted.remove(old);
                }
                buyers--;
            }
            if (value > 0) {
                byShopper.put(user, value);
                sorted.computeIfAbsent(value, v -> new HashSet<>()).add(user);
                buyers++;
            }
        }
    }
}
