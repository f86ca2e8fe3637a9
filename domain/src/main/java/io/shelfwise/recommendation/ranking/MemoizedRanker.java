package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers a deterministic ranker's lists for an offline evaluation, so that blends asking it the same query again
 * (one blend per recipe tried) cost nothing more. Histories and carts are keyed by identity: the evaluation harness
 * passes each query's own list object every time. Not for serving: it never forgets, and is not thread-safe.
 */
public final class MemoizedRanker implements Ranker {
    private final Ranker ranker;
    private final Map<List<Interaction>, Map<Integer, List<ItemId>>> home = new IdentityHashMap<>();
    private final Map<List<ItemId>, Map<Integer, List<ItemId>>> cart = new IdentityHashMap<>();
    private final Map<ItemId, Map<Integer, List<ItemId>>> similar = new HashMap<>();

    public MemoizedRanker(Ranker ranker) {
        this.ranker = ranker;
    }

    @Override
    public String name() {
        return ranker.name();
    }

    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        return home.computeIfAbsent(history, h -> new HashMap<>())
                .computeIfAbsent(k, n -> List.copyOf(ranker.home(history, n)));
    }

    @Override
    public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
        return cart.computeIfAbsent(cartItems, c -> new HashMap<>())
                .computeIfAbsent(k, n -> List.copyOf(ranker.cart(cartItems, history, n)));
    }

    @Override
    public List<ItemId> similar(ItemId item, int k) {
        return similar.computeIfAbsent(item, i -> new HashMap<>())
                .computeIfAbsent(k, n -> List.copyOf(ranker.similar(item, n)));
    }
}
