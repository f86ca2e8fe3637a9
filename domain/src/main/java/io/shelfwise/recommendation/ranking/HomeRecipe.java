package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a tenant's home list is composed around its personalised ranker (the learned blend, or co-occurrence where
 * that won): blended with the shopper's category and brand taste ({@link CategoryTasteModel}) at
 * {@code modelWeight} against it, then, if {@code recentItems}, with the shopper's own recent items
 * ({@link ServingBlend#withRecentItems}). The learned part of the personalised list is the factor model (iALS) or,
 * where the tenant's trainer offers one, the sparse EASE item model ({@link SparseItemModel}), each blended with
 * co-occurrence ({@link ServingBlend}); cart and product page keep the factor model's blend. The training gate tries
 * {@link #candidates} on the held-out days and keeps the one with the best home NDCG for the tenant; serving applies
 * the kept one.
 *
 * @param learner     which learned model ranks home: {@link Learner#IALS} or {@link Learner#EASE}
 * @param modelWeight the personalised list's weight against the taste list in reciprocal-rank fusion, in (0, 1];
 *                    1 leaves taste out
 * @param recentItems whether the shopper's recent items are blended in last (never where the tenant turned them off)
 * @param sequenceWeight  the weight of where shoppers went next ({@link TransitionModel}) fused into the list before
 *                        the recent items, in [0, 1); 0 leaves it out. The gate tries it on top of the best of
 *                        {@link #candidates} ({@link #SEQUENCE_WEIGHTS}) and keeps it only where it wins.
 * @param longTermProfile whether home ranks from the shopper's long-term profile ({@link LongTermProfiles}) followed
 *                        by their latest events, rather than those alone; tried and kept the same way
 * @param blendWeight     the learned model's weight against co-occurrence in the personalised list on home, in
 *                        (0, 1] ({@link ServingBlend#of(String, Ranker, Ranker, double)}); 0.7 unless the gate found
 *                        another of {@link #BLEND_WEIGHTS} better for the tenant
 */
public record HomeRecipe(Learner learner, double modelWeight, boolean recentItems, double sequenceWeight,
                         boolean longTermProfile, double blendWeight) {
    /** What home served before recipes were chosen per tenant: no taste, recent items blended in. */
    public static final HomeRecipe WITHOUT_TASTE = new HomeRecipe(Learner.IALS, 1.0, true);
    /** The weights the gate tries, no taste first so that a tie keeps the simpler list. */
    static final double[] MODEL_WEIGHTS = {1.0, 0.7, 0.5, 0.3};
    /** The learned model's other weights against co-occurrence the gate tries on top of the recipe it chose. */
    public static final List<Double> BLEND_WEIGHTS = List.of(0.5, 0.9);
    /** The sequence weights the gate tries on top of the recipe it chose, lightest first. */
    public static final List<Double> SEQUENCE_WEIGHTS = List.of(0.2, 0.4);

    /** The learned model behind home. */
    public enum Learner {
        /** The factor model every version holds. */
        IALS,
        /** The sparse EASE item model, stored beside the factors of a version whose home uses it. */
        EASE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HomeRecipe {
        java.util.Objects.requireNonNull(learner, "learner");
        if (!(modelWeight > 0.0 && modelWeight <= 1.0)) {
            throw new IllegalArgumentException("modelWeight must be in (0, 1]");
        }
        if (!(sequenceWeight >= 0.0 && sequenceWeight < 1.0)) {
            throw new IllegalArgumentException("sequenceWeight must be in [0, 1)");
        }
        if (!(blendWeight > 0.0 && blendWeight <= 1.0)) {
            throw new IllegalArgumentException("blendWeight must be in (0, 1]");
        }
    }

    /** With the serving blend's own weight against co-occurrence ({@link ServingBlend#WEIGHTS}). */
    public HomeRecipe(Learner learner, double modelWeight, boolean recentItems, double sequenceWeight,
                      boolean longTermProfile) {
        this(learner, modelWeight, recentItems, sequenceWeight, longTermProfile, ServingBlend.WEIGHTS.home());
    }

    /** Without the sequence and the long-term profile. */
    public HomeRecipe(Learner learner, double modelWeight, boolean recentItems) {
        this(learner, modelWeight, recentItems, 0.0, false);
    }

    /** A home ranked by the factor model's blend. */
    public HomeRecipe(double modelWeight, boolean recentItems) {
        this(Learner.IALS, modelWeight, recentItems);
    }

    /** Every recipe over the factor model the gate tries, simplest first; recent items only where allowed. */
    public static List<HomeRecipe> candidates(boolean recentItemsAllowed) {
        return candidates(recentItemsAllowed, false);
    }

    /**
     * Every recipe the gate tries, simplest first (the factor model before EASE, no taste before taste, without
     * recent items before with them); with EASE only where {@code easeAvailable}, with recent items only where the
     * tenant allows them.
     */
    public static List<HomeRecipe> candidates(boolean recentItemsAllowed, boolean easeAvailable) {
        List<HomeRecipe> recipes = new ArrayList<>();
        for (Learner learner : easeAvailable ? Learner.values() : new Learner[]{Learner.IALS}) {
            for (boolean recent : recentItemsAllowed ? new boolean[]{false, true} : new boolean[]{false}) {
                for (double w : MODEL_WEIGHTS) {
                    recipes.add(new HomeRecipe(learner, w, recent));
                }
            }
        }
        return recipes;
    }

    /** The same recipe with where shoppers went next fused in at {@code weight} (0 takes it out). */
    public HomeRecipe withSequence(double weight) {
        return new HomeRecipe(learner, modelWeight, recentItems, weight, longTermProfile, blendWeight);
    }

    /** The same recipe ranking from the shopper's long-term profile too. */
    public HomeRecipe withLongTermProfile() {
        return new HomeRecipe(learner, modelWeight, recentItems, sequenceWeight, true, blendWeight);
    }

    /** The same recipe with the learned model weighted {@code weight} against co-occurrence. */
    public HomeRecipe withBlendWeight(double weight) {
        return new HomeRecipe(learner, modelWeight, recentItems, sequenceWeight, longTermProfile, weight);
    }

    /**
     * What the gate tries after {@link #candidates}, step by step, each step on the recipe kept so far: the learned
     * model's other weights against co-occurrence ({@link #BLEND_WEIGHTS}), where shoppers went next
     * ({@link #SEQUENCE_WEIGHTS}), then the long-term profile where some shopper has one ({@code profiles}).
     */
    public static List<Function<HomeRecipe, List<HomeRecipe>>> refinements(boolean profiles) {
        return List.of(
                kept -> BLEND_WEIGHTS.stream().map(kept::withBlendWeight).toList(),
                kept -> SEQUENCE_WEIGHTS.stream().map(kept::withSequence).toList(),
                kept -> profiles ? List.of(kept.withLongTermProfile()) : List.of());
    }

    /** Whether where shoppers went next takes part. */
    public boolean usesSequence() {
        return sequenceWeight > 0.0;
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
        return apply(personal, null, taste, weights, inStock, recentItemsAllowed);
    }

    /**
     * As {@link #apply(Ranker, Ranker, EventWeights, Predicate, boolean)}, with home ranked from {@code easePersonal}
     * (EASE's blend with co-occurrence) where this recipe's learner is {@link Learner#EASE} and there is one; cart and
     * product page stay {@code personal}'s, and so does the name of a list not ranked from it.
     */
    public Ranker apply(Ranker personal, Ranker easePersonal, Ranker taste, EventWeights weights,
                        Predicate<ItemId> inStock, boolean recentItemsAllowed) {
        return apply(personal, easePersonal, taste, null, weights, inStock, recentItemsAllowed);
    }

    /**
     * As {@link #apply(Ranker, Ranker, Ranker, EventWeights, Predicate, boolean)}, with {@code sequence} (a
     * {@link TransitionModel}) fused in where this recipe uses it and there is one. The long-term profile is not
     * applied here: the caller extends the history it passes ({@link LongTermProfiles#extend}).
     */
    public Ranker apply(Ranker personal, Ranker easePersonal, Ranker taste, Ranker sequence, EventWeights weights,
                        Predicate<ItemId> inStock, boolean recentItemsAllowed) {
        Ranker home = learner == Learner.EASE && easePersonal != null ? easePersonal : personal;
        if (usesTaste() && taste != null) {
            home = new BlendedRanker(home.name(), home, taste, new BlendedRanker.Weights(modelWeight, 1.0, 1.0),
                    ServingBlend.DEPTH, ServingBlend.OFFSET);
        }
        if (usesSequence() && sequence != null) {
            home = new BlendedRanker(home.name(), home, sequence, new BlendedRanker.Weights(1.0 - sequenceWeight,
                    1.0, 1.0), ServingBlend.DEPTH, ServingBlend.OFFSET);
        }
        home = recentItems && recentItemsAllowed ? ServingBlend.withRecentItems(home, weights, inStock) : home;
        return home == personal ? personal : new HomeFrom(home, personal);
    }

    /**
     * E.g. {@code model 0.5 + taste 0.5, recent items}, or {@code ease 0.5 + taste 0.5} where EASE ranks home: how
     * the gate's reports and reason name it.
     */
    public String describe() {
        String model = (learner == Learner.EASE ? "ease" : "model") + (blendWeight == ServingBlend.WEIGHTS.home() ? ""
                : String.format(Locale.ROOT, " (%.1f against co-occurrence)", blendWeight));
        String taste = usesTaste() ? String.format(Locale.ROOT, "%s %.1f + taste %.1f", model, modelWeight,
                1 - modelWeight) : model + " alone";
        return taste + (usesSequence() ? String.format(Locale.ROOT, ", sequence %.1f", sequenceWeight) : "")
                + (recentItems ? ", recent items" : "") + (longTermProfile ? ", long-term profile" : "");
    }

    /** Home from one ranker, cart and product page from another; named as the home list's ranker. */
    private record HomeFrom(Ranker home, Ranker rest) implements Ranker {
        @Override
        public String name() {
            return home.name();
        }

        @Override
        public List<ItemId> home(List<Interaction> history, int k) {
            return home.home(history, k);
        }

        @Override
        public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
            return rest.cart(cartItems, history, k);
        }

        @Override
        public List<ItemId> similar(ItemId item, int k) {
            return rest.similar(item, k);
        }
    }
}
