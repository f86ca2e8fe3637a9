package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.ValidationException;
import io.shelfwise.recommendation.RecommendationFilters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommendationFiltersTest {
    private final Item runner = new Item(new ItemId("r"), "Runner", "Acme", List.of("Shoes", "Running"), null,
            null, true, Map.of());
    private final Item noBrand = new Item(new ItemId("n"), "Plain", null, List.of("Socks"), null, null, true,
            Map.of());

    @Test
    void no_filters_admit_everything() {
        assertTrue(RecommendationFilters.none().admits(runner));
        assertTrue(RecommendationFilters.none().admits(noBrand));
    }

    @Test
    void brands_match_case_insensitively_and_an_item_without_brand_fails_a_brand_filter() {
        RecommendationFilters onlyAcme = new RecommendationFilters(0, Set.of("ACME"), Set.of(), Set.of(), Set.of(), 0);
        assertTrue(onlyAcme.admits(runner));
        assertFalse(onlyAcme.admits(noBrand));
        RecommendationFilters notAcme = new RecommendationFilters(0, Set.of(), Set.of("acme"), Set.of(), Set.of(), 0);
        assertFalse(notAcme.admits(runner));
        assertTrue(notAcme.admits(noBrand));
    }

    @Test
    void a_category_matches_any_level_of_the_path() {
        RecommendationFilters running = new RecommendationFilters(0, Set.of(), Set.of(), Set.of("running"), Set.of(),
                0);
        assertTrue(running.admits(runner));
        assertFalse(running.admits(noBrand));
        RecommendationFilters noShoes = new RecommendationFilters(0, Set.of(), Set.of(), Set.of(), Set.of("Shoes"),
                0);
        assertFalse(noShoes.admits(runner));
        assertTrue(noShoes.admits(noBrand));
    }

    @Test
    void out_of_range_values_name_their_fields() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new RecommendationFilters(-1, Set.of(), Set.of(), Set.of(), Set.of(), -2));
        assertEquals(List.of("excludeBoughtDays", "maxPerBrand"), e.errors().stream().map(f -> f.field()).toList());
    }
}
