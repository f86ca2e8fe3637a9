package io.shelfwise.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.port.out.ItemStore;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.ForwardingItemStore;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import io.shelfwise.testing.MapTenantCaches;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The serving reads of the catalog come from memory: own changes at once, other processes' within the refresh. */
class LiveCatalogTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final Duration REFRESH = Duration.ofSeconds(2);

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryItemStore store = new InMemoryItemStore();
    /** Two replicas over one store; checks run inline so the test sees their effect at once. */
    private final CatalogService here = new CatalogService(store, clock, REFRESH, Runnable::run,
            new MapTenantCaches(), 64L << 20);
    private final CatalogService otherReplica = new CatalogService(store, clock, REFRESH, Runnable::run,
            new MapTenantCaches(), 64L << 20);

    @Test
    void a_change_made_through_this_process_is_served_at_once() {
        here.upsert(ACME, List.of(item("a", true), item("b", true)));
        assertEquals(List.of("a", "b"), ids(here.inStock(ACME.tenantId(), List.of(id("a"), id("b")))));
        here.upsert(ACME, List.of(item("a", false)));
        assertEquals(List.of("b"), ids(here.inStock(ACME.tenantId(), List.of(id("a"), id("b")))));
        here.delete(ACME.tenantId(), id("b"));
        assertTrue(here.inStock(ACME.tenantId(), List.of(id("a"), id("b"))).isEmpty());
        assertNull(here.view(ACME.tenantId()).find(id("b")));
        assertEquals(List.of(), ids(here.anyInStock(ACME.tenantId(), 10)));
    }

    @Test
    void a_walk_of_the_catalog_is_in_id_order_after_every_change() {
        here.upsert(ACME, List.of(item("c", true), item("a", true), item("b", true)));
        CatalogView view = here.view(ACME.tenantId());
        assertEquals(List.of("a", "b", "c"), view.items().stream().map(i -> i.id().value()).toList());
        here.delete(ACME.tenantId(), id("b"));
        assertEquals(List.of("a", "c"), view.items().stream().map(i -> i.id().value()).toList());
        here.upsert(ACME, List.of(item("b", false), item("0", true)));
        assertEquals(List.of("0", "a", "b", "c"), view.items().stream().map(i -> i.id().value()).toList());
        assertEquals(false, view.find(id("b")).inStock(), "the changed item, not the deleted one");
    }

    @Test
    void items_loaded_or_changed_share_one_instance_of_each_repeated_value_and_keep_every_field() {
        java.math.BigDecimal price = new java.math.BigDecimal("19.99");
        Item a = new Item(id("a"), "Tent A", new String("Acme"), List.of(new String("Outdoor"), "Tents"),
                price, new String("EUR"), true, java.util.Map.of("colour", new String("green")));
        Item b = new Item(id("b"), "Tent B", new String("Acme"), List.of(new String("Outdoor"), "Tents"),
                new java.math.BigDecimal("19.99"), new String("EUR"), true,
                java.util.Map.of("colour", new String("green"), "size", "2p"));
        store.upsert(ACME.tenantId(), List.of(a));
        here.view(ACME.tenantId());
        here.upsert(ACME, List.of(b));
        CatalogView view = here.view(ACME.tenantId());
        Item heldA = view.find(id("a"));
        Item heldB = view.find(id("b"));
        assertEquals(a, heldA, "every field as stored");
        assertEquals(b, heldB, "every field as upserted");
        assertTrue(heldA.brand() == heldB.brand() && heldA.currency() == heldB.currency()
                && heldA.price() == heldB.price() && heldA.categoryPath() == heldB.categoryPath()
                && heldA.attributes().get("colour") == heldB.attributes().get("colour"),
                "the second item holds the first one's brand, currency, price, path and attribute value");
        assertEquals(List.of("colour", "size"), List.copyOf(heldB.attributes().keySet()), "attributes in key order");
    }

    @Test
    void a_loaded_catalog_holds_the_ids_another_holder_already_has_and_its_own_for_the_rest() {
        ItemId modelsA = id("a");
        here.shareIdsWith(tenant -> tenant.equals(ACME.tenantId()) ? id -> id.equals(modelsA) ? modelsA : id
                : UnaryOperator.identity());
        store.upsert(ACME.tenantId(), List.of(item("a", true), item("b", true)));
        CatalogView view = here.view(ACME.tenantId());
        assertSame(modelsA, view.find(id("a")).id());
        assertNotSame(modelsA, otherReplica.view(ACME.tenantId()).find(id("a")).id(), "where nothing else holds it");
        assertEquals("b", view.find(id("b")).id().value());
        assertSame(view.find(id("a")).id(), here.heldIds(ACME.tenantId()).apply(id("a")),
                "what the activity cache then maps to");
    }

    @Test
    void a_change_made_by_another_process_is_served_within_the_refresh_interval() {
        here.upsert(ACME, List.of(item("a", true), item("b", true)));
        assertEquals(2, here.anyInStock(ACME.tenantId(), 10).size());
        otherReplica.upsert(ACME, List.of(item("a", false)));
        otherReplica.upsert(ACME, List.of(item("c", true)));
        assertEquals(List.of("a", "b"), ids(here.anyInStock(ACME.tenantId(), 10)), "not checked yet");
        clock.advance(REFRESH);
        assertEquals(List.of("b", "c"), ids(here.anyInStock(ACME.tenantId(), 10)));
        otherReplica.delete(ACME.tenantId(), id("c"));
        clock.advance(REFRESH);
        assertEquals(List.of("b"), ids(here.anyInStock(ACME.tenantId(), 10)));
    }

    @Test
    void an_own_change_does_not_make_the_next_check_reload_the_whole_catalog() {
        CountingStore counting = new CountingStore(store);
        CatalogService service = new CatalogService(counting, clock, REFRESH, Runnable::run,
                new MapTenantCaches(), 64L << 20);
        service.upsert(ACME, List.of(item("a", true)));
        service.view(ACME.tenantId());
        int loads = counting.lists;
        service.upsert(ACME, List.of(item("b", true)));
        clock.advance(REFRESH);
        assertEquals(List.of("a", "b"), ids(service.anyInStock(ACME.tenantId(), 10)));
        assertEquals(loads, counting.lists, "the version moved only by this process's own change");
    }

    @Test
    void the_checks_of_many_held_catalogs_share_one_read_of_every_tenants_version() {
        CountingStore counting = new CountingStore(store);
        CatalogService service = new CatalogService(counting, clock, REFRESH, Runnable::run,
                new MapTenantCaches(), 64L << 20);
        List<TenantAccess> tenants = new java.util.ArrayList<>();
        for (int t = 0; t < 50; t++) {
            TenantAccess tenant = TestAccess.of("shop-" + t);
            otherReplica.upsert(tenant, List.of(item("a", true)));
            assertEquals(List.of("a"), ids(service.anyInStock(tenant.tenantId(), 10)));
            tenants.add(tenant);
        }
        otherReplica.upsert(tenants.get(7), List.of(item("b", true)));
        int versionReads = counting.versionReads;
        int loads = counting.lists;
        clock.advance(REFRESH);

        for (TenantAccess tenant : tenants) {
            List<String> expected = tenant == tenants.get(7) ? List.of("a", "b") : List.of("a");
            assertEquals(expected, ids(service.anyInStock(tenant.tenantId(), 10)), tenant.tenantId().value());
        }
        assertEquals(1, counting.allVersionReads, "one read of every version for the fifty checks");
        assertEquals(versionReads + 1, counting.versionReads, "one tenant's own version: the changed one's reload");
        assertEquals(loads + 2, counting.lists, "only the changed catalog is read again (its page, then none)");
    }

    @Test
    void a_catalog_erased_elsewhere_is_dropped_but_a_read_older_than_an_own_change_reloads_nothing() {
        TenantAccess other = TestAccess.of("other");
        CountingStore counting = new CountingStore(store);
        CatalogService service = new CatalogService(counting, clock, REFRESH, Runnable::run,
                new MapTenantCaches(), 64L << 20);
        service.upsert(ACME, List.of(item("a", true)));
        service.upsert(other, List.of(item("o", true)));
        service.view(ACME.tenantId());
        service.view(other.tenantId());
        clock.advance(REFRESH);
        // Another tenant's check reads every version; then this process changes ACME: the read is behind it.
        service.anyInStock(other.tenantId(), 10);
        service.upsert(ACME, List.of(item("b", true)));
        int loads = counting.lists;
        assertEquals(List.of("a", "b"), ids(service.anyInStock(ACME.tenantId(), 10)));
        assertEquals(loads, counting.lists, "a version older than this process's own change reloads nothing");

        store.erase(ACME.tenantId());
        clock.advance(REFRESH);
        assertEquals(List.of(), ids(service.anyInStock(ACME.tenantId(), 10)),
                "a version gone back (the tenant's records erased elsewhere) is read again");
    }

    @Test
    void a_change_committed_here_while_the_catalog_is_being_loaded_is_kept() {
        CountingStore racing = new CountingStore(store);
        CatalogService service = new CatalogService(racing, clock, REFRESH, Runnable::run,
                new MapTenantCaches(), 64L << 20);
        store.upsert(ACME.tenantId(), List.of(item("a", true)));
        // The first load reads page one; meanwhile this process sells out "a".
        racing.duringFirstList = () -> service.upsert(ACME, List.of(item("a", false)));
        assertTrue(service.inStock(ACME.tenantId(), List.of(id("a"))).isEmpty());
    }

    @Test
    void another_tenants_items_are_never_served() {
        here.upsert(ACME, List.of(item("a", true)));
        here.upsert(TestAccess.of("globex"), List.of(item("g", true)));
        assertEquals(List.of("a"), ids(here.anyInStock(ACME.tenantId(), 10)));
        assertTrue(here.inStock(ACME.tenantId(), List.of(id("g"))).isEmpty());
    }

    private static Item item(String id, boolean inStock) {
        return Item.of(id, "Item " + id, null, null, null, null, inStock, null);
    }

    private static ItemId id(String id) {
        return new ItemId(id);
    }

    private static List<String> ids(List<Item> items) {
        return items.stream().map(i -> i.id().value()).toList();
    }

    /** Counts full listings, and can run something in the middle of the first one. */
    private static final class CountingStore extends ForwardingItemStore {
        private int lists;
        private int versionReads;
        private int allVersionReads;
        private Runnable duringFirstList;

        CountingStore(ItemStore delegate) {
            super(delegate);
        }

        @Override
        public long version(TenantId tenant) {
            versionReads++;
            return super.version(tenant);
        }

        @Override
        public java.util.Map<TenantId, Long> versions() {
            allVersionReads++;
            return super.versions();
        }

        @Override
        public List<Item> list(TenantId tenant, ItemId after, int limit) {
            lists++;
            List<Item> page = super.list(tenant, after, limit);
            if (duringFirstList != null) {
                Runnable hook = duringFirstList;
                duringFirstList = null;
                hook.run();
            }
            return page;
        }
    }
}
