package io.shelfwise.segmentation;

import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.common.Checks;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ShopperTouch;
import io.shelfwise.recommendation.port.in.ScoreShoppers;
import io.shelfwise.segmentation.port.in.FindShoppersByAffinity;
import io.shelfwise.segmentation.port.in.ManageSegments;
import io.shelfwise.segmentation.port.in.ReadSegments;
import io.shelfwise.segmentation.port.in.TrainChurnModel;
import io.shelfwise.segmentation.port.out.ChurnModelTrainer;
import io.shelfwise.segmentation.port.out.SegmentStore;
import io.shelfwise.segmentation.port.out.ShopperHistory;
import io.shelfwise.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Segments of every tenant that has any: definitions in the {@link SegmentStore}, members kept in memory per tenant
 * ({@link SegmentIndex}) and recorded as they change, so that a restart tells true entries from members it already
 * knew. Accepted events reach {@link #stored} from ingestion and are applied in the background, in order, per
 * tenant; a tenant's index is built from its whole history on first use. A tenant without segments costs nothing.
 */
public final class SegmentationService implements ManageSegments, ReadSegments, FindShoppersByAffinity,
        TrainChurnModel {
    public static final int MAX_SEGMENTS = 100;
    public static final int MAX_PAGE = 1_000;
    public static final int MAX_AFFINITY_RESULTS = 10_000;
    private static final System.Logger LOG = System.getLogger(SegmentationService.class.getName());

    private final SegmentStore store;
    private final ShopperHistory history;
    private final BrowseCatalog catalog;
    private final ScoreShoppers scores;
    private final ChurnModelTrainer churnTrainer;
    private final Clock clock;
    private final Executor background;
    private final Map<TenantId, Tenant> tenants = new ConcurrentHashMap<>();
    private final Set<TenantId> withSegments = ConcurrentHashMap.newKeySet();
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong appliedEvents = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong applyNanos = new java.util.concurrent.atomic.AtomicLong();

    /** Events applied to membership as they arrived, and the time that took (for metrics and benchmarks). */
    public record UpdateStats(long events, long nanos) {
    }

    public UpdateStats updateStats() {
        return new UpdateStats(appliedEvents.get(), applyNanos.get());
    }

    public SegmentationService(SegmentStore store, ShopperHistory history, BrowseCatalog catalog, ScoreShoppers scores,
                               ChurnModelTrainer churnTrainer, Clock clock, Executor background) {
        this.store = store;
        this.history = history;
        this.catalog = catalog;
        this.scores = scores;
        this.churnTrainer = churnTrainer;
        this.clock = clock;
        this.background = background;
        withSegments.addAll(store.tenantsWithSegments());
    }

    public void addListener(MembershipListener listener) {
        listeners.add(listener);
    }

    /** Newly stored events of a tenant (from ingestion): applied in the background, in arrival order. */
    public void stored(TenantId tenant, List<ShopperEvent> fresh) {
        if (fresh.isEmpty() || !withSegments.contains(tenant)) {
            return;
        }
        Tenant t = tenant(tenant);
        t.queue.add(fresh);
        if (t.draining.compareAndSet(false, true)) {
            background.execute(() -> drain(t));
        }
    }

    private void drain(Tenant t) {
        try {
            while (true) {
                List<ShopperEvent> batch = new ArrayList<>();
                for (List<ShopperEvent> next; (next = t.queue.poll()) != null; ) {
                    batch.addAll(next);
                }
                if (batch.isEmpty()) {
                    break;
                }
                t.lock.lock();
                try {
                    if (t.index != null) {
                        // Otherwise the build reads these events from the store.
                        long started = System.nanoTime();
                        List<MembershipChanges> changes = t.index.apply(batch, clock.instant());
                        applyNanos.addAndGet(System.nanoTime() - started);
                        appliedEvents.addAndGet(batch.size());
                        record(t, changes);
                    }
                } finally {
                    t.lock.unlock();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "segment update failed tenant=" + t.id + " error="
                    + e.getClass().getName(), e);
        } finally {
            t.draining.set(false);
            if (!t.queue.isEmpty() && t.draining.compareAndSet(false, true)) {
                background.execute(() -> drain(t));
            }
        }
    }

    /** Waits until the tenant's queued events are applied (for tests and for reads that must see them). */
    public void awaitApplied(TenantId tenant) {
        Tenant t = tenants.get(tenant);
        if (t == null) {
            return;
        }
        while (!t.queue.isEmpty() || t.draining.get()) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public Segment create(TenantId tenant, SegmentDraft draft) {
        SegmentRule rule = draft.validate();
        if (store.list(tenant).size() >= MAX_SEGMENTS) {
            throw new io.shelfwise.common.LimitExceededException(
                    io.shelfwise.common.LimitExceededException.Kind.REQUEST_SIZE, "segments",
                    "a tenant has at most " + MAX_SEGMENTS + " segments", null);
        }
        Instant now = clock.instant();
        Segment segment = new Segment("seg-" + UUID.randomUUID().toString().substring(0, 13), draft.name(),
                draft.description(), draft.definition(), rule, 1, now, now);
        store.save(tenant, segment);
        withSegments.add(tenant);
        evaluateNew(tenant, segment);
        return segment;
    }

    @Override
    public Segment update(TenantId tenant, String segmentId, SegmentDraft draft) {
        SegmentRule rule = draft.validate();
        Segment old = get(tenant, segmentId);
        Segment segment = new Segment(old.id(), draft.name(), draft.description(), draft.definition(), rule,
                old.version() + 1, old.createdAt(), clock.instant());
        store.save(tenant, segment);
        evaluateNew(tenant, segment);
        return segment;
    }

    private void evaluateNew(TenantId tenant, Segment segment) {
        Tenant t = tenant(tenant);
        t.lock.lock();
        try {
            if (t.index == null) {
                build(t);
            } else {
                MembershipChanges changes = t.index.put(segment, clock.instant());
                record(t, List.of(changes));
                recordSize(t, segment.id());
            }
        } finally {
            t.lock.unlock();
        }
    }

    @Override
    public Segment get(TenantId tenant, String segmentId) {
        return store.find(tenant, segmentId).orElseThrow(() -> new NotFoundException("segment", segmentId));
    }

    @Override
    public List<Segment> list(TenantId tenant) {
        return store.list(tenant);
    }

    @Override
    public void delete(TenantId tenant, String segmentId) {
        if (!store.delete(tenant, segmentId)) {
            throw new NotFoundException("segment", segmentId);
        }
        Tenant t = tenants.get(tenant);
        if (t != null) {
            t.lock.lock();
            try {
                if (t.index != null) {
                    t.index.remove(segmentId);
                }
            } finally {
                t.lock.unlock();
            }
        }
        if (store.list(tenant).isEmpty()) {
            withSegments.remove(tenant);
            tenants.remove(tenant);
        }
    }

    @Override
    public RecomputeReport recompute(TenantId tenant) {
        if (store.list(tenant).isEmpty()) {
            throw new io.shelfwise.common.ConflictException("the tenant has no segments to evaluate");
        }
        Tenant t = tenant(tenant);
        t.lock.lock();
        try {
            return build(t);
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Evaluates every loaded tenant's segments again with the current catalog and model, and records their sizes:
     * run periodically, so that model-based rules follow a newly promoted model and size history has points.
     */
    public void refreshAll() {
        for (Tenant t : tenants.values()) {
            t.lock.lock();
            try {
                if (t.index != null) {
                    record(t, t.index.evaluateAll(catalog.view(t.id), clock.instant()));
                    for (Segment s : t.index.segments()) {
                        recordSize(t, s.id());
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "segment refresh failed tenant=" + t.id, e);
            } finally {
                t.lock.unlock();
            }
        }
    }

    @Override
    public MembersPage members(TenantId tenant, String segmentId, int offset, int limit) {
        Checks checks = Checks.start();
        if (offset < 0) {
            checks.add("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            checks.add("limit", "must be between 1 and " + MAX_PAGE);
        }
        checks.orThrow();
        List<SegmentMember> all = allMembers(tenant, segmentId);
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        Tenant t = tenant(tenant);
        return new MembersPage(segmentId, all.size(), all.subList(from, to), to < all.size() ? to : null,
                t.index == null ? null : t.index.reference());
    }

    @Override
    public List<SegmentMember> allMembers(TenantId tenant, String segmentId) {
        get(tenant, segmentId);
        Tenant t = loaded(tenant);
        List<SegmentMember> all;
        t.lock.lock();
        try {
            all = new ArrayList<>(t.index.members(segmentId).values());
        } finally {
            t.lock.unlock();
        }
        all.sort(Comparator.comparingDouble(SegmentMember::score).reversed().thenComparing(SegmentMember::userId));
        return all;
    }

    @Override
    public List<ShopperSegment> segmentsOf(TenantId tenant, String userId) {
        Checks.start().text("userId", userId, 128).orThrow();
        List<ShopperSegment> found = new ArrayList<>();
        if (!withSegments.contains(tenant)) {
            return found;
        }
        Tenant t = loaded(tenant);
        t.lock.lock();
        try {
            for (Segment s : t.index.segments()) {
                SegmentMember m = t.index.members(s.id()).get(userId);
                if (m != null) {
                    found.add(new ShopperSegment(s.id(), s.name(), m));
                }
            }
        } finally {
            t.lock.unlock();
        }
        return found;
    }

    @Override
    public List<SegmentSize> sizes(TenantId tenant, String segmentId, Instant since) {
        get(tenant, segmentId);
        return store.sizes(tenant, segmentId, since);
    }

    @Override
    public List<AffinityMatch> find(TenantId tenant, SegmentRule.Target target, int limit) {
        if (limit < 1 || limit > MAX_AFFINITY_RESULTS) {
            Checks.start().add("limit", "must be between 1 and " + MAX_AFFINITY_RESULTS).orThrow();
        }
        var items = ItemFacts.itemsOf(catalog.view(tenant), target, SegmentIndex.MAX_AFFINITY_ITEMS);
        if (items.isEmpty()) {
            throw new NotFoundException(target.kind().name().toLowerCase(java.util.Locale.ROOT), target.value());
        }
        // Every shopper the tenant's segments know, folded into the learned model from their latest events.
        Map<String, List<ShopperTouch>> histories = new java.util.HashMap<>();
        Tenant t = loaded(tenant);
        t.lock.lock();
        try {
            if (t.index != null) {
                ShopperActivity activity = t.index.activity();
                for (ShopperActivity.Shopper s : activity.shoppers()) {
                    histories.put(s.userId, activity.touches(s, SegmentIndex.AFFINITY_HISTORY));
                }
            }
        } finally {
            t.lock.unlock();
        }
        return scores.topShoppers(tenant, histories, items, limit).stream()
                .map(s -> new AffinityMatch(s.userId(), s.score())).toList();
    }

    @Override
    public ChurnReport train(TenantId tenant, int horizonDays) {
        if (horizonDays < 1 || horizonDays > 180) {
            Checks.start().add("horizonDays", "must be between 1 and 180").orThrow();
        }
        Tenant t = tenant(tenant);
        t.lock.lock();
        try {
            ShopperActivity activity;
            if (t.index != null) {
                activity = t.index.activity();
            } else {
                SegmentIndex scratch = new SegmentIndex(catalog.view(tenant), (h, items) -> java.util.OptionalDouble.empty());
                history.forEachEvent(tenant, scratch::load);
                scratch.loaded();
                activity = scratch.activity();
            }
            ChurnReport report = ChurnTraining.train(activity, horizonDays, churnTrainer, clock.instant());
            store.saveChurnModel(tenant, report);
            LOG.log(System.Logger.Level.INFO, "churn model trained tenant=" + tenant + " auc=" + report.auc()
                    + " recencyAuc=" + report.baselineAuc() + " examples=" + report.trainExamples());
            if (t.index != null) {
                t.index.churnModel(report);
                record(t, t.index.evaluateAll(catalog.view(tenant), clock.instant()));
                for (Segment s : t.index.segments()) {
                    recordSize(t, s.id());
                }
            }
            return report;
        } finally {
            t.lock.unlock();
        }
    }

    @Override
    public Optional<ChurnReport> current(TenantId tenant) {
        return store.churnModel(tenant);
    }

    private Tenant tenant(TenantId tenant) {
        return tenants.computeIfAbsent(tenant, Tenant::new);
    }

    private Tenant loaded(TenantId tenant) {
        Tenant t = tenant(tenant);
        t.lock.lock();
        try {
            if (t.index == null) {
                build(t);
            }
        } finally {
            t.lock.unlock();
        }
        return t;
    }

    /** Builds the tenant's index from its whole history, then records what differs from the stored members. */
    private RecomputeReport build(Tenant t) {
        long started = System.nanoTime();
        t.queue.clear();
        SegmentIndex index = new SegmentIndex(catalog.view(t.id), (touches, items) -> scores.affinity(t.id, touches,
                items));
        history.forEachEvent(t.id, index::load);
        index.loaded();
        store.churnModel(t.id).ifPresent(index::churnModel);
        long read = System.nanoTime();
        Instant now = clock.instant();
        for (Segment s : store.list(t.id)) {
            index.put(s, now);
        }
        Duration evaluation = Duration.ofNanos(System.nanoTime() - read);
        // What the store already knows is not an entry: keep its 'since', record only true differences.
        List<MembershipChanges> changes = new ArrayList<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Segment s : index.segments()) {
            Map<String, SegmentMember> known = store.members(t.id, s.id());
            Map<String, SegmentMember> now1 = index.members(s.id());
            List<SegmentMember> entered = new ArrayList<>();
            for (var e : new HashMap<>(now1).entrySet()) {
                SegmentMember was = known.get(e.getKey());
                if (was == null) {
                    entered.add(e.getValue());
                } else {
                    now1.put(e.getKey(), new SegmentMember(e.getKey(), e.getValue().score(), e.getValue().reason(),
                            was.since()));
                }
            }
            List<String> left = known.keySet().stream().filter(u -> !now1.containsKey(u)).toList();
            changes.add(new MembershipChanges(s.id(), entered, left));
            sizes.put(s.id(), (long) now1.size());
        }
        t.index = index;
        record(t, changes);
        for (Segment s : index.segments()) {
            recordSize(t, s.id());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.log(System.Logger.Level.INFO, "segments evaluated tenant=" + t.id + " events="
                + index.activity().eventCount() + " shoppers=" + index.activity().shopperCount() + " segments="
                + sizes.size() + " ms=" + took.toMillis() + " evaluation_ms=" + evaluation.toMillis());
        return new RecomputeReport(index.activity().eventCount(), index.activity().shopperCount(), index.reference(),
                sizes, took, evaluation);
    }

    private void record(Tenant t, List<MembershipChanges> changes) {
        for (MembershipChanges c : changes) {
            if (c.isEmpty()) {
                continue;
            }
            store.applyMembership(t.id, c);
            Segment segment = t.index == null ? null : t.index.segments().stream()
                    .filter(s -> s.id().equals(c.segmentId())).findFirst().orElse(null);
            if (segment != null) {
                for (MembershipListener l : listeners) {
                    try {
                        l.changed(t.id, segment, c);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "membership listener failed tenant=" + t.id, e);
                    }
                }
            }
        }
    }

    private void recordSize(Tenant t, String segmentId) {
        store.recordSize(t.id, segmentId, clock.instant(), t.index.members(segmentId).size());
    }

    private static final class Tenant {
        final TenantId id;
        final ReentrantLock lock = new ReentrantLock();
        final ConcurrentLinkedQueue<List<ShopperEvent>> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean draining = new AtomicBoolean();
        SegmentIndex index;

        Tenant(TenantId id) {
            this.id = id;
        }
    }

}
