package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.common.Checks;
import io.shelfwise.events.EventType;
import io.shelfwise.events.RecentActivity;
import io.shelfwise.events.port.in.ReadShopperEvents;
import io.shelfwise.recommendation.DataWindow;
import io.shelfwise.recommendation.RecommendationFilters;
import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.RecommendationSettings;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.ScoredItem;
import io.shelfwise.recommendation.port.in.ConfigureRecommendations;
import io.shelfwise.recommendation.port.in.RecommendForSurfaces;
import io.shelfwise.recommendation.port.out.InteractionHistory;
import io.shelfwise.recommendation.ranking.CategoryTasteModel;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import io.shelfwise.recommendation.ranking.EventWeights;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.LongTermProfiles;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.ServingBlend;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.ranking.TransitionModel;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Home, product-page and cart recommendations per tenant. Item co-occurrence in sessions and baskets (with
 * popularity to fill) is learned from the tenant's recent events and rebuilt in the background when it ages; once
 * the tenant has an active learned model ({@link ServingModels}), lists blend it with co-occurrence
 * ({@link ServingBlend}), the shopper folded into it from their latest events. Those events are read on every
 * request ({@link ReadShopperEvents#activityOf}, held in memory), so what the shopper just did counts at once,
 * without retraining. The product page blends behavioural
 * neighbours with content neighbours from the catalog ({@link SimilarItems}), so a new item without events still
 * gets a list of look-alikes. Every list passes the business filters: in stock always, plus the request's
 * {@link RecommendationFilters}; stock and item details come from the tenant's catalog held in memory
 * ({@link BrowseCatalog#view}), so serving reads no catalog rows.
 */
public final class SurfaceService implements RecommendForSurfaces {
    public static final int MAX_LIMIT = 100;
    private static final System.Logger LOG = System.getLogger(SurfaceService.class.getName());
    /** How much each kind of event makes an item one of the shopper's recent items on home. */
    private static final EventWeights RECENT_WEIGHTS = EventWeights.standard();
    /** A changed catalog's content index is rebuilt at most this often (the queried item is always current). */
    private static final Duration CONTENT_REBUILD = Duration.ofSeconds(1);

    private final InteractionHistory history;
    private final ReadShopperEvents shopperEvents;
    private final BrowseCatalog catalog;
    private final RecommendationLogWriter log;
    private final Clock clock;
    private final Settings settings;
    private final Supplier<UUID> ids;
    /** A co-occurrence model nobody asked for in this long leaves memory (rebuilt on the tenant's next request). */
    private static final Duration MODEL_IDLE = Duration.ofMinutes(30);
    private final RefreshingCache<TenantId, Behaviour> models;
    /** The transitions and long-term profiles of the tenants whose home recipe uses them, built in the background. */
    private final RefreshingCache<TenantId, Sequences> sequences;
    private final ServingModels learned;
    private final ConfigureRecommendations tenantSettings;
    private final ContentNeighbours content;
    /** The tenant's bestsellers, served while its co-occurrence model is first built (in the background). */
    private final java.util.function.Function<TenantId, List<ItemId>> bestsellers;
    /**
     * At most one tenant's learned model and catalog are loaded on a request's path at a time, so that a wave of
     * tenants evicted from memory (a pooled process holding fewer tenants than it serves) cannot take every request
     * slot and CPU while the tenants held wait behind them ({@link #answer}).
     */
    private final Semaphore loads = new Semaphore(1, true);
    /** Loads of tenants that were answered from {@link #whileLoading}, one at a time, off the request path. */
    private final ExecutorService loader = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("shelfwise-tenant-loader").factory());
    /** The tenants whose load {@link #loader} has queued or is running. */
    private final Set<TenantId> queuedLoads = ConcurrentHashMap.newKeySet();
    /** Per tenant, its first in-stock bestsellers as last served, answered from while it is loaded again. */
    private final TenantCaches.TenantCache<HeldBestsellers> whileLoading;
    private final AtomicLong answeredWhileLoading = new AtomicLong();
    /** Queued background loads at most; a tenant past it is answered from its bestsellers and queued later. */
    private static final int MAX_QUEUED_LOADS = 64;
    /** Bestsellers held per tenant for {@link #whileLoading}, and how often they are taken again while it is held. */
    private static final int HELD_BESTSELLERS = 50;
    private static final Duration BESTSELLERS_REFRESH = Duration.ofMinutes(1);
    /** Held bestsellers older than this (their tenant not served in full since) are not answered from. */
    private static final Duration HELD_BESTSELLERS_AGE = Duration.ofMinutes(10);
    /** The model name of a list answered from the held bestsellers while the tenant loads. */
    static final String WHILE_LOADING = "popularity-while-loading";

    /** A tenant's first in-stock bestsellers (with their details) as of {@code taken}. */
    private record HeldBestsellers(Instant taken, List<Item> items) {
        long bytes() {
            return 64 + 320L * items.size();
        }
    }

    /**
     * @param window    how far back the model learns from
     * @param maxEvents the most recent events it learns from at most
     * @param modelTtl  how long a model is used before it is rebuilt in the background
     */
    public record Settings(Duration window, int maxEvents, Duration modelTtl) {
    }

    public SurfaceService(InteractionHistory history, ReadShopperEvents shopperEvents, BrowseCatalog catalog,
                          RecommendationLogWriter log, Clock clock, Settings settings, Supplier<UUID> ids,
                          Executor background, ServingModels learned, ConfigureRecommendations tenantSettings,
                          TenantCaches caches, long modelBudgetBytes) {
        this(history, shopperEvents, catalog, log, clock, settings, ids, background, learned, tenantSettings,
                tenant -> List.of(), caches, modelBudgetBytes);
    }

    /**
     * @param bestsellers the tenant's most popular items, served (through the same filters) while its co-occurrence
     *                    model is first built in the background, so that no request waits for the build
     * @param caches      where the tenants' co-occurrence models are held, within {@code modelBudgetBytes}
     *                    (estimated); one evicted is rebuilt in the background, bestsellers served meanwhile; and
     *                    their content indexes (product page), within a quarter of that besides
     */
    public SurfaceService(InteractionHistory history, ReadShopperEvents shopperEvents, BrowseCatalog catalog,
                          RecommendationLogWriter log, Clock clock, Settings settings, Supplier<UUID> ids,
                          Executor background, ServingModels learned, ConfigureRecommendations tenantSettings,
                          java.util.function.Function<TenantId, List<ItemId>> bestsellers, TenantCaches caches,
                          long modelBudgetBytes) {
        this.bestsellers = bestsellers;
        this.history = history;
        this.shopperEvents = shopperEvents;
        this.catalog = catalog;
        this.log = log;
        this.clock = clock;
        this.settings = settings;
        this.ids = ids;
        // Built one at a time (a lane of the background pool): after evictions, a wave of rebuilds takes one core.
        this.models = new RefreshingCache<>(this::rebuild, clock, settings.modelTtl(),
                new SerialExecutor(background), RefreshingCache.Store.bounded(caches, "cooccurrence",
                modelBudgetBytes, MODEL_IDLE, Behaviour::bytes));
        // A quarter of the co-occurrence budget besides it, asked for only where a home recipe uses them.
        this.sequences = new RefreshingCache<>(this::rebuildSequences, clock, settings.modelTtl(), background,
                RefreshingCache.Store.bounded(caches, "sequences", modelBudgetBytes / 4, MODEL_IDLE,
                        Sequences::bytes));
        this.learned = learned;
        this.tenantSettings = tenantSettings;
        // The content indexes get a quarter of the co-occurrence budget on top of it.
        this.content = new ContentNeighbours(catalog, clock, CONTENT_REBUILD, background, caches,
                modelBudgetBytes / 4, MODEL_IDLE);
        // ~16 kB a tenant: a 16th of the co-occurrence budget (~36 MB in a 4 GiB heap) holds ~2,000 tenants.
        this.whileLoading = caches.create("loading-bestsellers", Math.max(1L << 20, modelBudgetBytes / 16),
                MODEL_IDLE, HeldBestsellers::bytes);
    }

    /**
     * Builds now what a tenant's first requests would otherwise build inline: its active learned model and its
     * co-occurrence model.
     */
    public void warm(TenantId tenant) {
        shopperEvents.preloadActivity(tenant);
        learned.reload(tenant);
        models.get(tenant);  // inline: warming is for waiting until the first request needs nothing built
        catalog.view(tenant);
    }

    @Override
    public Recommendations home(TenantId tenant, String userId, int limit, RecommendationFilters filters) {
        Checks.start().text("userId", userId, 128).orThrow();
        checkLimit(limit);
        return answer(tenant, "home", userId, Set.of(), limit, filters, () -> homeNow(tenant, userId, limit, filters));
    }

    private Recommendations homeNow(TenantId tenant, String userId, int limit, RecommendationFilters filters) {
        RecentActivity recent = activityOf(tenant, userId);
        Behaviour built = models.getOrStart(tenant);
        CooccurrenceModel model = built != null ? built.cooccurrence() : bestsellersOnly(tenant);
        // Where the recipe uses them: where shoppers went next, and the shopper's long-term profile (until they are
        // first built in the background, home serves without them).
        // The served version read once, so that the history and the ranking follow the same recipe.
        Optional<ServingModels.Served> served = learned.current(tenant);
        HomeRecipe recipe = served.map(ServingModels.Served::home).orElseGet(() -> learned.homeWithoutModel(tenant));
        Sequences extra = built != null && (recipe.usesSequence() || recipe.longTermProfile())
                ? sequences.getOrStart(tenant) : null;
        Ranker ranker = built == null ? new Bestsellers(model) : ranker(tenant, model, Surface.HOME, built,
                extra == null ? null : extra.transitions(), served);
        List<Interaction> history = interactions(recent);
        if (extra != null && recipe.longTermProfile()) {
            history = extra.profiles().extend(userId, history);
        }
        List<ItemId> candidates = ranker.home(history, candidates(limit));
        return serve(tenant, model, ranker, "home", userId, candidates, Set.of(), recent, limit, filters);
    }

    /**
     * The shopper's activity; the tenant's first such read in this process also starts the background preload of
     * its most active shoppers, so that after a restart requests stop reading their
     * shoppers from the store one by one within seconds rather than after tens of thousands of requests.
     */
    private RecentActivity activityOf(TenantId tenant, String userId) {
        shopperEvents.preloadActivity(tenant);
        return shopperEvents.activityOf(tenant, userId);
    }

    @Override
    public Recommendations similar(TenantId tenant, ItemId item, String userId, int limit,
                                   RecommendationFilters filters) {
        Checks.start().optionalText("userId", userId, 128).orThrow();
        checkLimit(limit);
        return answer(tenant, "similar", userId, Set.of(item), limit, filters,
                () -> similarNow(tenant, item, userId, limit, filters));
    }

    private Recommendations similarNow(TenantId tenant, ItemId item, String userId, int limit,
                                       RecommendationFilters filters) {
        RecentActivity recent = userId == null ? RecentActivity.EMPTY : activityOf(tenant, userId);
        Behaviour built = models.getOrStart(tenant);
        CooccurrenceModel model = built != null ? built.cooccurrence() : bestsellersOnly(tenant);
        Ranker ranker = built == null ? new Bestsellers(model)
                : ranker(tenant, new WithContent(tenant, model), Surface.SIMILAR, built, null);
        List<ItemId> candidates = ranker.similar(item, candidates(limit));
        return serve(tenant, model, ranker, "similar", userId, candidates, Set.of(item), recent, limit, filters);
    }

    @Override
    public Recommendations cart(TenantId tenant, List<ItemId> cartItems, String userId, int limit,
                                RecommendationFilters filters) {
        Checks.start().optionalText("userId", userId, 128).orThrow();
        checkLimit(limit);
        if (cartItems.isEmpty() || cartItems.size() > 100) {
            throw io.shelfwise.common.ValidationException.of("itemIds", "give 1..100 cart item ids");
        }
        return answer(tenant, "cart", userId, Set.copyOf(cartItems), limit, filters,
                () -> cartNow(tenant, cartItems, userId, limit, filters));
    }

    private Recommendations cartNow(TenantId tenant, List<ItemId> cartItems, String userId, int limit,
                                    RecommendationFilters filters) {
        RecentActivity recent = userId == null ? RecentActivity.EMPTY : activityOf(tenant, userId);
        Behaviour built = models.getOrStart(tenant);
        CooccurrenceModel model = built != null ? built.cooccurrence() : bestsellersOnly(tenant);
        Ranker ranker = built == null ? new Bestsellers(model) : ranker(tenant, model, Surface.CART, built, null);
        List<ItemId> candidates = ranker.cart(cartItems, interactions(recent), candidates(limit));
        return serve(tenant, model, ranker, "cart", userId, candidates, Set.copyOf(cartItems), recent, limit,
                filters);
    }

    /**
     * {@code served} when the tenant's catalog and learned model are in memory, or when this request may load them
     * (no other load is running). While another load runs, a tenant that was served before is answered from its
     * held bestsellers (through the same filters; model {@value #WHILE_LOADING}) and loaded in the background, one
     * tenant at a time; a tenant never served in this process waits its turn to load. So evictions cost the evicted
     * tenants a less personal list for a while, never the other tenants their latency.
     */
    private Recommendations answer(TenantId tenant, String surface, String userId, Set<ItemId> excluded, int limit,
                                   RecommendationFilters filters, Supplier<Recommendations> served) {
        return answer(tenant, surface, userId, excluded, limit, filters, false, served);
    }

    /** As above; with {@code waitForLoad} the tenant waits its turn to load rather than get its held bestsellers. */
    private Recommendations answer(TenantId tenant, String surface, String userId, Set<ItemId> excluded, int limit,
                                   RecommendationFilters filters, boolean waitForLoad,
                                   Supplier<Recommendations> served) {
        if (catalog.isHeld(tenant) && learned.isHeld(tenant)) {
            return served.get();
        }
        // In turn (a fair permit; the timed try honours the queue): the loader must not keep taking it back.
        if (!tryLoad()) {
            HeldBestsellers held = waitForLoad ? null : whileLoading.getIfPresent(tenant);
            if (held != null && clock.instant().isBefore(held.taken().plus(HELD_BESTSELLERS_AGE))) {
                loadInBackground(tenant);
                answeredWhileLoading.incrementAndGet();
                // Stock and details as they are now where the catalog is held (only the model is being loaded).
                List<Item> items = catalog.isHeld(tenant)
                        ? catalog.inStock(tenant, held.items().stream().map(Item::id).toList()) : held.items();
                return fromBestsellers(tenant, surface, userId, items, excluded, limit, filters);
            }
            loads.acquireUninterruptibly();
        }
        try {
            return served.get();
        } finally {
            loads.release();
        }
    }

    private boolean tryLoad() {
        try {
            return loads.tryAcquire(0, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Home for a message (a campaign's email or push): never the held bestsellers of a tenant being loaded, since
     * a message is not waited for as a page is, and keeps what it was given. Waits its turn to load instead.
     */
    @Override
    public Recommendations homeForMessage(TenantId tenant, String userId, int limit, RecommendationFilters filters) {
        Checks.start().text("userId", userId, 128).orThrow();
        checkLimit(limit);
        return answer(tenant, "home", userId, Set.of(), limit, filters, true,
                () -> homeNow(tenant, userId, limit, filters));
    }

    /** Lists answered from the held bestsellers while their tenant was loaded again (since the start). */
    public long answeredWhileLoading() {
        return answeredWhileLoading.get();
    }

    /** Loads the tenant's learned model and catalog (and starts its co-occurrence model) on {@link #loader}. */
    private void loadInBackground(TenantId tenant) {
        if (queuedLoads.size() >= MAX_QUEUED_LOADS || !queuedLoads.add(tenant)) {
            return;
        }
        try {
            loader.execute(() -> {
                loads.acquireUninterruptibly();
                try {
                    learned.current(tenant);
                    catalog.view(tenant);
                    models.getOrStart(tenant);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "event=tenant_load_failed tenant=" + tenant + " error=" + e);
                } finally {
                    loads.release();
                    queuedLoads.remove(tenant);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queuedLoads.remove(tenant);
        }
    }

    /** {@code held} (a tenant's in-stock bestsellers as last served) through the request's filters. */
    private Recommendations fromBestsellers(TenantId tenant, String surface, String userId, List<Item> held,
                                            Set<ItemId> excluded, int limit, RecommendationFilters filters) {
        // The shopper's own activity only (one read if not held): no preload, nothing loaded for the tenant.
        RecentActivity recent = userId == null ? RecentActivity.EMPTY : shopperEvents.activityOf(tenant, userId);
        RecommendationSettings defaults = tenantSettings.settings(tenant);
        Set<ItemId> boughtRecently = boughtWithin(recent, filters.excludeBoughtDays() != null
                ? filters.excludeBoughtDays() : defaults.excludeBoughtDays());
        List<ScoredItem> result = new ArrayList<>(limit);
        admit(held, held.stream().map(Item::id).toList(), excluded, boughtRecently, defaults, filters,
                new HashMap<>(), result, limit);
        Recommendations recommendations = new Recommendations(ids.get().toString(), surface, WHILE_LOADING, result);
        logAsync(tenant, userId, recommendations);
        return recommendations;
    }

    /** Takes the tenant's first in-stock bestsellers ({@code model}'s popularity order) when due. */
    private void holdBestsellers(TenantId tenant, CooccurrenceModel model) {
        HeldBestsellers held = whileLoading.getIfPresent(tenant);
        Instant now = clock.instant();
        if (held == null || !now.isBefore(held.taken().plus(BESTSELLERS_REFRESH))) {
            whileLoading.put(tenant, new HeldBestsellers(now,
                    List.copyOf(catalog.inStock(tenant, model.home(List.of(), HELD_BESTSELLERS)))));
        }
    }

    /**
     * What {@code surface} serves: without a model, {@code behaviour} alone, or the bestsellers where the newest
     * evaluation found them better; with one, what its gate chose
     * for the surface on held-out days: the model blended with {@code behaviour}, {@code behaviour} alone, or the
     * bestsellers ({@code model}'s popularity order) where both lost to them.
     */
    private Ranker ranker(TenantId tenant, Ranker behaviour, Surface surface, Behaviour built,
                          TransitionModel sequence) {
        return ranker(tenant, behaviour, surface, built, sequence, learned.current(tenant));
    }

    private Ranker ranker(TenantId tenant, Ranker behaviour, Surface surface, Behaviour built,
                          TransitionModel sequence, Optional<ServingModels.Served> served) {
        if (served.isEmpty()) {
            return learned.choiceWithoutModel(tenant, surface) == GateResult.Choice.POPULARITY
                    ? new Bestsellers(built.cooccurrence())
                    : personal(tenant, surface, behaviour, null, learned.homeWithoutModel(tenant), built.taste(),
                    sequence);
        }
        ServingModels.Served model = served.get();
        HomeRecipe recipe = model.home();
        return switch (model.choice(surface)) {
            // On home the learned model weighs what the recipe gives it against co-occurrence.
            case MODEL -> personal(tenant, surface, ServingBlend.of(model.name() + "+" + behaviour.name(),
                    model.ranker(), behaviour, recipe.blendWeight()), surface != Surface.HOME
                    || model.itemRanker() == null ? null : ServingBlend.of(model.itemModelName() + "+"
                    + behaviour.name(), model.itemRanker(), behaviour, recipe.blendWeight()),
                    recipe, built.taste(), sequence);
            case COOCCURRENCE -> personal(tenant, surface, behaviour, null, recipe, built.taste(), sequence);
            // Chosen for cart or product page only, where EASE's lists beat the blend; never without its item model.
            case EASE -> model.itemRanker() == null ? behaviour : ServingBlend.itemModelFirst(model.itemModelName()
                    + "+" + behaviour.name(), model.itemRanker(), behaviour);
            case POPULARITY -> new Bestsellers(built.cooccurrence());
        };
    }

    /**
     * A personalised list as it serves: on home, composed by the recipe (ranked from {@code easeRanker}, EASE's
     * blend, where the recipe's learner is EASE; taste; the shopper's recent items unless the tenant turned them
     * off). Stock is checked by the business filters of every list ({@link #serve}), so the recent
     * items need no test here.
     */
    private Ranker personal(TenantId tenant, Surface surface, Ranker ranker, Ranker easeRanker, HomeRecipe recipe,
                            CategoryTasteModel taste, TransitionModel sequence) {
        return surface == Surface.HOME ? recipe.apply(ranker, easeRanker, taste, sequence, RECENT_WEIGHTS, id -> true,
                tenantSettings.settings(tenant).recentItemsOnHome()) : ranker;
    }

    /**
     * What serves while the tenant's co-occurrence model is first built in the background (after a start, or for a
     * tenant's first request): no item graph, only the bestsellers' order, so no request waits for the build.
     */
    private CooccurrenceModel bestsellersOnly(TenantId tenant) {
        return CooccurrenceModel.train(List.of(), id -> true, new PopularityRanker(bestsellers.apply(tenant),
                id -> true), CooccurrenceModel.Config.defaults());
    }

    /** The bestsellers, whatever the shopper, cart or item: the co-occurrence model's popularity order. */
    private record Bestsellers(CooccurrenceModel model) implements Ranker {
        @Override
        public String name() {
            return "popularity";
        }

        @Override
        public List<ItemId> home(List<Interaction> history, int k) {
            return model.home(List.of(), k);
        }

        @Override
        public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
            return model.home(List.of(), k);
        }

        @Override
        public List<ItemId> similar(ItemId item, int k) {
            return model.home(List.of(), k);
        }
    }

    /** Co-occurrence whose product-page list blends in the item's content neighbours ({@link SimilarItems}). */
    private final class WithContent implements Ranker {
        private final TenantId tenant;
        private final CooccurrenceModel cooccurrence;

        WithContent(TenantId tenant, CooccurrenceModel cooccurrence) {
            this.tenant = tenant;
            this.cooccurrence = cooccurrence;
        }

        @Override
        public String name() {
            return cooccurrence.name() + "+content";
        }

        @Override
        public List<ItemId> home(List<Interaction> history, int k) {
            return cooccurrence.home(history, k);
        }

        @Override
        public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
            return cooccurrence.cart(cartItems, history, k);
        }

        @Override
        public List<ItemId> similar(ItemId item, int k) {
            Item seed = catalog.view(tenant).find(item);
            List<ContentIndex.Match> alike = seed == null ? List.of() : content.similar(tenant, seed, k);
            return SimilarItems.blend(item, cooccurrence.neighbours(item), alike, k);
        }
    }

    private Recommendations serve(TenantId tenant, CooccurrenceModel model, Ranker ranker, String surface,
                                  String userId,
                                  List<ItemId> ranked,
                                  Set<ItemId> excluded, RecentActivity recent, int limit,
                                  RecommendationFilters filters) {
        RecommendationSettings defaults = tenantSettings.settings(tenant);
        Set<ItemId> boughtRecently = boughtWithin(recent, filters.excludeBoughtDays() != null
                ? filters.excludeBoughtDays() : defaults.excludeBoughtDays());
        // The model's list, then the popular items, both through the same filters.
        LinkedHashSet<ItemId> ordered = new LinkedHashSet<>(ranked);
        ordered.addAll(model.home(List.of(), candidates(limit)));
        List<ItemId> pool = new ArrayList<>(ordered);
        Map<String, Integer> perBrand = new HashMap<>();
        List<ScoredItem> result = new ArrayList<>(limit);
        // Stock is looked up a chunk at a time, so a full list usually costs one small lookup.
        int chunk = Math.max(limit * 2, 20);
        for (int from = 0; from < pool.size() && result.size() < limit; from += chunk) {
            List<ItemId> slice = pool.subList(from, Math.min(pool.size(), from + chunk));
            admit(catalog.inStock(tenant, slice), slice, excluded, boughtRecently, defaults, filters, perBrand, result,
                    limit);
        }
        if (result.size() < limit) {
            // A store without enough signals yet (cold start) still gets in-stock items.
            Set<ItemId> taken = new HashSet<>(excluded);
            result.forEach(r -> taken.add(r.item().id()));
            List<Item> any = catalog.anyInStock(tenant, limit * 3 + taken.size()).stream()
                    .filter(i -> !taken.contains(i.id())).toList();
            admit(any, any.stream().map(Item::id).toList(), excluded, boughtRecently, defaults, filters, perBrand,
                    result, limit);
        }
        Recommendations recommendations = new Recommendations(ids.get().toString(), surface, ranker.name(), result);
        logAsync(tenant, userId, recommendations);
        holdBestsellers(tenant, model);
        return recommendations;
    }

    /** Adds the {@code found} items in {@code order} that pass every rule, until the list holds {@code limit}. */
    private static void admit(List<Item> found, List<ItemId> order, Set<ItemId> excluded, Set<ItemId> boughtRecently,
                              RecommendationSettings defaults, RecommendationFilters filters, Map<String, Integer> perBrand, List<ScoredItem> result,
                              int limit) {
        Map<ItemId, Item> byId = new HashMap<>();
        found.forEach(i -> byId.put(i.id(), i));
        for (ItemId id : order) {
            Item item = byId.get(id);
            if (result.size() >= limit) {
                return;
            }
            if (item == null || excluded.contains(id) || !filters.admits(item)
                    || (boughtRecently.contains(id) && !defaults.isRepeatPurchase(item))) {
                continue;
            }
            if (filters.maxPerBrand() > 0 && item.brand() != null
                    && perBrand.merge(item.brand(), 1, Integer::sum) > filters.maxPerBrand()) {
                continue;
            }
            result.add(new ScoredItem(item, 1.0 / (result.size() + 1)));
        }
    }

    private Behaviour rebuild(TenantId tenant) {
        // The window ends at the tenant's newest event, so that an imported history of any age is learned from.
        Instant end = DataWindow.end(history.newestEventAt(tenant), clock.instant());
        var events = history.eventsSince(tenant, end.minus(settings.window()), settings.maxEvents());
        // Stock is checked per request against the catalog, so the model itself admits every item. The model and its
        // bestseller fallback hold the catalog's ids: each event row read from the store has ids of its own.
        java.util.function.UnaryOperator<ItemId> same = catalog.sameIds(tenant);
        CooccurrenceModel model = CooccurrenceModel.train(events, id -> true,
                PopularityRanker.train(events, id -> true, PopularityModel.standard()).withIds(same),
                CooccurrenceModel.Config.defaults(), same).movedTo(learned.memory());
        // The shoppers' category and brand taste over the catalog as it stands, for the home recipes that use it.
        CategoryTasteModel taste = CategoryTasteModel.train("taste", events,
                List.copyOf(catalog.view(tenant).items()), id -> true, PopularityModel.standard(), RECENT_WEIGHTS, CategoryTasteModel.Config.defaults());
        LOG.log(System.Logger.Level.DEBUG, () -> "event=surface_model_built tenant=" + tenant + " events="
                + events.size());
        return new Behaviour(model, taste);
    }

    /**
     * Where the tenant's shoppers went next, and its regulars' long-term profiles, from the whole window: built only
     * for a tenant whose home recipe uses either.
     */
    private Sequences rebuildSequences(TenantId tenant) {
        Instant end = DataWindow.end(history.newestEventAt(tenant), clock.instant());
        var events = history.eventsSince(tenant, end.minus(settings.window()), settings.maxEvents());
        Sequences built = new Sequences(TransitionModel.train("sequence", events, id -> true, RECENT_WEIGHTS,
                TransitionModel.Config.defaults()), LongTermProfiles.of(events, RecentActivity.DEPTH,
                LongTermProfiles.DEFAULT_ITEMS, RECENT_WEIGHTS));
        LOG.log(System.Logger.Level.DEBUG, () -> "event=sequences_built tenant=" + tenant + " events="
                + events.size() + " profiles=" + built.profiles().shoppers());
        return built;
    }

    private record Sequences(TransitionModel transitions, LongTermProfiles profiles) {
        long bytes() {
            return transitions.bytes() + profiles.bytes();
        }
    }

    /** What a tenant's events teach serving without a learned model: items bought together, and shoppers' taste. */
    private record Behaviour(CooccurrenceModel cooccurrence, CategoryTasteModel taste) {
        long bytes() {
            return cooccurrence.bytes() + taste.bytes();
        }
    }

    private static List<Interaction> interactions(RecentActivity newestFirst) {
        List<Interaction> oldestFirst = new ArrayList<>();
        for (int e = newestFirst.eventCount() - 1; e >= 0; e--) {
            EventType type = newestFirst.type(e);
            Instant at = newestFirst.occurredAt(e);
            for (ItemId item : newestFirst.itemsOf(e)) {
                oldestFirst.add(new Interaction(item, type, at));
            }
        }
        return oldestFirst;
    }

    private Set<ItemId> boughtWithin(RecentActivity recent, int days) {
        if (days == 0) {
            return Set.of();
        }
        Instant since = clock.instant().minus(Duration.ofDays(days));
        Set<ItemId> bought = new HashSet<>();
        for (int e = 0; e < recent.eventCount(); e++) {
            if (recent.type(e) == EventType.PURCHASE && !recent.occurredAt(e).isBefore(since)) {
                bought.addAll(recent.itemsOf(e));
            }
        }
        return bought;
    }

    private void logAsync(TenantId tenant, String userId, Recommendations recommendations) {
        log.submit(tenant, RecommendationLogEntry.of(recommendations, userId, clock.instant()));
    }

    private static int candidates(int limit) {
        return Math.min(1000, limit * 5 + 20);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw io.shelfwise.common.ValidationException.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

}
