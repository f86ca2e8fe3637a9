package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentIndexTest {
    private static final List<Item> CATALOG = List.of(
            item("shoe-1", "Acme", List.of("Shoes", "Running"), Map.of("color", "red")),
            item("shoe-2", "Acme", List.of("Shoes", "Running"), Map.of()),
            item("shoe-3", "Bolt", List.of("Shoes", "Running"), Map.of("color", "red")),
            item("boot-1", "Bolt", List.of("Shoes", "Hiking"), Map.of()),
            item("hat-1", "Cap Co", List.of("Hats"), Map.of()),
            item("hat-2", "Cap Co", List.of("Hats"), Map.of("color", "red")));

    private final ContentIndex index = ContentIndex.build(CATALOG, 1);

    @Test
    void items_sharing_more_and_rarer_features_rank_first_attributes_count_less_and_nothing_shared_never_appears() {
        List<String> alike = ids(index.similar(CATALOG.get(0), id -> true, 10));
        assertEquals(List.of("shoe-2", "shoe-3", "boot-1", "hat-2"), alike);
    }

    @Test
    void an_item_added_after_the_build_finds_its_neighbours_by_its_own_features() {
        Item fresh = item("shoe-new", "Bolt", List.of("Shoes", "Hiking"), Map.of());
        assertEquals("boot-1", ids(index.similar(fresh, id -> true, 10)).getFirst());
    }

    @Test
    void the_item_itself_and_refused_items_are_left_out_and_the_list_is_cut_at_k() {
        List<String> alike = ids(index.similar(CATALOG.get(0), id -> !id.value().equals("shoe-2"), 2));
        assertEquals(List.of("shoe-3", "boot-1"), alike);
    }

    @Test
    void an_item_without_content_has_no_content_neighbours() {
        assertTrue(index.similar(item("bare", null, List.of(), Map.of()), id -> true, 10).isEmpty());
    }

    @Test
    void category_brand_and_attribute_features_ignore_case_and_long_free_text() {
        Item item = item("x", "ACME", List.of("Shoes", "Running"), Map.of("Color", "Red", "notes", "x".repeat(101)));
        assertEquals(4, ContentIndex.features(item).size());
        assertEquals(ContentIndex.features(item("y", "acme", List.of("shoes", "running"), Map.of("color", "red"))),
                ContentIndex.features(item));
    }

    private static Item item(String id, String brand, List<String> categories, Map<String, String> attributes) {
        return Item.of(id, id, brand, categories, null, null, true, attributes);
    }

    private static List<String> ids(List<ContentIndex.Match> matches) {
        return matches.stream().map(ContentIndex.Match::item).map(ItemId::value).toList();
    }
}
