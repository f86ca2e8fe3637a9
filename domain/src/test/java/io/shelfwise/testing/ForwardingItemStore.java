package io.shelfwise.testing;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.out.ItemStore;
import io.shelfwise.tenancy.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** An {@link ItemStore} that passes every call to another: tests override the calls they watch or hold up. */
public class ForwardingItemStore implements ItemStore {
    private final ItemStore delegate;

    public ForwardingItemStore(ItemStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public long upsert(TenantId tenant, List<Item> items) {
        return delegate.upsert(tenant, items);
    }

    @Override
    public OptionalLong delete(TenantId tenant, ItemId id) {
        return delegate.delete(tenant, id);
    }

    @Override
    public java.util.Map<TenantId, Long> versions() {
        return delegate.versions();
    }

    @Override
    public long version(TenantId tenant) {
        return delegate.version(tenant);
    }

    @Override
    public Optional<Item> find(TenantId tenant, ItemId id) {
        return delegate.find(tenant, id);
    }

    @Override
    public Set<ItemId> existing(TenantId tenant, Collection<ItemId> ids) {
        return delegate.existing(tenant, ids);
    }

    @Override
    public List<Item> list(TenantId tenant, ItemId after, int limit) {
        return delegate.list(tenant, after, limit);
    }

    @Override
    public long count(TenantId tenant) {
        return delegate.count(tenant);
    }
}
