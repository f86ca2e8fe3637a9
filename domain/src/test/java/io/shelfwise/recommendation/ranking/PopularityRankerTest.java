package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.item;
import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PopularityRankerTest {
    /** Scores with the standard model on 03-10: bought 5 (+ 1 view), carted 3, viewed-today 2, viewed-old 0.5. */
    private static final List<ShopperEvent> TRAIN = List.of(
            event("u1", EventType.VIEW, "2026-03-10T09:00:00Z", "bought"),
            event("u1", EventType.PURCHASE, "2026-03-10T09:01:00Z", "bought"),
            event("u2", EventType.ADD_TO_CART, "2026-03-10T09:00:00Z", "carted"),
            event("u3", EventType.VIEW, "2026-03-10T09:00:00Z", "viewed-today"),
            event("u4", EventType.VIEW, "2026-03-10T10:00:00Z", "viewed-today"),
            event("u5", EventType.VIEW, "2026-03-03T09:00:00Z", "viewed-old"),
            Events.search("u5", "2026-03-10T11:00:00Z", "tents"));

    private final Set<ItemId> outOfStock = new HashSet<>();
    private final PopularityRanker ranker = PopularityRanker.train(TRAIN, id -> !outOfStock.contains(id),
            PopularityModel.standard());

    @Test
    void ranks_by_the_popularity_model_as_of_the_last_training_day() {
        assertEquals(items("bought", "carted", "viewed-today", "viewed-old"), ranker.home(List.of(), 10));
        assertEquals(items("bought", "carted"), ranker.home(List.of(), 2));
    }

    @Test
    void leaves_out_what_the_shopper_bought_the_cart_holds_or_the_page_shows() {
        List<Interaction> history = List.of(touch("bought", EventType.PURCHASE, "2026-03-01T10:00:00Z"),
                touch("carted", EventType.VIEW, "2026-03-01T10:00:00Z"));
        assertEquals(items("carted", "viewed-today", "viewed-old"), ranker.home(history, 10));
        assertEquals(items("bought", "viewed-old"), ranker.cart(items("carted", "viewed-today"), List.of(), 10));
        assertEquals(items("bought", "viewed-today", "viewed-old"), ranker.similar(item("carted"), 10));
    }

    @Test
    void stock_is_asked_at_query_time() {
        outOfStock.add(item("bought"));
        assertEquals(items("carted", "viewed-today"), ranker.home(List.of(), 2));
        outOfStock.clear();
        assertEquals(items("bought", "carted"), ranker.home(List.of(), 2));
    }
}
