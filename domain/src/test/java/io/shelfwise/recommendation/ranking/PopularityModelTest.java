package io.shelfwise.recommendation.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.recommendation.ItemSignal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopularityModelTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    private static final double EPSILON = 1e-9;

    private final PopularityModel model = PopularityModel.standard();

    private static ItemSignal signal(String item, EventType type, int daysAgo, long count) {
        return new ItemSignal(new ItemId(item), type, TODAY.minusDays(daysAgo), count);
    }

    private static List<String> order(List<PopularityModel.Ranked> ranked) {
        return ranked.stream().map(r -> r.itemId().value()).toList();
    }

    private double scoreOf(List<ItemSignal> signals, String item) {
        return model.rank(signals, TODAY).stream().filter(r -> r.itemId().value().equals(item))
                .findFirst().orElseThrow().score();
    }

    @Test
    void purchase_outweighs_add_to_cart_which_outweighs_click_which_outweighs_view() {
        List<PopularityModel.Ranked> ranked = model.rank(List.of(
                signal("viewed", EventType.VIEW, 0, 1),
                signal("clicked", EventType.CLICK, 0, 1),
                signal("bought", EventType.PURCHASE, 0, 1),
                signal("carted", EventType.ADD_TO_CART, 0, 1)), TODAY);

        assertEquals(List.of("bought", "carted", "clicked", "viewed"), order(ranked));
        assertEquals(List.of(5.0, 3.0, 2.0, 1.0), ranked.stream().map(PopularityModel.Ranked::score).toList());
    }

    @Test
    void searches_and_cart_removals_carry_no_popularity() {
        List<PopularityModel.Ranked> ranked = model.rank(List.of(
                signal("searched", EventType.SEARCH, 0, 100),
                signal("removed", EventType.REMOVE_FROM_CART, 0, 100),
                signal("viewed", EventType.VIEW, 0, 1)), TODAY);
        assertEquals(List.of("viewed"), order(ranked));
    }

    @Test
    void score_is_weight_times_count_summed_over_types_and_days() {
        List<ItemSignal> signals = List.of(
                signal("tent", EventType.VIEW, 0, 4),
                signal("tent", EventType.PURCHASE, 0, 2),
                signal("tent", EventType.VIEW, 7, 2));
        assertEquals(4 * 1.0 + 2 * 5.0 + 2 * 1.0 * 0.5, scoreOf(signals, "tent"), EPSILON);
    }

    @Test
    void many_views_can_outrank_one_purchase() {
        List<PopularityModel.Ranked> ranked = model.rank(List.of(
                signal("bought-once", EventType.PURCHASE, 0, 1),
                signal("viewed-often", EventType.VIEW, 0, 6)), TODAY);
        assertEquals(List.of("viewed-often", "bought-once"), order(ranked));
    }

    @Test
    void signal_seven_days_old_counts_half_and_fourteen_days_old_a_quarter() {
        assertEquals(2.5, scoreOf(List.of(signal("a", EventType.PURCHASE, 7, 1)), "a"), EPSILON);
        assertEquals(1.25, scoreOf(List.of(signal("a", EventType.PURCHASE, 14, 1)), "a"), EPSILON);
        assertEquals(5 * Math.pow(0.5, 1 / 7.0), scoreOf(List.of(signal("a", EventType.PURCHASE, 1, 1)), "a"),
                EPSILON);
    }

    @Test
    void week_old_purchase_ranks_below_todays_add_to_cart() {
        List<PopularityModel.Ranked> ranked = model.rank(List.of(
                signal("bought-last-week", EventType.PURCHASE, 7, 1),
                signal("carted-today", EventType.ADD_TO_CART, 0, 1)), TODAY);
        assertEquals(List.of("carted-today", "bought-last-week"), order(ranked));
    }

    @Test
    void signal_dated_in_the_future_counts_as_today() {
        assertEquals(5.0, scoreOf(List.of(signal("a", EventType.PURCHASE, -2, 1)), "a"), EPSILON);
    }

    @Test
    void equal_scores_are_ordered_by_item_id_whatever_the_input_order() {
        List<String> ids = List.of("sku-10", "zebra", "sku-9", "apple", "sku-100", "mango", "Kiwi", "sku-1");
        List<ItemSignal> signals = new ArrayList<>(
                ids.stream().map(id -> signal(id, EventType.VIEW, 0, 1)).toList());
        signals.add(signal("top", EventType.CLICK, 0, 1));
        List<String> expected = List.of("top", "Kiwi", "apple", "mango", "sku-1", "sku-10", "sku-100", "sku-9",
                "zebra");

        assertEquals(expected, order(model.rank(signals, TODAY)));
        assertEquals(expected, order(model.rank(signals.reversed(), TODAY)));
    }

    @Test
    void no_signals_rank_nothing() {
        assertEquals(List.of(), model.rank(List.of(), TODAY));
    }

    @Test
    void custom_weights_and_half_life_are_honoured() {
        PopularityModel viewsOnly = new PopularityModel(Map.of(EventType.VIEW, 2.0), Duration.ofDays(1));
        List<PopularityModel.Ranked> ranked = viewsOnly.rank(List.of(
                signal("viewed-yesterday", EventType.VIEW, 1, 1),
                signal("bought", EventType.PURCHASE, 0, 10)), TODAY);
        assertEquals(List.of("viewed-yesterday"), order(ranked));
        assertEquals(1.0, ranked.get(0).score(), EPSILON);
    }

    @Test
    void scores_summed_from_raw_rows_rank_as_the_grouped_signals_and_keep_the_best_limit() {
        List<ItemSignal> grouped = List.of(
                signal("a", EventType.VIEW, 0, 3),
                signal("a", EventType.PURCHASE, 100, 2),
                signal("b", EventType.ADD_TO_CART, 3, 2),
                signal("c", EventType.CLICK, 1, 1),
                signal("d", EventType.SEARCH, 0, 9));
        PopularityModel.Scores scores = model.scores(TODAY);
        for (ItemSignal s : grouped.reversed()) {
            for (int n = 0; n < s.count(); n++) {
                scores.accept(s.itemId().value(), s.type(), s.day().toEpochDay(), 1);
            }
        }
        List<PopularityModel.Ranked> all = model.rank(grouped, TODAY);
        assertEquals(List.of("b", "a", "c"), order(all));
        assertEquals(3 + 2 * 5 * Math.pow(0.5, 100 / 7.0), all.get(1).score(), EPSILON);
        List<PopularityModel.Ranked> best = scores.ranked(2);
        assertEquals(order(all.subList(0, 2)), order(best));
        assertEquals(all.get(0).score(), best.get(0).score(), EPSILON);
        assertEquals(all.get(1).score(), best.get(1).score(), EPSILON);
    }

    @Test
    void the_same_signals_summed_in_another_order_still_tie_and_are_ordered_by_item_id() {
        // Two clicks today and a view yesterday: summed click, click, view the score is one bit above click, view,
        // click (4.905723664263907 against ...906). Raw rows arrive in any order; the tie-break must still decide.
        long today = TODAY.toEpochDay();
        PopularityModel.Scores scores = model.scores(TODAY);
        scores.accept("b", EventType.CLICK, today, 1);
        scores.accept("b", EventType.CLICK, today, 1);
        scores.accept("b", EventType.VIEW, today - 1, 1);
        scores.accept("a", EventType.CLICK, today, 1);
        scores.accept("a", EventType.VIEW, today - 1, 1);
        scores.accept("a", EventType.CLICK, today, 1);
        List<PopularityModel.Ranked> ranked = scores.ranked(2);
        assertEquals(List.of("a", "b"), order(ranked));
        assertEquals(4 + Math.pow(0.5, 1 / 7.0), ranked.get(0).score(), EPSILON);
    }
}
