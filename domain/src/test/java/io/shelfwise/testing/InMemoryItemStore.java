package io.shelfwise.testing;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.out.ItemStore;
import io.shelfwise.tenancy.TenantId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@link ItemStore} with one id-ordered map per tenant, like the SQL store's (tenant, item id) key. */
public final class InMemoryItemStore implements ItemStore {
    private final Map<TenantId, TreeMap<String, Item>> catalogs = new HashMap<>();
    private final Map<TenantId, Long> versions = new HashMap<>();

    @Override
    public synchronized long upsert(TenantId tenant, List<Item> items) {
        TreeMap<String, Item> catalog = catalogOf(tenant);
        items.forEach(i -> catalog.put(i.id().value(), i));
        return versions.merge(tenant, 1L, Long::sum);
    }

    /** Removes the tenant's whole catalog and its version, as erasing a tenant's records does. */
    public synchronized void erase(TenantId tenant) {
        catalogs.remove(tenant);
        versions.remove(tenant);
    }

    @Override
    public synchronized OptionalLong delete(TenantId tenant, ItemId id) {
        return catalogOf(tenant).remove(id.value()) == null ? OptionalLong.empty()
                : OptionalLong.of(versions.merge(tenant, 1L, Long::sum));
    }

    @Override
    public synchronized Map<TenantId, Long> versions() {
        return Map.copyOf(versions);
    }

    @Override
    public synchronized long version(TenantId tenant) {
        return versions.getOrDefault(tenant, 0L);
    }

    @Override
    public synchronized Optional<Item> find(TenantId tenant, ItemId id) {
        return Optional.ofNullable(catalogOf(tenant).get(id.value()));
    }

    @Override
    public synchronized Set<ItemId> existing(TenantId tenant, Collection<ItemId> ids) {
        TreeMap<String, Item> catalog = catalogOf(tenant);
        return ids.stream().filter(id -> catalog.containsKey(id.value())).collect(Collectors.toSet());
    }

    @Override
    public synchronized List<Item> list(TenantId tenant, ItemId after, int limit) {
        TreeMap<String, Item> catalog = catalogOf(tenant);
        Collection<Item> from = after == null ? catalog.values() : catalog.tailMap(after.value(), false).values();
        return from.stream().limit(limit).toList();
    }

    @Override
    public synchronized long count(TenantId tenant) {
        return catalogOf(tenant).size();
    }

    private TreeMap<String, Item> catalogOf(TenantId tenant) {
        return catalogs.computeIfAbsent(tenant, t -> new TreeMap<>());
    }
}
