package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.CatalogView;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Each tenant's {@link ContentIndex}, built from its in-memory catalog on the first query and rebuilt in the
 * background, at most once per {@code minRebuild}, when the catalog has changed; queries meanwhile use the
 * previous index. Which items may be returned (in stock, still there) is always decided on the current catalog.
 * The indexes are held in a size-bounded tenant cache: an idle tenant's index is evicted and built again on its
 * next query.
 */
final class ContentNeighbours {
    private static final System.Logger LOG = System.getLogger(ContentNeighbours.class.getName());

    private final BrowseCatalog catalog;
    private final Clock clock;
    private final Duration minRebuild;
    private final Executor background;
    private final TenantCaches.TenantCache<Built> indexes;
    private final Set<TenantId> rebuilding = ConcurrentHashMap.newKeySet();

    /** Indexes are held within {@code budgetBytes} (estimated) in {@code caches}; one idle for {@code idle} goes. */
    ContentNeighbours(BrowseCatalog catalog, Clock clock, Duration minRebuild, Executor background,
                      TenantCaches caches, long budgetBytes, Duration idle) {
        this.catalog = catalog;
        this.clock = clock;
        this.minRebuild = minRebuild;
        this.background = background;
        this.indexes = caches.create("content", budgetBytes, idle, built -> built.index().bytes());
    }

    /** Up to {@code k} in-stock items of the tenant's catalog most alike {@code item}, best first. */
    List<ContentIndex.Match> similar(TenantId tenant, Item item, int k) {
        CatalogView view = catalog.view(tenant);
        ContentIndex index = index(tenant, view);
        return index.similar(item, id -> {
            Item current = view.find(id);
            return current != null && current.inStock();
        }, k);
    }

    private ContentIndex index(TenantId tenant, CatalogView view) {
        // The cache builds a missing tenant's index once, however many queries ask at the same moment.
        Built built = indexes.get(tenant, t -> built(t, view));
        Instant now = clock.instant();
        if (built.index().generation() != view.generation() && !now.isBefore(built.at().plus(minRebuild))
                && rebuilding.add(tenant)) {
            try {
                background.execute(() -> {
                    try {
                        build(tenant, catalog.view(tenant));
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "event=content_index_failed tenant=" + tenant
                                + " error=" + e.getMessage());
                    } finally {
                        rebuilding.remove(tenant);
                    }
                });
            } catch (RejectedExecutionException e) {
                rebuilding.remove(tenant);
            }
        }
        return built.index();
    }

    private void build(TenantId tenant, CatalogView view) {
        indexes.put(tenant, built(tenant, view));
    }

    private Built built(TenantId tenant, CatalogView view) {
        // The generation is read before the items, so a change made while they are read triggers a later rebuild.
        long generation = view.generation();
        Built built = new Built(ContentIndex.build(view.items(), generation), clock.instant());
        LOG.log(System.Logger.Level.DEBUG, () -> "event=content_index_built tenant=" + tenant + " items="
                + built.index().size());
        return built;
    }

    private record Built(ContentIndex index, Instant at) {
    }
}
