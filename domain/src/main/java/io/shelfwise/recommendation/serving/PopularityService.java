package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.common.ValidationException;
import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.ScoredItem;
import io.shelfwise.recommendation.port.in.RecommendPopular;
import io.shelfwise.recommendation.port.out.SignalSource;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The first recommender: popularity per tenant. The ranking is cached per tenant for {@code rankingTtl}
 * (aggregating a month of events per request would be wasteful); an expired ranking keeps being served while one
 * refresh per tenant runs on {@code refresher}, so no request waits for the aggregation but a tenant's first.
 * Stock is checked on every request, so an item that goes out of stock or is deleted disappears at once.
 */
public final class PopularityService implements RecommendPopular {
    public static final int MAX_LIMIT = 100;
    /** How many ranked candidates are kept per tenant: enough to fill the largest list after stock filtering. */
    static final int CANDIDATES = 1000;

    private final SignalSource signals;
    private final BrowseCatalog catalog;
    private final PopularityModel model;
    private final Clock clock;
    private final Duration window;
    private final Supplier<UUID> ids;
    private final RecommendationLogWriter log;
    private final RefreshingCache<TenantId, List<PopularityModel.Ranked>> rankings;

    /**
     * @param caches      where each tenant's ranking is held, within {@code budgetBytes} (estimated); one evicted
     *                    is ranked again on its tenant's next request
     */
    public PopularityService(SignalSource signals, BrowseCatalog catalog, PopularityModel model, Clock clock,
                             Duration window, Duration rankingTtl, Supplier<UUID> ids, Executor refresher,
                             RecommendationLogWriter log, TenantCaches caches, long budgetBytes) {
        this.signals = signals;
        this.catalog = catalog;
        this.model = model;
        this.clock = clock;
        this.window = window;
        this.ids = ids;
        // Per ranked item: the record, its list slot and its id (~112 bytes).
        this.rankings = new RefreshingCache<>(this::rank, clock, rankingTtl, refresher,
                RefreshingCache.Store.bounded(caches, "popularity", budgetBytes, Duration.ofMinutes(30),
                        ranking -> 1_024 + 112L * ranking.size()));
        this.log = log;
    }

    @Override
    public Recommendations popular(TenantId tenant, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ValidationException.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<PopularityModel.Ranked> ranking = rankings.get(tenant);
        List<ScoredItem> result = new ArrayList<>(limit);
        Set<ItemId> taken = new LinkedHashSet<>();
        int from = 0;
        // Walk the ranking in chunks, so a few out-of-stock leaders cost one more lookup, not a full scan.
        while (result.size() < limit && from < ranking.size()) {
            int to = Math.min(ranking.size(), from + Math.max(limit * 2, 20));
            List<PopularityModel.Ranked> chunk = ranking.subList(from, to);
            Map<ItemId, Item> available = new HashMap<>();
            catalog.inStock(tenant, chunk.stream().map(PopularityModel.Ranked::itemId).toList())
                    .forEach(i -> available.put(i.id(), i));
            for (PopularityModel.Ranked r : chunk) {
                Item item = available.get(r.itemId());
                if (item != null && result.size() < limit) {
                    result.add(new ScoredItem(item, r.score()));
                    taken.add(item.id());
                }
            }
            from = to;
        }
        if (result.size() < limit) {
            for (Item item : catalog.anyInStock(tenant, limit + taken.size())) {
                if (result.size() < limit && !taken.contains(item.id())) {
                    result.add(new ScoredItem(item, 0.0));
                }
            }
        }
        Recommendations recommendations = new Recommendations(ids.get().toString(), "popular", "popularity", result);
        logAsync(tenant, recommendations);
        return recommendations;
    }

    /**
     * The tenant's most popular items by the same ranking {@link #popular} serves (stock is not checked here), at
     * most {@link #CANDIDATES}: what other surfaces serve while their own model is being built.
     */
    public List<ItemId> ranking(TenantId tenant) {
        return rankings.get(tenant).stream().map(PopularityModel.Ranked::itemId).toList();
    }

    /** Records the served list for attribution without making the caller wait for the write. */
    private void logAsync(TenantId tenant, Recommendations recommendations) {
        log.submit(tenant, RecommendationLogEntry.of(recommendations, null, clock.instant()));
    }

    private List<PopularityModel.Ranked> rank(TenantId tenant) {
        // The window and its decay end at the tenant's newest day of signals (never later than today), so that an
        // imported history of any age ranks at once.
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate end = signals.newestDay(tenant).filter(day -> day.isBefore(today)).orElse(today);
        Instant until = end.equals(today) ? now : end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant since = until.minus(window);
        // Summed per item as the rows stream in: a 1M-event tenant's month is ~200k (item, type, day) groups, which
        // as a list were live through the young collections of the seconds the query took.
        PopularityModel.Scores scores = model.scores(end);
        signals.forEachSignal(tenant, since, scores);
        // Held as the catalog's ids where it is held (the rankings of every tenant stay held: ~750 ids each otherwise
        // their own); loading a catalog here would take the refresher's time and bypass the one-at-a-time loads.
        java.util.function.UnaryOperator<ItemId> same = catalog.heldIds(tenant);
        return scores.ranked(CANDIDATES).stream()
                .map(r -> new PopularityModel.Ranked(same.apply(r.itemId()), r.score())).toList();
    }

}
