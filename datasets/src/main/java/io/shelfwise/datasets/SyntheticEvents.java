package io.shelfwise.datasets;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The event stream of a {@link SyntheticStore}: sessions are simulated in order of their start, so a shopper's
 * state (what they bought, whether they are mid-session) evolves causally, and each session's events wait in a
 * queue until no later session can precede them, which is all the memory the stream holds besides the shoppers'.
 *
 * <p>Arrivals are paced so that exactly the requested number of events spreads over the whole window: the rate of
 * sessions at any moment is the remaining events over the remaining time and the mean session length so far,
 * scaled by the hour of the day. The last session is cut to the budget, and a session that would outlast the
 * window stops at its end.
 */
final class SyntheticEvents implements Iterator<ShopperEvent> {
    /** Relative traffic per hour of the day (UTC), mean 1: quiet at night, busiest in the evening. */
    private static final double[] HOURLY = normalised(new double[]{0.3, 0.2, 0.15, 0.15, 0.2, 0.3, 0.5, 0.8, 1.0,
            1.1, 1.1, 1.2, 1.3, 1.2, 1.1, 1.1, 1.2, 1.4, 1.6, 1.8, 1.9, 1.7, 1.2, 0.6});
    /** Longer than the usual 30-minute session gap, so two sessions of one shopper never read as one. */
    private static final int PAUSE_BETWEEN_SESSIONS = 31 * 60;
    private static final int MEMORY = 4;
    private static final double REPLENISH = 0.25;
    private static final double COMPLEMENT = 0.6;
    private static final double COMPATIBLE = 0.6;

    private final SyntheticStore store;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final long budget;
    private final double window;
    private final long epoch;
    private final long[] busyUntil;
    private final int[] bought;
    private final byte[] boughtCount;
    private double clock;
    private double nextStart;
    private long generated;
    private long sessions;
    private long sequence;
    private long emitted;
    private long anonymous;

    SyntheticEvents(SyntheticStore store) {
        this.store = store;
        // Its own stream, derived from the seed but apart from the catalog's and the shoppers'.
        this.random = new SplittableRandom(store.spec.seed() ^ 0x9E3779B97F4A7C15L);
        this.budget = store.spec.events();
        this.window = store.spec.days() * 86_400.0;
        this.epoch = store.spec.start().getEpochSecond();
        this.busyUntil = new long[store.spec.users()];
        this.bought = new int[store.spec.users() * MEMORY];
        this.boughtCount = new byte[store.spec.users()];
        this.clock = 0.0;
        this.nextStart = nextArrival();
    }

    @Override
    public boolean hasNext() {
        fill();
        return !pending.isEmpty();
    }

