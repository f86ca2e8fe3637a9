package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ShopperScore;
import io.shelfwise.recommendation.port.in.ScoreShoppers;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.PriorityQueue;

/**
 * Shopper-to-items affinity from the tenant's served factor model: the best dot product of the shopper's vector
 * with the items' vectors. Row indexes of users and items are built once per served model version and held in a
 * size-bounded tenant cache, so an idle tenant's index (and the model it points to) is not kept for ever.
 */
public final class ShopperAffinities implements ScoreShoppers {
    private final ServingModels models;
    private final TenantCaches.TenantCache<Indexed> indexes;

    /** Indexes are held within {@code budgetBytes} (estimated) in {@code caches}; one idle for {@code idle} goes. */
    public ShopperAffinities(ServingModels models, TenantCaches caches, long budgetBytes, Duration idle) {
        this.models = models;
        this.indexes = caches.create("affinities", budgetBytes, idle, Indexed::bytes);
    }

    @Override
    public OptionalDouble affinity(TenantId tenant, String userId, List<ItemId> items) {
        Indexed index = index(tenant);
        if (index == null) {
            return OptionalDouble.empty();
        }
        Integer user = index.users.get(userId);
        int[] rows = index.rows(items);
        if (user == null || rows.length == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(index.best(user, rows));
    }

    @Override
    public List<ShopperScore> topShoppers(TenantId tenant, List<ItemId> items, int limit) {
        Indexed index = index(tenant);
        if (index == null) {
            return List.of();
        }
        int[] rows = index.rows(items);
        if (rows.length == 0) {
            return List.of();
        }
        PriorityQueue<ShopperScore> best = new PriorityQueue<>(Comparator.comparingDouble(ShopperScore::score));
        List<String> users = index.factors.users();
        for (int u = 0; u < users.size(); u++) {
            double score = index.best(u, rows);
            if (best.size() < limit) {
                best.add(new ShopperScore(users.get(u), score));
            } else if (score > best.peek().score()) {
                best.poll();
                best.add(new ShopperScore(users.get(u), score));
            }
        }
        List<ShopperScore> ranked = new ArrayList<>(best);
        ranked.sort(Comparator.comparingDouble(ShopperScore::score).reversed().thenComparing(ShopperScore::userId));
        return ranked;
    }

    private Indexed index(TenantId tenant) {
        var served = models.current(tenant);
        if (served.isEmpty()) {
            indexes.invalidate(tenant);
            return null;
        }
        LearnedFactors factors = served.get().model().factors();
        Indexed index = indexes.get(tenant, t -> new Indexed(factors));
        if (index.factors != factors) {
            index = new Indexed(factors);
            indexes.put(tenant, index);
        }
        return index;
    }

    private static final class Indexed {
        final LearnedFactors factors;
        final Map<String, Integer> users = new HashMap<>();
        final Map<String, Integer> items = new HashMap<>();

        Indexed(LearnedFactors factors) {
            this.factors = factors;
            for (int i = 0; i < factors.users().size(); i++) {
                users.put(factors.users().get(i), i);
            }
            for (int i = 0; i < factors.items().size(); i++) {
                items.put(factors.items().get(i).value(), i);
            }
        }

        /** The two id indexes, ~100 bytes an entry; the factors are the served model's, weighed there. */
        long bytes() {
            return 100L * (users.size() + items.size()) + 64;
        }

        int[] rows(List<ItemId> wanted) {
            return wanted.stream().map(i -> items.get(i.value())).filter(java.util.Objects::nonNull)
                    .mapToInt(Integer::intValue).toArray();
        }

        double best(int user, int[] rows) {
            int dim = factors.dim();
            float[] u = factors.userVectors();
            float[] v = factors.itemVectors();
            double best = Double.NEGATIVE_INFINITY;
            for (int row : rows) {
                double dot = 0;
                for (int d = 0; d < dim; d++) {
                    dot += u[user * dim + d] * v[row * dim + d];
                }
                best = Math.max(best, dot);
            }
            return best;
        }
    }
}
