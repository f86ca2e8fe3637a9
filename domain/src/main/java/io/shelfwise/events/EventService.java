package io.shelfwise.events;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.Checks;
import io.shelfwise.common.LimitExceededException;
import io.shelfwise.common.LimitExceededException.Kind;
import io.shelfwise.common.ValidationException;
import io.shelfwise.events.port.in.ReadShopperEvents;
import io.shelfwise.events.port.in.TrackEvents;
import io.shelfwise.events.port.out.EventStore;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Event ingestion rules: batch size, the tier's monthly quota, idempotent durable storage. Shoppers' latest
 * events are read through a short-lived cache that this process's own stored events update at once (see
 * {@link RecentEventsCache}).
 */
public final class EventService implements TrackEvents, ReadShopperEvents {
    private static final System.Logger LOG = System.getLogger(EventService.class.getName());
    public static final int MAX_BATCH = 500;
    /** Events an import writes in one transaction: onboarding's fast path for a history of millions. */
    public static final int MAX_IMPORT_BATCH = 5_000;
    /** The import batch that wrote fastest on embedded H2 (1M events: 500 took 56 s, 1,000 49 s, 5,000 69 s). */
    public static final int IMPORT_BATCH = 1_000;
    public static final int MAX_READ = 500;
    /** How far in the future a client's clock may put an event. */
    public static final Duration ALLOWED_SKEW = Duration.ofMinutes(5);
    /** Shoppers whose activity is held in memory by default: about 1 KB each with 50 events. */
    public static final int DEFAULT_ACTIVITY_CAPACITY = 200_000;
    /**
     * Shoppers from which {@link #prefetchActivity} reads the tenant's whole log instead of each shopper's own
     * events: on embedded H2 (2 cores) 100k lookups took ~40 s (0.4 ms each) and one pass over a 1M-event log with
     * its items 7-12 s, so they break even near 20-30k shoppers on such a store (a smaller store sooner).
     */
    static final int SCAN_FROM = 20_000;

