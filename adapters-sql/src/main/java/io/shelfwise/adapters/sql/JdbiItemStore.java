package io.shelfwise.adapters.sql;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.out.ItemStore;
import io.shelfwise.tenancy.TenantId;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Catalogs in the {@code catalog_items} table, with the tenant's change counter in {@code catalog_versions}
 * raised in the same transaction as each change; every statement is bound to one tenant.
 */
public final class JdbiItemStore implements ItemStore {
    private static final RowMapper<Item> MAPPER = (rs, ctx) -> new Item(
            new ItemId(rs.getString("item_id")),
            rs.getString("title"),
            rs.getString("brand"),
            JsonColumns.list(rs.getString("category_path")),
            SqlDatabase.decimal(rs, "price"),
            rs.getString("currency"),
            rs.getBoolean("in_stock"),
            JsonColumns.map(rs.getString("attributes")));
    private static final String COLUMNS = "tenant_id, item_id, title, brand, category_path, price, currency, "
            + "in_stock, attributes, updated_at";
    /** What {@link #MAPPER} reads: a catalog load reads 5,000 rows a Standard tenant, without the two it skips. */
    private static final String ITEM_COLUMNS = "item_id, title, brand, category_path, price, currency, in_stock, "
            + "attributes";
    /** Large id lists are looked up in chunks to keep statements and plans reasonable. */
    private static final int IN_CHUNK = 500;

    private final SqlDatabase db;
    private final Clock clock;

    public JdbiItemStore(SqlDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public long upsert(TenantId tenant, List<Item> items) {
        return db.inTransaction(h -> {
            Set<ItemId> existing = existing(h, tenant, items.stream().map(Item::id).toList());
            PreparedBatch inserts = h.prepareBatch("INSERT INTO catalog_items (" + COLUMNS + ") VALUES "
                    + "(:tenant, :id, :title, :brand, :categories, :price, :currency, :inStock, :attributes, :now)");
            PreparedBatch updates = h.prepareBatch("UPDATE catalog_items SET title = :title, brand = :brand, "
                    + "category_path = :categories, price = :price, currency = :currency, in_stock = :inStock, "
                    + "attributes = :attributes, updated_at = :now WHERE tenant_id = :tenant AND item_id = :id");
            for (Item item : items) {
                PreparedBatch batch = existing.contains(item.id()) ? updates : inserts;
                batch.bind("tenant", tenant.value())
                        .bind("id", item.id().value())
                        .bind("title", item.title())
                        .bind("brand", item.brand())
                        .bind("categories", JsonColumns.write(item.categoryPath()))
                        .bind("price", item.price())
                        .bind("currency", item.currency())
                        .bind("inStock", item.inStock())
                        .bind("attributes", JsonColumns.write(item.attributes()))
                        .bind("now", SqlDatabase.utc(clock.instant()))
                        .add();
            }
            if (inserts.size() > 0) {
                inserts.execute();
            }
            if (updates.size() > 0) {
                updates.execute();
            }
            return nextVersion(h, tenant);
        });
    }

    @Override
    public OptionalLong delete(TenantId tenant, ItemId id) {
        return db.inTransaction(h -> {
            int deleted = h.createUpdate("DELETE FROM catalog_items WHERE tenant_id = :tenant AND item_id = :id")
                    .bind("tenant", tenant.value()).bind("id", id.value()).execute();
            return deleted == 0 ? OptionalLong.empty() : OptionalLong.of(nextVersion(h, tenant));
        });
    }

    @Override
    public java.util.Map<TenantId, Long> versions() {
        java.util.Map<TenantId, Long> versions = new java.util.HashMap<>();
        db.jdbi().useHandle(h -> h.createQuery("SELECT tenant_id, version FROM catalog_versions")
                .map((rs, ctx) -> java.util.Map.entry(new TenantId(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> versions.put(e.getKey(), e.getValue())));
        return versions;
    }

    @Override
    public long version(TenantId tenant) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT version FROM catalog_versions WHERE tenant_id = :tenant")
                .bind("tenant", tenant.value()).mapTo(Long.class).findOne().orElse(0L));
    }

    /**
     * Raises the tenant's catalog version inside the caller's transaction. The row lock the update takes holds
     * concurrent changes back until this one commits, so versions commit in order. The first change of a tenant
     * inserts the row; two racing first inserts end in a unique violation, which the transaction retries.
     */
    private static long nextVersion(Handle h, TenantId tenant) {
        int updated = h.createUpdate("UPDATE catalog_versions SET version = version + 1 WHERE tenant_id = :tenant")
                .bind("tenant", tenant.value()).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO catalog_versions (tenant_id, version) VALUES (:tenant, 1)")
                    .bind("tenant", tenant.value()).execute();
        }
        return h.createQuery("SELECT version FROM catalog_versions WHERE tenant_id = :tenant")
                .bind("tenant", tenant.value()).mapTo(Long.class).one();
    }

    @Override
    public Optional<Item> find(TenantId tenant, ItemId id) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT " + ITEM_COLUMNS + " FROM catalog_items WHERE tenant_id = :tenant AND item_id = :id")
                .bind("tenant", tenant.value()).bind("id", id.value()).map(MAPPER).findOne());
    }

    @Override
    public Set<ItemId> existing(TenantId tenant, Collection<ItemId> ids) {
        return db.jdbi().withHandle(h -> existing(h, tenant, ids));
    }

    private static Set<ItemId> existing(Handle h, TenantId tenant, Collection<ItemId> ids) {
        Set<ItemId> found = new HashSet<>();
        List<String> all = ids.stream().map(ItemId::value).distinct().toList();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            SqlDatabase.bindKeys(h.createQuery("SELECT item_id FROM catalog_items WHERE "
                            + SqlDatabase.tenantKeyIn("item_id", chunk.size())), tenant.value(), chunk)
                    .mapTo(String.class)
                    .forEach(id -> found.add(new ItemId(id)));
        }
        return found;
    }

    @Override
    public List<Item> list(TenantId tenant, ItemId after, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + ITEM_COLUMNS + " FROM catalog_items"
                        + " WHERE tenant_id = :tenant AND item_id > :after ORDER BY item_id LIMIT :limit")
                .bind("tenant", tenant.value())
                .bind("after", after == null ? "" : after.value())
                .bind("limit", limit)
                .map(MAPPER).list());
    }

    @Override
    public long count(TenantId tenant) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM catalog_items WHERE tenant_id = :tenant")
                .bind("tenant", tenant.value()).mapTo(Long.class).one());
    }
}
