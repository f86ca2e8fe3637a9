package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ranking.EventWeights;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.FactorRanker;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.ModelMemory;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.SparseItemModel;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.registry.ActiveModelListener;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The learned model each tenant is served with: the registry's active version, loaded once and held in memory.
 * A request reads the tenant's current model once and uses that object to the end, and a new model replaces the
 * old one by one reference write after it is fully loaded, so a swap never fails or mixes a request. The active
 * pointer is re-read in the background every {@code checkEvery} (how replicas pick up a promotion made
 * elsewhere); {@link #reload} applies a change at once (this process's promote and rollback call it). A model that
 * fails to load leaves the current one serving.
 */
public final class ServingModels implements ActiveModelListener {
    private static final System.Logger LOG = System.getLogger(ServingModels.class.getName());
    // Serving checks stock per request against the catalog, and the blend fills with popularity, so the factor
    // ranker itself admits every item and has nothing to fall back on.
    private static final PopularityRanker NO_FALLBACK = new PopularityRanker(List.of(), id -> true);

    private final ModelRegistry registry;
    private final Clock clock;
    private final Duration checkEvery;
    private final Executor background;
    private final TenantCaches.TenantCache<Slot> slots;
    private final Function<TenantId, UnaryOperator<ItemId>> sameIds;
    private final ModelMemory memory;

    /**
     * Models are held within {@code budgetBytes} (estimated), and one nobody asked for within {@code idle} is
     * dropped; an evicted tenant's model is loaded again from its artifacts on its next request.
     */
    public ServingModels(ModelRegistry registry, Clock clock, Duration checkEvery, Executor background,
                         TenantCaches caches, long budgetBytes, Duration idle) {
        this(registry, clock, checkEvery, background, caches, budgetBytes, idle, tenant -> UnaryOperator.identity());
    }

    /**
     * As above; a loaded model's item ids are replaced by {@code sameIds} of the tenant (the catalog's instances),
     * so that a served model holds no copy of them.
     */
    public ServingModels(ModelRegistry registry, Clock clock, Duration checkEvery, Executor background,
                         TenantCaches caches, long budgetBytes, Duration idle,
                         Function<TenantId, UnaryOperator<ItemId>> sameIds) {
        this(registry, clock, checkEvery, background, caches, budgetBytes, idle, sameIds, ModelMemory.HEAP);
    }

    /**
     * As above; each loaded model's large arrays (panels, EASE weights) are held in {@code memory}, and serving's
     * other models (co-occurrence) are moved there too ({@link #memory()}).
     */
    public ServingModels(ModelRegistry registry, Clock clock, Duration checkEvery, Executor background,
                         TenantCaches caches, long budgetBytes, Duration idle,
                         Function<TenantId, UnaryOperator<ItemId>> sameIds, ModelMemory memory) {
        this.memory = java.util.Objects.requireNonNull(memory, "memory");
        this.sameIds = sameIds;
        this.registry = registry;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.background = background;
        this.slots = caches.create("models", budgetBytes, idle, Slot::bytes);
    }

    /**
     * A loaded model version as the ranker over its vectors (which keeps the only copy of them: the decoded model
     * is not held), and what each surface serves while it is active; with the EASE item model and its ranker where
     * the version serves from it, on home or another surface ({@code null} otherwise).
     */
    public record Served(int version, FactorRanker ranker, Map<Surface, GateResult.Choice> choices,
                         HomeRecipe home, SparseItemModel itemModel, Ranker itemRanker) {
        public Served {
            choices = Map.copyOf(choices);
            java.util.Objects.requireNonNull(home, "home");
            if ((itemModel == null) != (itemRanker == null)) {
                throw new IllegalArgumentException("an item model comes with its ranker");
            }
        }

        public String name() {
            return "ials-v" + version;
        }

        /** The name of lists the EASE item model ranked. */
        public String itemModelName() {
            return "ease-v" + version;
        }

        /** What holding it costs, estimated: the ranker's vectors, ids and indexes, and the item model's. */
        public long bytes() {
            return ranker.bytes() + (itemModel == null ? 0 : itemModel.bytes());
        }

        /** What {@code surface} serves: the model's blend unless its gate found co-occurrence or bestsellers better. */
        public GateResult.Choice choice(Surface surface) {
            return choices.getOrDefault(surface, GateResult.Choice.MODEL);
        }
    }

    /** The tenant's active model, if it has one; the first call for a tenant reads the registry inline. */
    public Optional<Served> current(TenantId tenant) {
        Slot slot = slots.get(tenant, t -> {
            Slot fresh = new Slot();
            check(t, fresh);
            return fresh;
        });
        if (!clock.instant().isBefore(slot.checkedAt.plus(checkEvery)) && slot.checking.compareAndSet(false, true)) {
            Slot due = slot;
            try {
                background.execute(() -> {
                    try {
                        if (check(tenant, due)) {
                            slots.put(tenant, due);
                        }
                    } finally {
                        due.checking.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                due.checking.set(false);
            }
        }
        return Optional.ofNullable(slot.served);
    }

    /**
     * What {@code surface} serves while the tenant has no active model: co-occurrence, or the bestsellers where the
     * newest evaluated (rejected) candidate's gate found them better; co-occurrence before any evaluation.
     */
    public GateResult.Choice choiceWithoutModel(TenantId tenant, Surface surface) {
        // As of the tenant's last check: callers ask right after current(), which keeps it fresh.
        Slot slot = slots.getIfPresent(tenant);
        return slot == null ? GateResult.Choice.COOCCURRENCE
                : slot.withoutModel.getOrDefault(surface, GateResult.Choice.COOCCURRENCE);
    }

    /**
     * How home is composed while the tenant has no active model: as the newest evaluated candidate's gate chose
     * (its co-occurrence row was scored with that recipe); as before recipes existed when none was evaluated.
     */
    public HomeRecipe homeWithoutModel(TenantId tenant) {
        Slot slot = slots.getIfPresent(tenant);
        return slot == null ? HomeRecipe.WITHOUT_TASTE : slot.homeWithoutModel;
    }

    @Override
    public void activeModelChanged(TenantId tenant) {
        reload(tenant);
    }

    /**
     * Maps an item id to the instance the tenant's served model holds, while this process holds one (identity
     * otherwise); loads nothing. A catalog loaded again after an eviction takes its ids from here, so that the model
     * and the catalog keep sharing them rather than each holding its own.
     */
    public UnaryOperator<ItemId> heldIds(TenantId tenant) {
        Slot slot = slots.getIfPresent(tenant);
        Served served = slot == null ? null : slot.served;
        return served == null ? UnaryOperator.identity() : served.ranker()::same;
    }

    /** Where served models keep their large arrays. */
    public ModelMemory memory() {
        return memory;
    }

    /** Whether {@link #current} would answer from memory, without reading the tenant's active version first. */
    public boolean isHeld(TenantId tenant) {
        return slots.getIfPresent(tenant) != null;
    }

    /** Re-reads the tenant's active version now and swaps it in; returns what serves afterwards. */
    public Optional<Served> reload(TenantId tenant) {
        Slot slot = slots.get(tenant, t -> new Slot());
        // Weighed again: the model it holds may have changed size.
        check(tenant, slot);
        slots.put(tenant, slot);
        return Optional.ofNullable(slot.served);
    }

    /** Re-reads the active version into {@code slot}; true when what it serves changed. */
    private boolean check(TenantId tenant, Slot slot) {
        synchronized (slot) {
            Served before = slot.served;
            try {
                OptionalInt active = registry.activeVersion(tenant);
                Served now = slot.served;
                if (active.isEmpty()) {
                    slot.served = null;
                    // Without a model, the newest evaluation still says where bestsellers beat co-occurrence.
                    var newest = registry.versions(tenant).stream().findFirst();
                    slot.withoutModel = newest.map(v -> v.gate().choicesWithoutModel()).orElse(Map.of());
                    slot.homeWithoutModel = newest.map(v -> v.gate().home()).orElse(HomeRecipe.WITHOUT_TASTE);
                } else if (now == null || now.version() != active.getAsInt()) {
                    int version = active.getAsInt();
                    UnaryOperator<ItemId> same = sameIdsOf(tenant);
                    FactorModel model = servable(registry.load(tenant, version), same);
                    var stored = registry.version(tenant, version);
                    Map<Surface, GateResult.Choice> choices = stored.map(v -> v.gate().choices()).orElse(Map.of());
                    HomeRecipe home = stored.map(v -> v.gate().home()).orElse(HomeRecipe.WITHOUT_TASTE);
                    SparseItemModel itemModel = stored.isPresent() && stored.get().gate().usesItemModel()
                            ? registry.loadItemModel(tenant, version).orElseThrow(() -> new IllegalStateException(
                            "version " + version + " serves from EASE but has no item model")) : null;
                    if (itemModel != null) {
                        itemModel = itemModel.withIds(same).movedTo(memory);
                    }
                    FactorRanker ranker = model.ranker("ials-v" + version, id -> true, NO_FALLBACK).movedTo(memory);
                    slot.served = new Served(version, ranker, choices, home, itemModel, itemModel == null ? null
                            : itemModel.ranker("ease-v" + version, id -> true, NO_FALLBACK, EventWeights.standard()));
                    LOG.log(System.Logger.Level.INFO, "event=model_swapped tenant=" + tenant + " version=" + version
                            + " previous=" + (now == null ? "none" : now.version()) + " items="
                            + model.factors().items().size());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "event=model_load_failed tenant=" + tenant + " keeping="
                        + (slot.served == null ? "none" : slot.served.version()) + " error=" + e);
            } finally {
                slot.checkedAt = clock.instant();
            }
            return slot.served != before;
        }
    }

    /** The tenant's id map; the ids as they are when it cannot be had (the catalog failed to load: serve anyway). */
    private UnaryOperator<ItemId> sameIdsOf(TenantId tenant) {
        try {
            return sameIds.apply(tenant);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event=model_ids_not_shared tenant=" + tenant + " error=" + e);
            return UnaryOperator.identity();
        }
    }

    /**
     * The model as serving holds it: the item ids mapped by {@code same}, and no shopper vectors, since serving folds
     * every shopper in from their latest events (the stored artifact carries none; a registry that hands over the
     * trained object as it is would otherwise keep them for nothing).
     */
    private static FactorModel servable(FactorModel model, UnaryOperator<ItemId> same) {
        LearnedFactors f = model.factors();
        return new FactorModel(new LearnedFactors(f.dim(), f.items().stream().map(same).toList(), f.itemVectors(),
                List.of(), new float[0]), model.confidenceScale(), model.regularization());
    }

    private static final class Slot {
        private volatile Served served;
        private volatile Map<Surface, GateResult.Choice> withoutModel = Map.of();
        private volatile HomeRecipe homeWithoutModel = HomeRecipe.WITHOUT_TASTE;
        private volatile Instant checkedAt = Instant.MIN;
        private final AtomicBoolean checking = new AtomicBoolean();

        long bytes() {
            Served now = served;
            return now == null ? 512 : now.bytes();
        }
    }
}
