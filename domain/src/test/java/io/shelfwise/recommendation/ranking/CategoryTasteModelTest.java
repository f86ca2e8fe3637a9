package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CategoryTasteModelTest {
    private static final CategoryTasteModel.Config CONFIG = CategoryTasteModel.Config.defaults();

    /** Shoes: s-acme-1 (popular), s-acme-2, s-zen-1 (most popular), s-zen-2; mugs: m-1 (popular), m-2; books: b-1. */
    private static List<Item> catalog() {
        return List.of(item("s-acme-1", "Acme", "Sports", "Shoes"), item("s-acme-2", "Acme", "Sports", "Shoes"),
                item("s-zen-1", "Zen", "Sports", "Shoes"), item("s-zen-2", "Zen", "Sports", "Shoes"),
                item("m-1", "Potter", "Kitchen", "Mugs"), item("m-2", "Potter", "Kitchen", "Mugs"),
                item("b-1", null, "Books", "Novels"));
    }

    private static Item item(String id, String brand, String... path) {
        return new Item(new ItemId(id), "Item " + id, brand, List.of(path), null, null, true, Map.of());
    }

    /** Views by other shoppers: popularity s-zen-1 6, b-1 5, m-1 4, s-acme-1 3, m-2 2, s-acme-2 1, s-zen-2 1. */
    private static List<ShopperEvent> traffic() {
        List<ShopperEvent> events = new ArrayList<>();
        Map<String, Integer> views = Map.of("s-zen-1", 6, "b-1", 5, "m-1", 4, "s-acme-1", 3, "m-2", 2,
                "s-acme-2", 1, "s-zen-2", 1);
        int n = 0;
        for (var e : views.entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                events.add(event("other-" + n++, EventType.VIEW, "2026-11-20T10:00:00Z", e.getKey()));
            }
        }
        return events;
    }

    private static CategoryTasteModel model(Set<String> outOfStock) {
        return CategoryTasteModel.train("taste", traffic(), catalog(), id -> !outOfStock.contains(id.value()),
                PopularityModel.standard(), EventWeights.standard(), CONFIG);
    }

    @Test
    void a_shopper_gets_the_category_they_shop_from_the_brand_they_pick_there_most_popular_first() {
        List<Interaction> history = List.of(touch("s-acme-2", EventType.VIEW, "2026-11-21T10:00:00Z"),
                touch("s-acme-1", EventType.ADD_TO_CART, "2026-11-21T10:05:00Z"));

        List<ItemId> list = model(Set.of()).home(history, 7);

        assertEquals(items("s-acme-1", "s-acme-2"), list.subList(0, 2), "their brand in their category leads: "
                + list);
        assertTrue(list.indexOf(new ItemId("s-zen-1")) < list.indexOf(new ItemId("m-1")),
                "the category's other brands before other categories: " + list);
        assertEquals(7, list.size(), "the store's other items follow, by popularity");
    }

    @Test
    void a_brand_nobody_touched_yet_ranks_after_the_touched_ones_and_a_short_list_is_cut_from_the_full_ranking() {
        // Its items keep only the trace of demand every item has, so its share is tiny, not 0.
        List<Item> withNewBrand = new ArrayList<>(catalog());
        withNewBrand.add(item("s-new-1", "Newco", "Sports", "Shoes"));
        CategoryTasteModel model = CategoryTasteModel.train("taste", traffic(), withNewBrand, id -> true,
                PopularityModel.standard(), EventWeights.standard(), CONFIG);
        List<Interaction> history = List.of(touch("s-acme-2", EventType.VIEW, "2026-11-21T10:00:00Z"));

        List<ItemId> all = model.home(history, 8);

        assertEquals(new ItemId("s-new-1"), all.getLast(), "no views, a trace of a brand share: last: " + all);
        for (int k = 1; k <= 8; k++) {
            assertEquals(all.subList(0, k), model.home(history, k), "the best " + k + " of the same ranking");
        }
    }

    @Test
    void without_a_leaf_prior_an_empty_history_gets_the_store_by_popularity() {
        CategoryTasteModel noPrior = CategoryTasteModel.train("taste", traffic(), catalog(), id -> true,
                PopularityModel.standard(), EventWeights.standard(), new CategoryTasteModel.Config(CONFIG.decay(), 0.0,
                        CONFIG.brandPrior(), CONFIG.scanPerLeaf(), CONFIG.scanTop()));
        assertEquals(items("s-zen-1", "b-1", "m-1", "s-acme-1"), noPrior.home(List.of(), 4));
    }

    @Test
    void without_history_the_list_is_the_store_by_popularity_and_bought_or_missing_items_never_show() {
        CategoryTasteModel model = model(Set.of("m-1"));

        assertEquals(items("s-zen-1", "b-1", "s-acme-1", "m-2"), model.home(List.of(), 4));
        List<ItemId> afterPurchase = model.home(List.of(touch("s-zen-1", EventType.PURCHASE,
                "2026-11-21T10:00:00Z")), 10);
        assertTrue(!afterPurchase.contains(new ItemId("s-zen-1")) && !afterPurchase.contains(new ItemId("m-1")),
                "neither the bought item nor the one out of stock: " + afterPurchase);
        assertEquals(items("s-zen-2", "s-acme-1"), afterPurchase.subList(0, 2),
                "more shoes, though, the bought brand first: " + afterPurchase);
        assertEquals(List.of(), model.cart(items("s-zen-1"), List.of(), 5), "taste proposes nothing on the cart");
        assertEquals(List.of(), model.similar(new ItemId("s-zen-1"), 5), "nor on the product page");
    }

    @Test
    void the_newest_intent_leads_when_a_shopper_moves_between_categories() {
        List<Interaction> mugsThenShoes = new ArrayList<>();
        List<Interaction> shoesThenMugs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mugsThenShoes.add(touch("m-2", EventType.VIEW, "2026-11-01T10:0" + i + ":00Z"));
            shoesThenMugs.add(touch("s-zen-2", EventType.VIEW, "2026-11-01T10:0" + i + ":00Z"));
        }
        for (int i = 0; i < 3; i++) {
            mugsThenShoes.add(touch("s-zen-2", EventType.VIEW, "2026-11-21T10:0" + i + ":00Z"));
            shoesThenMugs.add(touch("m-2", EventType.VIEW, "2026-11-21T10:0" + i + ":00Z"));
        }
        // A steep decay (0.5 per step), so that the order, not the brands' lift, decides here.
        CategoryTasteModel model = CategoryTasteModel.train("taste", traffic(), catalog(), id -> true,
                PopularityModel.standard(), EventWeights.standard(), new CategoryTasteModel.Config(0.5,
                        CONFIG.leafPrior(), CONFIG.brandPrior(), CONFIG.scanPerLeaf(), CONFIG.scanTop()));

        assertEquals(new ItemId("s-zen-1"), model.home(mugsThenShoes, 3).getFirst(), "the same counts, shoes last");
        assertEquals(new ItemId("m-1"), model.home(shoesThenMugs, 3).getFirst(), "the same counts, mugs last");
    }
}
