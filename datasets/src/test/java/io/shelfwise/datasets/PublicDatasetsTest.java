package io.shelfwise.datasets;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublicDatasetsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertAcceptedByTheTrackingApi(List<ShopperEvent> events) {
        for (ShopperEvent e : events) {
            assertEquals(e, ShopperEvent.of(e.eventId(), e.type().wireName(), e.userId(), e.anonymousId(),
                    e.itemIds().stream().map(ItemId::value).toList(), e.quantity(), e.price(), e.currency(),
                    e.query(), e.recommendationId(), e.occurredAt().toString(), Instant.now()));
        }
    }

    @Test
    void retailrocket_views_carts_and_transactions_become_events_with_millisecond_times() throws IOException {
        Path file = write("events.csv", """
                timestamp,visitorid,event,itemid,transactionid
                1433221332117,257597,view,355908,
                1433224214164,992329,addtocart,248676,
                1433221999827,992329,transaction,248676,4000
                """);

        Dataset data = RetailRocketEvents.load(file);

        assertEquals(3, data.events().size());
        ShopperEvent view = data.events().get(0);
        assertEquals(EventType.VIEW, view.type());
        assertEquals("257597", view.userId());
        assertEquals(List.of(new ItemId("355908")), view.itemIds());
        assertEquals(Instant.ofEpochMilli(1433221332117L), view.occurredAt());
        assertEquals(EventType.ADD_TO_CART, data.events().get(1).type());
        ShopperEvent purchase = data.events().get(2);
        assertEquals(EventType.PURCHASE, purchase.type());
        assertEquals(1, purchase.quantity());
        assertEquals(BigDecimal.ZERO, purchase.price());
        assertEquals("XXX", purchase.currency());
        assertEquals(List.of("355908", "248676"), data.catalog().stream().map(i -> i.id().value()).toList());
        assertTrue(data.catalog().stream().allMatch(Item::inStock));
        assertAcceptedByTheTrackingApi(data.events());
    }

    @Test
    void retailrocket_stock_comes_from_the_latest_available_property_beside_the_events() throws IOException {
        Path file = write("events.csv", """
                timestamp,visitorid,event,itemid,transactionid
                1433221332117,1,view,10,
                1433221332118,1,view,20,
                1433221332119,1,view,30,
                """);
        write("item_properties_part1.csv", """
                timestamp,itemid,property,value
                1433000000000,10,available,1
                1433500000000,10,available,0
                1433000000000,20,categoryid,1338
                1433000000000,30,available,0
                """);
        write("item_properties_part2.csv", """
                timestamp,itemid,property,value
                1433900000000,30,available,1
                1433100000000,10,available,1
                """);

        Map<String, Boolean> stock = new java.util.HashMap<>();
        RetailRocketEvents.load(file).catalog().forEach(i -> stock.put(i.id().value(), i.inStock()));

        assertEquals(Map.of("10", false, "20", true, "30", true), stock,
                "10: latest is 0; 20: no availability given; 30: latest (in part 2) is 1");
    }

    @Test
    void retailrocket_columns_are_found_by_header_name_in_any_order() throws IOException {
        Path file = write("events.csv", """
                visitorid,itemid,event,transactionid,timestamp
                7,9,view,,1000
                """);
        ShopperEvent e = RetailRocketEvents.load(file).events().getFirst();
        assertEquals("7", e.userId());
        assertEquals(new ItemId("9"), e.itemIds().getFirst());
        assertEquals(Instant.ofEpochMilli(1000), e.occurredAt());
    }

    @Test
    void retailrocket_file_with_an_unknown_event_or_a_missing_column_names_the_line() throws IOException {
        Path unknown = write("bad.csv", "timestamp,visitorid,event,itemid,transactionid\n1,2,view,3,\n1,2,like,3,\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> RetailRocketEvents.load(unknown));
        assertTrue(e.getMessage().contains("bad.csv:3") && e.getMessage().contains("like"), e.getMessage());

        Path header = write("header.csv", "timestamp,visitorid,itemid\n1,2,3\n");
        assertThrows(DatasetFormatException.class, () -> RetailRocketEvents.load(header));
    }

    @Test
    void movielens_csv_ratings_of_four_or_more_become_purchases_and_lower_ones_views() throws IOException {
        Path file = write("ratings.csv", """
                userId,movieId,rating,timestamp
                1,296,5.0,1147880044
                1,306,3.5,1147868817
                2,296,4.0,1147868828
                """);

        Dataset data = MovieLensRatings.load(file);

        assertEquals(List.of(EventType.PURCHASE, EventType.VIEW, EventType.PURCHASE),
                data.events().stream().map(ShopperEvent::type).toList());
        ShopperEvent first = data.events().getFirst();
        assertEquals("1", first.userId());
        assertEquals(List.of(new ItemId("296")), first.itemIds());
        assertEquals(Instant.ofEpochSecond(1147880044L), first.occurredAt());
        assertNull(data.events().get(1).price());
        assertEquals(2, data.catalog().size());
        assertAcceptedByTheTrackingApi(data.events());
    }

    @Test
    void movielens_dat_ratings_are_separated_by_double_colons_without_a_header() throws IOException {
        Path file = write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n");

        Dataset data = MovieLensRatings.load(file);

        assertEquals(List.of(EventType.PURCHASE, EventType.VIEW),
                data.events().stream().map(ShopperEvent::type).toList());
        assertEquals(Instant.ofEpochSecond(978302109L), data.events().get(1).occurredAt());
    }

    @Test
    void movielens_rating_that_is_not_a_number_names_the_line() throws IOException {
        Path file = write("ratings.csv", "userId,movieId,rating,timestamp\n1,2,five,3\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> MovieLensRatings.load(file));
        assertTrue(e.getMessage().contains("ratings.csv:2"), e.getMessage());
    }
}
