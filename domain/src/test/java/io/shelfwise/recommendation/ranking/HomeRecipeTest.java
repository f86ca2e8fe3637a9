package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HomeRecipeTest {
    /** Always the same list, whatever it is asked. */
    private record Fixed(String name, List<ItemId> list) implements Ranker {
        @Override
        public List<ItemId> home(List<Interaction> history, int k) {
            return new ArrayList<>(list.subList(0, Math.min(k, list.size())));
        }

        @Override
        public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
            return home(history, k);
        }

        @Override
        public List<ItemId> similar(ItemId item, int k) {
            return home(List.of(), k);
        }
    }

    private static final Ranker MODEL = new Fixed("model", items("m1", "m2", "m3"));
    private static final Ranker TASTE = new Fixed("taste", items("t1", "t2", "t3"));
    private static final List<Interaction> VIEWED_R = List.of(touch("r", EventType.VIEW, "2026-11-21T10:00:00Z"));

    @Test
    void the_gate_tries_each_taste_weight_with_and_without_recent_items_the_simplest_first() {
        List<HomeRecipe> all = HomeRecipe.candidates(true);
        assertEquals(8, all.size());
        assertEquals(new HomeRecipe(1.0, false), all.getFirst());
        assertTrue(HomeRecipe.candidates(false).stream().noneMatch(HomeRecipe::recentItems));
        assertEquals(4, HomeRecipe.candidates(false).size());
        assertThrows(IllegalArgumentException.class, () -> new HomeRecipe(0.0, true));
        List<HomeRecipe> withEase = HomeRecipe.candidates(true, true);
        assertEquals(16, withEase.size());
        assertEquals(all, withEase.subList(0, 8), "the factor model's recipes first");
        assertTrue(withEase.subList(8, 16).stream().allMatch(r -> r.learner() == HomeRecipe.Learner.EASE));
        assertEquals("ease 0.7 + taste 0.3, recent items", withEase.get(13).describe());
    }

    @Test
    void a_recipe_over_ease_ranks_home_from_ease_and_leaves_cart_and_product_page_to_the_factor_model() {
        Ranker ease = new Fixed("ease", items("e1", "e2", "e3"));
        Ranker alone = new HomeRecipe(HomeRecipe.Learner.EASE, 1.0, false).apply(MODEL, ease, TASTE,
                EventWeights.standard(), id -> true, true);
        assertEquals(items("e1", "e2"), alone.home(List.of(), 2));
        assertEquals("ease", alone.name(), "named as what ranked home");
        assertEquals(items("m1", "m2"), alone.cart(items("c"), List.of(), 2));
        assertEquals(items("m1", "m2"), alone.similar(new ItemId("c"), 2));
        Ranker tasted = new HomeRecipe(HomeRecipe.Learner.EASE, 0.5, false).apply(MODEL, ease, TASTE,
                EventWeights.standard(), id -> true, true);
        assertEquals(items("e1", "t1", "e2", "t2"), tasted.home(List.of(), 4));
        assertEquals(items("m1", "m2"), tasted.cart(items("c"), List.of(), 2));
        assertSame(MODEL, new HomeRecipe(HomeRecipe.Learner.EASE, 1.0, false).apply(MODEL, null, TASTE,
                EventWeights.standard(), id -> true, true), "without an item model (co-occurrence serves) the "
                + "personal list stays");
    }

    @Test
    void a_recipe_composes_home_only_and_recent_items_only_where_the_tenant_allows_them() {
        assertSame(MODEL, new HomeRecipe(1.0, false).apply(MODEL, TASTE, EventWeights.standard(), id -> true, true),
                "model alone is the ranker itself");
        Ranker tasted = new HomeRecipe(0.5, false).apply(MODEL, TASTE, EventWeights.standard(), id -> true, true);
        assertEquals(items("m1", "t1", "m2", "t2"), tasted.home(List.of(), 4), "equal weights interleave");
        assertEquals(items("m1", "m2"), tasted.cart(items("c"), List.of(), 2), "the cart is the model's");
        assertEquals(items("m1", "m2"), tasted.similar(new ItemId("c"), 2), "so is the product page");
        assertEquals("model", tasted.name());

        Ranker withRecent = new HomeRecipe(0.5, true).apply(MODEL, TASTE, EventWeights.standard(), id -> true, true);
        assertTrue(withRecent.home(VIEWED_R, 5).contains(new ItemId("r")), "the viewed item is blended in");
        Ranker refused = new HomeRecipe(0.5, true).apply(MODEL, TASTE, EventWeights.standard(), id -> true, false);
        assertEquals(tasted.home(VIEWED_R, 5), refused.home(VIEWED_R, 5), "not where the tenant turned it off");
    }

    @Test
    void a_recipe_with_a_sequence_fuses_the_next_items_into_home_before_the_recent_items() {
        Ranker next = new Fixed("sequence", items("s1", "s2", "s3"));
        HomeRecipe recipe = new HomeRecipe(1.0, false).withSequence(0.4);
        Ranker fused = recipe.apply(MODEL, null, TASTE, next, EventWeights.standard(), id -> true, true);
        List<ItemId> home = fused.home(List.of(), 6);
        assertEquals(items("m1", "m2", "m3", "s1", "s2", "s3"), home, "fused by rank: at 0.6 against 0.4 (and "
                + "the fusion's offset) the model's three lead, the next items follow in their order");
        assertEquals(items("m1", "m2"), fused.cart(items("c"), List.of(), 2), "the cart is the model's");
        assertEquals("model", fused.name());
        assertSame(MODEL, new HomeRecipe(1.0, false).apply(MODEL, null, TASTE, next, EventWeights.standard(),
                id -> true, true), "no sequence without a weight");
        assertEquals(MODEL.home(List.of(), 3), recipe.apply(MODEL, null, TASTE, null, EventWeights.standard(),
                id -> true, true).home(List.of(), 3), "until the transitions are built home serves without them");
        assertEquals("model alone, sequence 0.4, recent items, long-term profile",
                new HomeRecipe(1.0, true).withSequence(0.4).withLongTermProfile().describe());
        assertThrows(IllegalArgumentException.class, () -> recipe.withSequence(1.0));
    }

    @Test
    void a_recipe_may_weigh_the_learned_model_otherwise_against_co_occurrence_on_home_only() {
        HomeRecipe recipe = new HomeRecipe(1.0, false).withBlendWeight(0.5);
        assertEquals("model (0.5 against co-occurrence) alone", recipe.describe());
        assertEquals("model alone", recipe.withBlendWeight(0.7).describe(), "the serving blend's weight is not said");
        assertThrows(IllegalArgumentException.class, () -> recipe.withBlendWeight(0.0));
        Ranker learned = new Fixed("learned", items("l1", "l2", "l3"));
        Ranker cooccurrence = new Fixed("cooccurrence", items("c1", "c2", "c3"));
        Ranker even = ServingBlend.of("blend", learned, cooccurrence, 0.5);
        assertEquals(items("l1", "c1", "l2", "c2"), even.home(List.of(), 4), "equal weights interleave");
        assertEquals(ServingBlend.of("blend", learned, cooccurrence).cart(items("x"), List.of(), 4),
                even.cart(items("x"), List.of(), 4), "the cart keeps the serving blend's weight");
        assertEquals(items("l1", "l2", "l3"), ServingBlend.of("blend", learned, cooccurrence, 1.0)
                .home(List.of(), 3), "weight 1: the learned list alone");
    }
}
