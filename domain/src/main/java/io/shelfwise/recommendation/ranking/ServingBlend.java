package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a learned model is combined with item co-occurrence, the same in serving and in the evaluation gate, so the
 * gate judges what will serve: reciprocal-rank fusion with the factor model weighted 0.7 on home, 0.4 on cart and
 * 0.3 on similar (the "hybrid" row of the quality benchmark, which led on home and cart). Home then blends in the
 * shopper's own recent items ({@link #withRecentItems}).
 */
public final class ServingBlend {
    public static final BlendedRanker.Weights WEIGHTS = new BlendedRanker.Weights(0.7, 0.4, 0.3);
    public static final int DEPTH = 100;
    /**
     * How many items the learned model and co-occurrence each give their blend's home list ({@link #of}): half of
     * {@link #DEPTH}, which halves the selection and fusion work of a home request. Offline home quality moved by
     * 0.2-0.4 % NDCG@20 for that blend alone and not at all for the recipes the gate kept (README, "Scoring cost
     * and memory per tenant"). Cart and product page, and the recipes that fuse more lists into home, keep
     * {@link #DEPTH}.
     */
    public static final int LEARNED_HOME_DEPTH = 50;
    public static final double OFFSET = 10;

    /**
     * The weight of the personalised list on home against the shopper's recent items (viewed or carted, not
     * bought): a fifth of the items shoppers cart or buy in the week after are items they had already looked at,
     * and on the generated store blending them in at half weight raised home NDCG@20 by 11 % (README, "Recent
     * items on home").
     */
    public static final BlendedRanker.Weights RECENT_ITEMS = new BlendedRanker.Weights(0.5, 1.0, 1.0);
    /** Weight left to a recent item per step back in the shopper's history. */
    public static final double RECENT_ITEMS_DECAY = 0.9;

    private ServingBlend() {
    }

    /**
     * {@code ranker} with the shopper's recent items blended into home ({@link #RECENT_ITEMS}); its cart and
     * product-page lists are {@code ranker}'s own. The name stays {@code ranker}'s.
     */
    public static Ranker withRecentItems(Ranker ranker, EventWeights weights,
                                         java.util.function.Predicate<io.shelfwise.catalog.ItemId> inStock) {
        return new BlendedRanker(ranker.name(), ranker, new RecentItemsRanker(weights, inStock, RECENT_ITEMS_DECAY),
                RECENT_ITEMS, DEPTH, OFFSET);
    }

    public static Ranker of(String name, Ranker factors, Ranker cooccurrence) {
        return new BlendedRanker(name, factors, cooccurrence, WEIGHTS, DEPTH, LEARNED_HOME_DEPTH, OFFSET);
    }

    /**
     * As {@link #of(String, Ranker, Ranker)} with the learned model weighted {@code homeWeight} on home (a tenant's
     * home recipe may choose it, {@link HomeRecipe#blendWeight()}); cart and product page keep {@link #WEIGHTS}.
     */
    public static Ranker of(String name, Ranker learned, Ranker cooccurrence, double homeWeight) {
        return homeWeight == WEIGHTS.home() ? of(name, learned, cooccurrence) : new BlendedRanker(name, learned,
                cooccurrence, new BlendedRanker.Weights(homeWeight, WEIGHTS.cart(), WEIGHTS.similar()), DEPTH,
                LEARNED_HOME_DEPTH, OFFSET);
    }

    /**
     * The cart and product-page lists of an item model ({@code itemModel}, which fills nothing itself), topped up
     * from {@code otherwise} where its weights run out (an item outside it, a short row); home is
     * {@code otherwise}'s. What the gate scores as {@code ease} on those surfaces, and what serves where it won.
     */
    public static Ranker itemModelFirst(String name, Ranker itemModel, Ranker otherwise) {
        return new ItemModelFirst(name, itemModel, otherwise);
    }

    private record ItemModelFirst(String name, Ranker itemModel, Ranker otherwise) implements Ranker {
        @Override
        public List<ItemId> home(List<Interaction> history, int k) {
            return otherwise.home(history, k);
        }

        @Override
        public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
            return topUp(itemModel.cart(cartItems, history, k), () -> otherwise.cart(cartItems, history, k), k);
        }

        @Override
        public List<ItemId> similar(ItemId item, int k) {
            return topUp(itemModel.similar(item, k), () -> otherwise.similar(item, k), k);
        }

        /** {@code first}, then what {@code then} adds, up to k; {@code then} is asked only when first is short. */
        private static List<ItemId> topUp(List<ItemId> first, Supplier<List<ItemId>> then, int k) {
            if (first.size() >= k) {
                return first;
            }
            LinkedHashSet<ItemId> list = new LinkedHashSet<>(first);
            for (ItemId item : then.get()) {
                if (list.size() >= k) {
                    break;
                }
                list.add(item);
            }
            return new ArrayList<>(list);
        }
    }
}
