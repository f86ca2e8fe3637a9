package io.shelfwise.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.onboarding.port.out.InitialData;
import io.shelfwise.onboarding.port.out.InitialData.EventRow;
import io.shelfwise.onboarding.port.out.InitialData.ItemRow;
import io.shelfwise.onboarding.port.out.InitialData.Row;
import io.shelfwise.tenancy.TenantId;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three layouts a data directory may hold, read from real files: JSON lines, our CSV, RetailRocket's CSV. */
class LocalDirectoryInitialDataTest {
    private static final TenantId SHOP = new TenantId("csv-shop");
    private final LocalDirectoryInitialData data = new LocalDirectoryInitialData();

    @TempDir
    Path dir;

    @Test
    void json_lines_are_parsed_as_the_api_objects_and_a_broken_line_names_its_line_and_field() throws IOException {
        Files.writeString(dir.resolve("catalog.jsonl"), """
                {"id":"sku-1","title":"Shoe","categoryPath":["Shoes"],"price":12.5,"currency":"EUR","inStock":true}

                {"id":"sku-2","title":"Hat","price":"cheap","inStock":true}
                not json
                {"id":"sku-3","title":"Sock","inStock":false,"colour":"red"}
                """);
        List<Row<ItemRow>> rows = all(data.catalog(SHOP, dir.toString()));
        assertEquals(4, rows.size());
        assertEquals(new BigDecimal("12.5"), rows.get(0).value().price());
        assertEquals(3, rows.get(1).line(), "blank lines count");
        assertEquals("price", rows.get(1).field());
        assertNull(rows.get(2).value());
        assertTrue(rows.get(2).problem().startsWith("not a JSON object"));
        assertEquals("colour", rows.get(3).field());
        assertFalse(data.events(SHOP, dir.toString()).hasNext(), "no events file: no rows");
    }

    @Test
    void our_csv_layout_reads_quoted_cells_paths_and_item_lists() throws IOException {
        Files.writeString(dir.resolve("catalog.csv"), """
                id,title,brand,categoryPath,price,currency,inStock
                sku-1,"Shoe, trail",Acme,Shoes > Running,89.90,EUR,true
                sku-2,Hat,,Hats,,,no
                sku-3,Sock,Acme,Socks,twelve,EUR,true
                """);
        Files.writeString(dir.resolve("events.csv"), """
                eventId,type,userId,anonymousId,itemIds,quantity,price,currency,query,recommendationId,timestamp
                e-1,purchase,u-1,,sku-1|sku-2,2,101.9,EUR,,,2026-11-01T10:00:00Z
                e-2,search,u-1,,,,,,trail shoes,,2026-11-01T10:05:00Z
                """);
        List<Row<ItemRow>> items = all(data.catalog(SHOP, dir.toString()));
        assertEquals(new ItemRow("sku-1", "Shoe, trail", "Acme", List.of("Shoes", "Running"), new BigDecimal("89.90"),
                "EUR", true, java.util.Map.of()), items.get(0).value());
        assertEquals(Boolean.FALSE, items.get(1).value().inStock());
        assertNull(items.get(1).value().brand(), "an empty cell is an absent field");
        assertEquals("price", items.get(2).field());
        assertEquals(4, items.get(2).line());
        List<Row<EventRow>> events = all(data.events(SHOP, dir.toString()));
        assertEquals(List.of("sku-1", "sku-2"), events.get(0).value().itemIds());
        assertEquals(2, events.get(0).value().quantity());
        assertEquals("trail shoes", events.get(1).value().query());
    }

    @Test
    void retail_rocket_exports_become_events_and_a_catalog_from_the_latest_properties() throws IOException {
        Files.writeString(dir.resolve("events.csv"), """
                timestamp,visitorid,event,itemid,transactionid
                1433221332117,257597,view,355908,
                1433224214164,992329,addtocart,248676,
                1433221955914,111016,transaction,248676,4000
                1433222000000,111016,click,1,
                """);
        Files.writeString(dir.resolve("item_properties_part1.csv"), """
                timestamp,itemid,property,value
                1435460400000,248676,categoryid,1338
                1435460400000,248676,available,1
                1441508400000,248676,available,0
                1435460400000,355908,888,1116713 960601
                """);
        List<Row<EventRow>> events = all(data.events(SHOP, dir.toString()));
        assertEquals("view", events.get(0).value().type());
        assertEquals("2015-06-02T05:02:12.117Z", events.get(0).value().timestamp());
        assertEquals("257597", events.get(0).value().userId());
        assertEquals("add_to_cart", events.get(1).value().type());
        EventRow purchase = events.get(2).value();
        assertEquals(List.of("purchase", 1, BigDecimal.ZERO, "XXX"),
                List.of(purchase.type(), purchase.quantity(), purchase.price(), purchase.currency()));
        assertEquals("rr-1433221332117-257597-355908-view", events.get(0).value().eventId());
        assertEquals("event", events.get(3).field());
        List<Row<ItemRow>> items = all(data.catalog(SHOP, dir.toString()));
        ItemRow sold = items.stream().map(Row::value).filter(i -> i.id().equals("248676")).findFirst().orElseThrow();
        assertEquals(List.of("category 1338"), sold.categoryPath());
        assertEquals(Boolean.FALSE, sold.inStock(), "the latest 'available' wins");
        ItemRow viewed = items.stream().map(Row::value).filter(i -> i.id().equals("355908")).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, viewed.inStock());
    }

    @Test
    void a_location_that_is_not_a_directory_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> data.catalog(SHOP, dir.resolve("nope").toString()));
    }

    private static <T> List<Row<T>> all(InitialData.Rows<T> rows) {
        List<Row<T>> all = new ArrayList<>();
        try (rows) {
            rows.forEachRemaining(all::add);
        }
        return all;
    }
}
