package io.shelfwise.catalog;

import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.catalog.port.in.DeleteItem;
import io.shelfwise.catalog.port.in.UpsertItems;
import io.shelfwise.catalog.port.out.ItemStore;
import io.shelfwise.common.LimitExceededException;
import io.shelfwise.common.LimitExceededException.Kind;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * Catalog rules: batch limits, the tier's catalog size, and reads. The tenant API's reads ({@link #get},
 * {@link #page}) go to the store; the serving reads ({@link #inStock}, {@link #anyInStock}, {@link #view}) go to
 * the tenant's catalog held in memory (see {@link LiveCatalogs}).
 */
public final class CatalogService implements UpsertItems, DeleteItem, BrowseCatalog {
    public static final int MAX_BATCH = 1000;
    public static final int MAX_PAGE = 1000;

    private final ItemStore store;
    private final LiveCatalogs live;

    /**
     * Serving reads check the store's catalog version on every read: for tests and tools, not for serving.
     * Catalogs are held in {@code caches} within 64 MiB.
     */
    public CatalogService(ItemStore store, TenantCaches caches) {
        this(store, Clock.systemUTC(), Duration.ZERO, Runnable::run, caches, 64L << 20);
    }

    /**
     * @param refresh    how often a served tenant's in-memory catalog asks the store whether another process
     *                   changed it; that bounds how late such a change is served
     * @param background where those checks and the reloads they trigger run
     * @param caches     where the served catalogs are held
     * @param budgetBytes how much memory they may take together (estimated); the least valuable are dropped
     */
    public CatalogService(ItemStore store, Clock clock, Duration refresh, Executor background, TenantCaches caches,
                          long budgetBytes) {
        this.store = store;
        this.live = new LiveCatalogs(store, clock, refresh, background, caches, budgetBytes);
    }

    /** Rejects an empty batch or one over {@link #MAX_BATCH} items. */
    @Override
    public void checkBatchSize(int size) {
        if (size == 0) {
            throw ValidationException.of("items", "must hold at least one item");
        }
        if (size > MAX_BATCH) {
            throw new LimitExceededException(Kind.REQUEST_SIZE, "items",
                    "a batch holds at most " + MAX_BATCH + " items; this one has " + size, null);
        }
    }

    @Override
    public int upsert(TenantAccess caller, List<Item> items) {
        checkBatchSize(items.size());
        Set<ItemId> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!ids.add(items.get(i).id())) {
                throw ValidationException.of("items[" + i + "].id", "repeats id '" + items.get(i).id()
                        + "' of an earlier item in this batch");
            }
        }
        TenantId tenant = caller.tenantId();
        long added = ids.size() - store.existing(tenant, ids).size();
        long max = caller.policy().maxCatalogItems();
        if (added > 0 && store.count(tenant) + added > max) {
            throw new LimitExceededException(Kind.QUOTA, "items", "the " + caller.policy().tier().wireName()
                    + " tier holds at most " + max + " catalog items; this batch would exceed it", null);
        }
        long version = store.upsert(tenant, items);
        live.committed(tenant, new LiveCatalogs.Change.Upserted(List.copyOf(items)), version);
        return items.size();
    }

    @Override
    public void delete(TenantId tenant, ItemId id) {
        OptionalLong version = store.delete(tenant, id);
        if (version.isEmpty()) {
            throw new NotFoundException("item", id.value());
        }
        live.committed(tenant, new LiveCatalogs.Change.Deleted(id), version.getAsLong());
    }

    @Override
    public Item get(TenantId tenant, ItemId id) {
        return store.find(tenant, id).orElseThrow(() -> new NotFoundException("item", id.value()));
    }

    @Override
    public CatalogPage page(TenantId tenant, ItemId after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ValidationException.of("limit", "must be between 1 and " + MAX_PAGE);
        }
        List<Item> items = store.list(tenant, after, limit + 1);
        if (items.size() > limit) {
            List<Item> page = items.subList(0, limit);
            return new CatalogPage(page, page.get(limit - 1).id());
        }
        return new CatalogPage(items, null);
    }

    @Override
    public List<Item> inStock(TenantId tenant, Collection<ItemId> ids) {
        CatalogView catalog = live.of(tenant);
        List<Item> found = new ArrayList<>(ids.size());
        Set<ItemId> seen = new HashSet<>();
        for (ItemId id : ids) {
            Item item = catalog.find(id);
            if (item != null && item.inStock() && seen.add(id)) {
                found.add(item);
            }
        }
        return found;
    }

    @Override
    public List<Item> anyInStock(TenantId tenant, int limit) {
        List<Item> found = new ArrayList<>(Math.min(limit, 1000));
        for (Item item : live.of(tenant).items()) {
            if (found.size() >= limit) {
                break;
            }
            if (item.inStock()) {
                found.add(item);
            }
        }
        return found;
    }

    @Override
    public CatalogView view(TenantId tenant) {
        return live.of(tenant);
    }

    @Override
    public boolean isHeld(TenantId tenant) {
        return live.ifHeld(tenant) != null;
    }

    /**
     * Where a catalog loaded from now on takes its item ids from: per tenant, the instances something else this
     * process holds (a served model) already has, so that after one of them was evicted and loaded again both still
     * share one instance per id rather than each holding its own (~64 bytes an item).
     */
    public void shareIdsWith(java.util.function.Function<TenantId, UnaryOperator<ItemId>> holders) {
        live.shareIdsWith(holders);
    }

    /**
     * As {@link #sameIds}, but only while this process holds the tenant's catalog (identity otherwise): for what
     * would rather keep its own ids than load a catalog, such as shoppers' activity.
     */
    @Override
    public UnaryOperator<ItemId> heldIds(TenantId tenant) {
        CatalogView view = live.ifHeld(tenant);
        return view == null ? UnaryOperator.identity() : view.sameIds();
    }
}