    private final EventStore store;
    private final Clock clock;
    private final Duration shopperCacheTtl;
    private final RecentEventsCache recent;
    /** Null when nothing is cached ({@code shopperCacheTtl} zero). */
    private final RecentActivityCache activity;
    private final int activityCapacity;
    /** Tenants whose shoppers' activity this process preloaded (or is preloading). */
    private final Map<TenantId, CompletableFuture<Void>> preloads = new ConcurrentHashMap<>();
    /**
     * Preloads run one at a time: after a restart of a process serving many tenants, their first requests arrive
     * together, and each preload is a pass over the tenant's log.
     */
    private final java.util.concurrent.ExecutorService preloading = java.util.concurrent.Executors
            .newSingleThreadExecutor(Thread.ofPlatform().daemon().name("shelfwise-activity-preload").factory());
    private final List<StoredEventsListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Per tenant, the {@link #prefetchActivityInBackground} loads still running. */
    private final Map<TenantId, Set<Load>> loading = new ConcurrentHashMap<>();
    /** How long a prefetch waits for a background load of its shoppers before it reads them itself. */
    private static final java.time.Duration LOAD_WAIT = java.time.Duration.ofSeconds(60);

    /** Every read of a shopper's events goes to the store. */
    public EventService(EventStore store, Clock clock) {
        this(store, clock, Duration.ZERO);
    }

    /**
     * @param shopperCacheTtl how long a shopper's latest events read from the store are reused; events stored by
     *                        another process count after at most this long (this process's own at once)
     */
    public EventService(EventStore store, Clock clock, Duration shopperCacheTtl) {
        this(store, clock, shopperCacheTtl, DEFAULT_ACTIVITY_CAPACITY);
    }

    /**
     * @param shopperCacheTtl  as above; also how often a tenant's accepted-events counter is compared with this
     *                         process's own writes, which keeps shoppers' activity in memory until another process
     *                         stores events for the tenant ({@link RecentActivityCache})
     * @param activityCapacity shoppers (of all tenants together) whose activity is held in memory
     */
    public EventService(EventStore store, Clock clock, Duration shopperCacheTtl, int activityCapacity) {
        this(store, clock, shopperCacheTtl, activityCapacity, tenant -> UnaryOperator.identity());
    }

    /**
     * As above; the shoppers' activity holds {@code heldIds} of each item id (per tenant, the catalog's instance
     * where this process holds the catalog, see {@code CatalogService.heldIds}) rather than a copy of its own.
     */
    public EventService(EventStore store, Clock clock, Duration shopperCacheTtl, int activityCapacity,
                        Function<TenantId, UnaryOperator<ItemId>> heldIds) {
        this.store = store;
        this.clock = clock;
        this.shopperCacheTtl = shopperCacheTtl;
        this.recent = new RecentEventsCache(clock, shopperCacheTtl);
        this.activityCapacity = activityCapacity;
        this.activity = shopperCacheTtl.isZero() || activityCapacity <= 0 ? null
                : new RecentActivityCache(store, clock, shopperCacheTtl, activityCapacity, heldIds);
    }

    /** Adds a listener told of every batch's newly stored events. */
    public void subscribe(StoredEventsListener listener) {
        listeners.add(listener);
    }

    @Override
    public Instant latestAcceptedTimestamp() {
        return clock.instant().plus(ALLOWED_SKEW);
    }

    /** Rejects an empty batch or one over {@link #MAX_BATCH} events. */
    @Override
    public void checkBatchSize(int size) {
        if (size == 0) {
            throw ValidationException.of("events", "must hold at least one event");
        }
        if (size > MAX_BATCH) {
            throw new LimitExceededException(Kind.REQUEST_SIZE, "events",
                    "a batch holds at most " + MAX_BATCH + " events; this one has " + size, null);
        }
    }

    @Override
    public TrackResult track(TenantAccess caller, List<ShopperEvent> events) {
        checkBatchSize(events.size());
        return append(caller, events);
    }

    @Override
    public TrackResult importHistory(TenantAccess caller, List<ShopperEvent> events) {
        if (events.isEmpty() || events.size() > MAX_IMPORT_BATCH) {
            throw new LimitExceededException(Kind.REQUEST_SIZE, "events", "an import batch holds 1 to "
                    + MAX_IMPORT_BATCH + " events; this one has " + events.size(), null);
        }
        return append(caller, events);
    }

    private TrackResult append(TenantAccess caller, List<ShopperEvent> events) {
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        TenantId tenant = caller.tenantId();
        long quota = caller.policy().eventsPerMonth();
        return switch (store.appendNew(tenant, events, now, month, quota)) {
            case AppendOutcome.Stored stored -> {
                long distinct = events.stream().map(ShopperEvent::eventId).distinct().count();
                recent.stored(tenant, events, now, stored.fresh() == distinct);
                if (activity != null) {
                    activity.stored(tenant, stored.freshEvents(), now);
                }
                if (stored.fresh() > 0) {
                    for (StoredEventsListener listener : listeners) {
                        try {
                            listener.stored(tenant, stored.freshEvents());
                        } catch (RuntimeException e) {
                            System.getLogger(EventService.class.getName()).log(System.Logger.Level.ERROR,
                                    "stored-events listener failed tenant=" + tenant, e);
                        }
                    }
                }
                yield new TrackResult(stored.fresh(), events.size() - stored.fresh());
            }
            case AppendOutcome.OverQuota over -> {
                Instant nextMonth = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                throw new LimitExceededException(Kind.QUOTA, "events", "tenant '" + tenant + "' has used "
                        + over.used() + " of its " + quota + " events for " + month + "; this batch has "
                        + over.fresh() + " new ones", Duration.between(now, nextMonth));
            }
        };
    }

    @Override
    public void prefetch(TenantId tenant, Collection<String> shopperKeys) {
        if (shopperCacheTtl.isZero() || shopperKeys.isEmpty()) {
            return;
        }
        RecentEventsCache.Missing missing = recent.missing(tenant, shopperKeys);
        RecentActivityCache.Missing missingActivity = activity == null ? null : activity.missing(tenant, shopperKeys);
        Map<String, List<StoredEvent>> loaded = Map.of();
        try {
            java.util.Set<String> load = new java.util.LinkedHashSet<>(missing.shoppers());
            if (missingActivity != null) {
                load.addAll(missingActivity.shoppers());
            }
            if (!load.isEmpty()) {
                loaded = store.recentOfMany(tenant, load, RecentEventsCache.DEPTH);
                recent.putAll(tenant, loaded, missing.writesBefore());
            }
        } finally {
            if (missingActivity != null) {
                activity.putAll(tenant, loaded, missingActivity);
            }
        }
    }

    /**
     * Only the activity (what recommendations read) of many shoppers: from {@link #SCAN_FROM} shoppers not yet held,
     * in one pass over the tenant's log rather than one lookup each. Does nothing for more shoppers than the cache
     * holds (they would push each other out); each is then read when first needed.
     */
    @Override
    public void prefetchActivity(TenantId tenant, Collection<String> shopperKeys) {
        if (activity == null || shopperKeys.isEmpty() || shopperKeys.size() > activityCapacity) {
            return;
        }
        // A load still running that holds some of these shoppers (a campaign's audience) will have them soon: wait
        // for it, within bounds, rather than look each of them up beside it.
        for (Load running : List.copyOf(loading.getOrDefault(tenant, Set.of()))) {
            if (!running.holdsAnyOf(shopperKeys)) {
                continue;
            }
            try {
                running.done().get(LOAD_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Read them here instead.
                break;
            }
        }
        load(tenant, shopperKeys);
    }

    /**
     * Most recently active shoppers first, up to a quarter of what the process keeps (so one tenant's preload does
     * not push every other tenant's shoppers out); the list and their events are read in the background.
     */
    @Override
    public CompletableFuture<Void> preloadActivity(TenantId tenant) {
        CompletableFuture<Void> running = preloads.get(tenant);
        if (running != null || activity == null) {
            // Asked on every request that reads activity: nothing allocated once the tenant was preloaded.
            return running != null ? running : CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        running = preloads.putIfAbsent(tenant, done);
        if (running != null) {
            return running;
        }
        try {
            preloading.execute(() -> {
                long began = System.nanoTime();
                try {
                    int most = Math.max(1, activityCapacity / 4);
                    List<String> shoppers = store.recentShoppers(tenant, most);
                    // Fewer than asked for: every shopper of the tenant, so one pass over its log reads them all
                    // (a Standard tenant's 334 shoppers took ~260 ms as four 100-shopper lookups on H2).
                    prefetchActivityInBackground(tenant, shoppers, shoppers.size() < most).join();
                    LOG.log(System.Logger.Level.INFO, "event=activity_preloaded tenant=" + tenant + " shoppers="
                            + shoppers.size() + " ms=" + (System.nanoTime() - began) / 1_000_000);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "event=activity_preload_failed tenant=" + tenant, e);
                } finally {
                    done.complete(null);
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            // Not started (the process is stopping or short of threads): it is only a hint.
            done.complete(null);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> prefetchActivityInBackground(TenantId tenant, Collection<String> shopperKeys) {
        return prefetchActivityInBackground(tenant, shopperKeys, false);
    }

    /** As above; {@code everyShopper} when the keys are all the tenant's shoppers (then its log is read once). */
    private CompletableFuture<Void> prefetchActivityInBackground(TenantId tenant, Collection<String> shopperKeys,
                                                                 boolean everyShopper) {
        if (activity == null || shopperKeys.isEmpty() || shopperKeys.size() > activityCapacity) {
            return CompletableFuture.completedFuture(null);
        }
        Load load = new Load(Set.copyOf(shopperKeys), new CompletableFuture<>());
        loading.compute(tenant, (t, running) -> {
            Set<Load> now = running == null ? ConcurrentHashMap.newKeySet() : running;
            now.add(load);
            return now;
        });
        try {
            Thread.ofPlatform().daemon().name("shelfwise-activity-load").start(() -> {
                try {
                    load(tenant, load.keys(), everyShopper);
                } catch (RuntimeException e) {
                    // Only a hint: each shopper is then read when first needed.
                    LOG.log(System.Logger.Level.WARNING, "event=activity_load_failed tenant=" + tenant
                            + " shoppers=" + load.keys().size(), e);
                } finally {
                    finished(tenant, load);
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            // No thread for it (the process is short of them): nobody may wait for a load that never runs.
            finished(tenant, load);
            LOG.log(System.Logger.Level.WARNING, "event=activity_load_not_started tenant=" + tenant, e);
        }
        return load.done();
    }

    private void finished(TenantId tenant, Load load) {
        loading.computeIfPresent(tenant, (t, running) -> {
            running.remove(load);
            return running.isEmpty() ? null : running;
        });
        load.done().complete(null);
    }

    /** A background load of {@code keys}, complete once it is over (also when it failed). */
    private record Load(Set<String> keys, CompletableFuture<Void> done) {
        boolean holdsAnyOf(Collection<String> shoppers) {
            for (String shopper : shoppers) {
                if (keys.contains(shopper)) {
                    return true;
                }
            }
            return false;
        }
    }

    private void load(TenantId tenant, Collection<String> shopperKeys) {
        load(tenant, shopperKeys, false);
    }

    /** {@code everyShopper}: the keys are all the tenant's shoppers, so one pass over its log is the cheaper read. */
    private void load(TenantId tenant, Collection<String> shopperKeys, boolean everyShopper) {
        RecentActivityCache.Missing missing = activity.missing(tenant, shopperKeys);
        Map<String, List<StoredEvent>> loaded = Map.of();
        try {
            if (missing.shoppers().size() >= SCAN_FROM || everyShopper && !missing.shoppers().isEmpty()) {
                loaded = store.recentOfEach(tenant, Set.copyOf(missing.shoppers()), RecentActivity.DEPTH);
            } else if (!missing.shoppers().isEmpty()) {
                loaded = store.recentOfMany(tenant, missing.shoppers(), RecentActivity.DEPTH);
            }
        } finally {
            activity.putAll(tenant, loaded, missing);
        }
    }

    @Override
    public RecentActivity activityOf(TenantId tenant, String shopperKey) {
        Checks.start().text("userId", shopperKey, 128).orThrow();
        if (activity == null) {
            return RecentActivity.of(store.recentOf(tenant, shopperKey, RecentActivity.DEPTH), id -> id);
        }
        return activity.get(tenant, shopperKey, () -> store.recentOf(tenant, shopperKey, RecentActivity.DEPTH));
    }

    @Override
    public List<StoredEvent> recentOf(TenantId tenant, String shopperKey, int limit) {
        Checks checks = Checks.start().text("userId", shopperKey, 128);
        if (limit < 1 || limit > MAX_READ) {
            checks.add("limit", "must be between 1 and " + MAX_READ);
        }
        checks.orThrow();
        if (limit > RecentEventsCache.DEPTH || shopperCacheTtl.isZero()) {
            return store.recentOf(tenant, shopperKey, limit);
        }
        return recent.recentOf(tenant, shopperKey, limit,
                () -> store.recentOf(tenant, shopperKey, RecentEventsCache.DEPTH));
    }
}