    @Override
    public ShopperEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Pending p = pending.poll();
        String eventId = "e-" + emitted++;
        Instant at = Instant.ofEpochSecond(epoch + p.time);
        List<ItemId> items = p.item < 0 ? List.of() : store.itemIdLists.get(p.item);
        boolean purchase = p.type == EventType.PURCHASE;
        return new ShopperEvent(eventId, p.type, p.userId, p.anonymousId, items, purchase ? p.quantity : null,
                purchase ? store.price[p.item] : null, purchase ? SyntheticStore.CURRENCY : null, p.query, null, at);
    }

    /** Simulates sessions until the earliest pending event can no longer be preceded by a new session's. */
    private void fill() {
        while (generated < budget && (pending.isEmpty() || pending.peek().time > (long) nextStart)) {
            clock = nextStart;
            simulateSession((long) clock);
            nextStart = nextArrival();
        }
    }

    private double nextArrival() {
        double remainingTime = window - clock;
        double meanLength = (5.0 * 5 + generated) / (5 + sessions);
        double rate = (budget - generated) / (meanLength * Math.max(remainingTime, 1.0))
                * HOURLY[(int) ((clock % 86_400) / 3600)];
        double next = clock + random.nextExponential() / Math.max(rate, 1e-9);
        // Never past the window's end: the last sessions crowd into its final moments instead.
        return next < window ? next : clock + (window - clock) / 2;
    }

    private void simulateSession(long start) {
        List<Pending> events = new ArrayList<>();
        Session s = new Session(start, events);
        int user = -1;
        if (random.nextDouble() >= store.spec.anonymousShare()) {
            user = pickShopper(start);
        }
        if (user < 0) {
            s.anonymousId = "v-" + anonymous++;
        } else {
            s.userId = "u-" + user;
        }
        if (user >= 0 && boughtCount[user] > 0 && random.nextDouble() < REPLENISH) {
            replenish(s, user);
        } else {
            browse(s, user);
        }
        if (user >= 0) {
            busyUntil[user] = s.time + PAUSE_BETWEEN_SESSIONS;
        }
        // Cut to the budget, and to the window: a session that starts just before the end stops at it.
        int keep = (int) Math.min(events.size(), budget - generated);
        while (keep > 1 && events.get(keep - 1).time >= window) {
            keep--;
        }
        List<Pending> kept = events.subList(0, keep);
        pending.addAll(kept);
        generated += kept.size();
        sessions++;
    }

    /** A registered shopper by activity, among those who have joined, not churned, and are not mid-session. */
    private int pickShopper(long at) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int u = store.shopperByActivity.next(random);
            if (store.joinsAt[u] <= at && at < store.churnsAt[u] && busyUntil[u] <= at) {
                return u;
            }
        }
        return -1;
    }

    private void replenish(Session s, int user) {
        int item = bought[user * MEMORY + random.nextInt(boughtCount[user])];
        if (random.nextDouble() < 0.5) {
            s.add(EventType.VIEW, item);
        }
        s.add(EventType.ADD_TO_CART, item);
        if (random.nextDouble() < 0.85) {
            s.purchase(item, 1 + random.nextInt(3));
        }
    }

    private void browse(Session s, int user) {
        int intent = user >= 0 && random.nextDouble() < 0.9 ? likedLeaf(user) : store.leafByPopularity.next(random);
        if (random.nextDouble() < 0.3) {
            s.search(store.taxonomy.name(intent).toLowerCase(Locale.ROOT));
        }
        int views = 1 + geometric(0.35, 15);
        List<Integer> viewed = new ArrayList<>();
        for (int v = 0; v < views; v++) {
            int item;
            if (!viewed.isEmpty() && random.nextDouble() < 0.15) {
                item = viewed.get(random.nextInt(viewed.size()));
            } else {
                int leaf = random.nextDouble() < 0.85 ? intent
                        : user >= 0 ? likedLeaf(user) : store.leafByPopularity.next(random);
                item = pickItem(leaf, user);
            }
            if (item >= 0) {
                s.add(EventType.VIEW, item);
                if (!viewed.contains(item)) {
                    viewed.add(item);
                }
            }
        }
        double cartChance = user >= 0 ? store.cartPropensity[user] : 0.08;
        List<Integer> cart = new ArrayList<>();
        for (int item : viewed) {
            if (random.nextDouble() < cartChance) {
                s.add(EventType.ADD_TO_CART, item);
                cart.add(item);
            }
        }
        for (int anchor : List.copyOf(cart)) {
            int complement = complementOf(anchor, user);
            if (complement >= 0 && !cart.contains(complement)) {
                if (random.nextDouble() < 0.7) {
                    s.add(EventType.VIEW, complement);
                }
                s.add(EventType.ADD_TO_CART, complement);
                cart.add(complement);
            }
        }
        for (int item : List.copyOf(cart)) {
            if (random.nextDouble() < 0.05) {
                s.add(EventType.REMOVE_FROM_CART, item);
                cart.remove(Integer.valueOf(item));
            }
        }
        double checkoutChance = user >= 0 ? store.checkoutPropensity[user] : 0.4;
        if (!cart.isEmpty() && random.nextDouble() < checkoutChance) {
            for (int item : cart) {
                boolean stocksUp = store.consumable[item];
                s.purchase(item, stocksUp ? 1 + random.nextInt(3) : random.nextDouble() < 0.9 ? 1 : 2);
                if (stocksUp && user >= 0) {
                    remember(user, item);
                }
            }
        }
    }

    /** With {@link #COMPLEMENT} chance, an item of a complement leaf: mostly one compatible with the anchor. */
    private int complementOf(int anchor, int user) {
        int[] leaves = store.taxonomy.complements(store.leafOf[anchor]);
        if (leaves.length == 0 || random.nextDouble() >= COMPLEMENT) {
            return -1;
        }
        int c = random.nextInt(leaves.length);
        if (random.nextDouble() < COMPATIBLE) {
            return store.compatible[anchor][c * store.compatiblePerLeaf() + random.nextInt(store.compatiblePerLeaf())];
        }
        return pickItem(leaves[c], user);
    }

    private int likedLeaf(int user) {
        int from = user * store.likedSlots();
        int count = store.likedCount[user];
        double total = 0.0;
        for (int i = 0; i < count; i++) {
            total += store.likedWeights[from + i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < count - 1; i++) {
            r -= store.likedWeights[from + i];
            if (r < 0) {
                return store.likedLeaves[from + i];
            }
        }
        return store.likedLeaves[from + count - 1];
    }

    /** An item of the leaf: of the shopper's brand for its department with their loyalty, else by popularity. */
    private int pickItem(int leaf, int user) {
        WeightedChoice any = store.itemsOfLeaf[leaf];
        if (any == null) {
            return -1;
        }
        if (user >= 0 && random.nextDouble() < store.loyalty[user]) {
            String department = store.taxonomy.department(leaf);
            int from = user * store.likedSlots();
            for (int i = 0; i < store.likedCount[user]; i++) {
                if (store.taxonomy.department(store.likedLeaves[from + i]).equals(department)) {
                    WeightedChoice own = store.itemsOfLeafAndBrand.get(
                            SyntheticStore.leafBrandKey(leaf, store.likedBrand[from + i]));
                    if (own != null) {
                        return own.next(random);
                    }
                    break;
                }
            }
        }
        return any.next(random);
    }

    private void remember(int user, int item) {
        int from = user * MEMORY;
        for (int i = 0; i < boughtCount[user]; i++) {
            if (bought[from + i] == item) {
                return;
            }
        }
        if (boughtCount[user] < MEMORY) {
            bought[from + boughtCount[user]++] = item;
        } else {
            System.arraycopy(bought, from + 1, bought, from, MEMORY - 1);
            bought[from + MEMORY - 1] = item;
        }
    }

    /** Failures before the first success, at most {@code max}. */
    private int geometric(double success, int max) {
        int n = 0;
        while (n < max && random.nextDouble() >= success) {
            n++;
        }
        return n;
    }

    private static double[] normalised(double[] weights) {
        double mean = Arrays.stream(weights).average().orElseThrow();
        return Arrays.stream(weights).map(w -> w / mean).toArray();
    }

    /** One session being written: its shopper and the time of its next event. */
    private final class Session {
        private final List<Pending> events;
        private long time;
        private String userId;
        private String anonymousId;

        private Session(long start, List<Pending> events) {
            this.time = start;
            this.events = events;
        }

        void add(EventType type, int item) {
            append(type, item, null, null);
        }

        void purchase(int item, int quantity) {
            append(EventType.PURCHASE, item, quantity, null);
        }

        void search(String query) {
            append(EventType.SEARCH, -1, null, query);
        }

        private void append(EventType type, int item, Integer quantity, String query) {
            if (!events.isEmpty()) {
                // Seconds between two steps: a few at least, now and then minutes.
                time += 3 + (long) (random.nextExponential() * 40);
            }
            events.add(new Pending(time, sequence++, type, userId, anonymousId, item, quantity, query));
        }
    }

    /** An event generated but not yet handed out, ordered by time, then by when it was generated. */
    private record Pending(long time, long order, EventType type, String userId, String anonymousId, int item,
                           Integer quantity, String query) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
