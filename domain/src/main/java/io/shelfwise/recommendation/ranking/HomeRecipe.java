package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * How a tenant's home list is composed around its personalised ranker (the learned blend, or co-occurrence where
 * that won): blended with the shopper's category and brand taste ({@link CategoryTasteModel}) at
 * {@code modelWeight} against it, then, if {@code recentItems}, with the shopper's own recent items
 * ({@link ServingBlend#withRecentItems}). The training gate tries {@link #candidates} on the held-out days and keeps
 * the one with the best home NDCG for the tenant; serving applies the kept one.
 *
 * @param modelWeight the personalised list's weight against the taste list in reciprocal-rank fusion, in (0, 1];
 *                    1 leaves taste out
 * @param recentItems whether the shopper's recent items are blended in last (never where the tenant turned them off)
 */
public record HomeRecipe(double modelWeight, boolean recentItems) {
    /** What home served before recipes were chosen per tenant: no taste, recent items blended in. */
    public static final HomeRecipe WITHOUT_TASTE = new HomeRecipe(1.0, true);
    /** The weights the gate tries, no taste first so that a tie keeps the simpler list. */
    static final double[] MODEL_WEIGHTS = {1.0, 0.7, 0.5, 0.3};

    public HomeRecipe {
        if (!(modelWeight > 0.0 && modelWeight <= 1.0)) {
            throw new IllegalArgumentException("modelWeight must be in (0, 1]");
        }
    }

    /** Every recipe the gate tries, simplest first; with recent items only where the tenant allows them. */
    public static List<HomeRecipe> candidates(boolean recentItemsAllowed) {
        List<HomeRecipe> recipes = new ArrayList<>();
        for (boolean recent : recentItemsAllowed ? new boolean[]{false, true} : new boolean[]{false}) {
            for (double w : MODEL_WEIGHTS) {
                recipes.add(new HomeRecipe(w, recent));
            }
        }
        return recipes;
    }

    /** Whether the taste list takes part. */
    public boolean usesTaste() {
        return modelWeight < 1.0;
    }

    /**
     * {@code personal} composed as this recipe says, for home; its cart and product-page lists stay
     * {@code personal}'s, and so does its name. Recent items only if {@code recentItemsAllowed} too.
     */
    public Ranker apply(Ranker personal, Ranker taste, EventWeights weights, Predicate<ItemId> inStock,
                        boolean recentItemsAllowed) {
        Ranker home = personal;
        if (usesTaste() && taste != null) {
            home = new BlendedRanker(personal.name(), personal, taste, new BlendedRanker.Weights(modelWeight, 1.0,
                    1.0), ServingBlend.DEPTH, ServingBlend.OFFSET);
        }
        return recentItems && recentItemsAllowed ? ServingBlend.withRecentItems(home, weights, inStock) : home;
    }

    /** E.g. {@code taste 0.5, recent items}: how the gate's reports and reason name it. */
    public String describe() {
        String taste = usesTaste() ? String.format(Locale.ROOT, "model %.1f + taste %.1f", modelWeight,
                1 - modelWeight) : "model alone";
        return taste + (recentItems ? ", recent items" : "");
    }
}
