package io.shelfwise.catalog;

import io.shelfwise.common.LimitExceededException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.TestAccess;
import io.shelfwise.testing.TestPolicies;
import io.shelfwise.testing.MapTenantCaches;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CatalogServiceTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final TenantAccess GLOBEX = TestAccess.of("globex");

    private final InMemoryItemStore store = new InMemoryItemStore();
    private final CatalogService catalog = new CatalogService(store, new MapTenantCaches());

    private static Item item(String id) {
        return item(id, "Item " + id, true);
    }

    private static Item item(String id, String title, boolean inStock) {
        return Item.of(id, title, null, null, null, null, inStock, null);
    }

    private static List<Item> items(int count) {
        return IntStream.range(0, count).mapToObj(i -> item(String.format("sku-%04d", i))).toList();
    }

    private static List<String> ids(List<Item> items) {
        return items.stream().map(i -> i.id().value()).toList();
    }

    private static ItemId id(String value) {
        return new ItemId(value);
    }

    @Test
    void upserted_items_can_be_read_back_and_replaced() {
        assertEquals(2, catalog.upsert(ACME, List.of(item("tent"), item("stove"))));
        assertEquals("Item tent", catalog.get(ACME.tenantId(), id("tent")).title());

        catalog.upsert(ACME, List.of(item("tent", "Tent, 2 persons", false)));

        Item replaced = catalog.get(ACME.tenantId(), id("tent"));
        assertEquals("Tent, 2 persons", replaced.title());
        assertFalse(replaced.inStock());
        assertEquals(2, store.count(ACME.tenantId()));
    }

    @Test
    void empty_batch_is_rejected() {
        ValidationException e = assertThrows(ValidationException.class, () -> catalog.upsert(ACME, List.of()));
        assertEquals("items: must hold at least one item", e.getMessage());
    }

    @Test
    void batch_of_1000_items_is_accepted_and_1001_is_too_large() {
        assertEquals(1000, catalog.upsert(ACME, items(1000)));

        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> catalog.upsert(GLOBEX, items(1001)));
        assertEquals(LimitExceededException.Kind.REQUEST_SIZE, e.kind());
        assertEquals("items", e.field());
        assertNull(e.retryAfter());
        assertEquals(0, store.count(GLOBEX.tenantId()));
    }

    @Test
    void repeated_id_inside_one_batch_is_rejected_naming_its_position_and_nothing_is_written() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> catalog.upsert(ACME, List.of(item("a"), item("b"), item("a"))));
        assertEquals(1, e.errors().size());
        assertEquals("items[2].id", e.errors().get(0).field());
        assertEquals("repeats id 'a' of an earlier item in this batch", e.errors().get(0).message());
        assertEquals(0, store.count(ACME.tenantId()));
    }

    @Test
    void adding_items_beyond_the_tiers_catalog_size_is_a_quota_error_and_writes_nothing() {
        TenantAccess small = TestAccess.of("acme", TestPolicies.withMaxCatalogItems(3));
        catalog.upsert(small, List.of(item("a"), item("b")));

        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> catalog.upsert(small, List.of(item("c"), item("d"))));

        assertEquals(LimitExceededException.Kind.QUOTA, e.kind());
        assertEquals("items", e.field());
        assertNull(e.retryAfter());
        assertEquals("the standard tier holds at most 3 catalog items; this batch would exceed it", e.getMessage());
        assertEquals(List.of("a", "b"), ids(catalog.page(small.tenantId(), null, 10).items()));
    }

    @Test
    void catalog_at_its_cap_still_accepts_replacements_but_not_additions() {
        TenantAccess small = TestAccess.of("acme", TestPolicies.withMaxCatalogItems(3));
        catalog.upsert(small, List.of(item("a"), item("b"), item("c")));

        assertEquals(3, catalog.upsert(small, List.of(item("a", "A v2", true), item("b", "B v2", false),
                item("c", "C v2", true))));
        assertEquals("B v2", catalog.get(small.tenantId(), id("b")).title());

        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> catalog.upsert(small, List.of(item("a", "A v3", true), item("d"))));
        assertEquals(LimitExceededException.Kind.QUOTA, e.kind());
        assertEquals("A v2", catalog.get(small.tenantId(), id("a")).title());
        assertEquals(3, store.count(small.tenantId()));
    }

    @Test
    void catalog_left_above_a_lowered_cap_still_accepts_replacements() {
        catalog.upsert(TestAccess.of("acme", TestPolicies.withMaxCatalogItems(3)),
                List.of(item("a"), item("b"), item("c")));
        TenantAccess downgraded = TestAccess.of("acme", TestPolicies.withMaxCatalogItems(2));

        assertEquals(1, catalog.upsert(downgraded, List.of(item("a", "A v2", true))));
        assertEquals("A v2", catalog.get(downgraded.tenantId(), id("a")).title());
        assertThrows(LimitExceededException.class, () -> catalog.upsert(downgraded, List.of(item("d"))));
    }

    @Test
    void deleting_an_item_frees_room_under_the_cap() {
        TenantAccess small = TestAccess.of("acme", TestPolicies.withMaxCatalogItems(2));
        catalog.upsert(small, List.of(item("a"), item("b")));
        catalog.delete(small.tenantId(), id("a"));
        assertEquals(1, catalog.upsert(small, List.of(item("c"))));
        assertEquals(List.of("b", "c"), ids(catalog.page(small.tenantId(), null, 10).items()));
    }

    @Test
    void deleted_item_is_gone_and_deleting_it_again_is_not_found() {
        catalog.upsert(ACME, List.of(item("tent")));
        catalog.delete(ACME.tenantId(), id("tent"));

        NotFoundException get = assertThrows(NotFoundException.class,
                () -> catalog.get(ACME.tenantId(), id("tent")));
        assertEquals("item", get.resource());
        assertEquals("tent", get.id());
        assertThrows(NotFoundException.class, () -> catalog.delete(ACME.tenantId(), id("tent")));
    }

    @Test
    void pages_follow_the_cursor_in_id_order_until_the_end() {
        catalog.upsert(ACME, List.of(item("e"), item("c"), item("a"), item("d"), item("b")));
        TenantId tenant = ACME.tenantId();

        CatalogPage first = catalog.page(tenant, null, 2);
        assertEquals(List.of("a", "b"), ids(first.items()));
        assertEquals(id("b"), first.next());

        CatalogPage second = catalog.page(tenant, first.next(), 2);
        assertEquals(List.of("c", "d"), ids(second.items()));
        assertEquals(id("d"), second.next());

        CatalogPage last = catalog.page(tenant, second.next(), 2);
        assertEquals(List.of("e"), ids(last.items()));
        assertNull(last.next());
    }

    @Test
    void page_that_exactly_reaches_the_end_has_no_next_cursor() {
        catalog.upsert(ACME, List.of(item("a"), item("b"), item("c"), item("d")));
        CatalogPage page = catalog.page(ACME.tenantId(), id("b"), 2);
        assertEquals(List.of("c", "d"), ids(page.items()));
        assertNull(page.next());
    }

    @Test
    void page_limit_must_be_between_1_and_1000() {
        ValidationException zero = assertThrows(ValidationException.class,
                () -> catalog.page(ACME.tenantId(), null, 0));
        assertEquals("limit: must be between 1 and 1000", zero.getMessage());
        assertThrows(ValidationException.class, () -> catalog.page(ACME.tenantId(), null, 1001));
        catalog.upsert(ACME, List.of(item("a")));
        assertEquals(List.of("a"), ids(catalog.page(ACME.tenantId(), null, 1000).items()));
    }

    @Test
    void in_stock_lookup_drops_missing_and_out_of_stock_items() {
        catalog.upsert(ACME, List.of(item("a"), item("b", "B", false), item("c")));
        List<Item> found = catalog.inStock(ACME.tenantId(), List.of(id("c"), id("b"), id("zzz"), id("a")));
        assertEquals(List.of("a", "c"), ids(found).stream().sorted().toList());
        assertEquals(List.of("a", "c"), ids(catalog.anyInStock(ACME.tenantId(), 10)));
        assertEquals(List.of("a"), ids(catalog.anyInStock(ACME.tenantId(), 1)));
    }

    @Test
    void one_tenant_never_sees_or_touches_another_tenants_items() {
        catalog.upsert(ACME, List.of(item("tent", "Acme tent", true)));
        TenantId globex = GLOBEX.tenantId();

        assertThrows(NotFoundException.class, () -> catalog.get(globex, id("tent")));
        assertEquals(List.of(), catalog.page(globex, null, 10).items());
        assertEquals(List.of(), catalog.inStock(globex, List.of(id("tent"))));
        assertEquals(List.of(), catalog.anyInStock(globex, 10));
        assertThrows(NotFoundException.class, () -> catalog.delete(globex, id("tent")));

        catalog.upsert(GLOBEX, List.of(item("tent", "Globex tent", true)));

        assertEquals("Acme tent", catalog.get(ACME.tenantId(), id("tent")).title());
        assertEquals("Globex tent", catalog.get(globex, id("tent")).title());
    }

    @Test
    void catalog_cap_counts_only_the_callers_own_items() {
        TenantAccess acme = TestAccess.of("acme", TestPolicies.withMaxCatalogItems(2));
        TenantAccess globex = TestAccess.of("globex", TestPolicies.withMaxCatalogItems(2));
        catalog.upsert(acme, List.of(item("a"), item("b")));
        assertEquals(2, catalog.upsert(globex, List.of(item("a"), item("b"))));
        assertThrows(LimitExceededException.class, () -> catalog.upsert(acme, List.of(item("c"))));
    }
}
