package io.shelfwise.adapters.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.onboarding.port.out.TenantRecords;
import io.shelfwise.tenancy.TenantId;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * A tenant's rows in every table: exported as JSON lines, erased, counted. The tables are listed here in the order
 * foreign keys allow deleting them; the database's own catalog is checked against that list on every erase and
 * count, so a table added later that names tenants fails loudly instead of keeping a trace.
 */
public final class JdbiTenantRecords implements TenantRecords {
    /** Tables keyed by {@code tenant_id}, children before parents. */
    static final List<String> TENANT_TABLES = List.of("rollout_tenants", "coupons", "campaign_deliveries", "campaigns", "shopper_profiles",
            "campaign_settings", "campaign_channels", "segment_members", "segment_sizes", "segments", "churn_models",
            "onboarding_runs", "recommendation_log", "usage_counters",
            "event_items", "events", "catalog_items", "catalog_versions", "api_keys");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqlDatabase db;

    public JdbiTenantRecords(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public Map<String, Long> export(TenantId tenant, String location) {
        Path dir = Path.of(location);
        try {
            Files.createDirectories(dir);
            long items;
            long events;
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("catalog.jsonl"), StandardCharsets.UTF_8)) {
                items = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM catalog_items WHERE tenant_id = :t"
                                + " ORDER BY item_id").bind("t", tenant.value()).setFetchSize(1000)
                        .map((rs, ctx) -> {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("id", rs.getString("item_id"));
                            item.put("title", rs.getString("title"));
                            putIfPresent(item, "brand", rs.getString("brand"));
                            item.put("categoryPath", JsonColumns.list(rs.getString("category_path")));
                            putIfPresent(item, "price", SqlDatabase.decimal(rs, "price"));
                            putIfPresent(item, "currency", rs.getString("currency"));
                            item.put("inStock", rs.getBoolean("in_stock"));
                            Map<String, String> attributes = JsonColumns.map(rs.getString("attributes"));
                            if (!attributes.isEmpty()) {
                                item.put("attributes", attributes);
                            }
                            return item;
                        }).stream().mapToLong(item -> write(out, item)).sum());
            }
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
                events = db.jdbi().withHandle(h -> exportEvents(h, tenant, out));
            }
            return Map.of("items", items, "events", events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export tenant " + tenant + " to " + location, e);
        }
    }

    private static long exportEvents(Handle h, TenantId tenant, BufferedWriter out) {
        long[] written = {0};
        Map<String, Object>[] open = new Map[1];
        h.createQuery("SELECT e.*, i.item_id FROM events e LEFT JOIN event_items i ON i.tenant_id = e.tenant_id"
                        + " AND i.event_id = e.event_id WHERE e.tenant_id = :t"
                        + " ORDER BY e.occurred_at, e.event_id, i.item_position")
                .bind("t", tenant.value()).setFetchSize(1000)
                .map((rs, ctx) -> {
                    String id = rs.getString("event_id");
                    if (open[0] == null || !open[0].get("eventId").equals(id)) {
                        if (open[0] != null) {
                            written[0] += write(out, open[0]);
                        }
                        Map<String, Object> event = new LinkedHashMap<>();
                        event.put("eventId", id);
                        event.put("type", rs.getString("event_type").toLowerCase(Locale.ROOT));
                        putIfPresent(event, "userId", rs.getString("user_id"));
                        putIfPresent(event, "anonymousId", rs.getString("anonymous_id"));
                        event.put("itemIds", new java.util.ArrayList<String>());
                        putIfPresent(event, "quantity", rs.getObject("quantity", Integer.class));
                        putIfPresent(event, "price", SqlDatabase.decimal(rs, "price"));
                        putIfPresent(event, "currency", rs.getString("currency"));
                        putIfPresent(event, "query", rs.getString("search_query"));
                        putIfPresent(event, "recommendationId", rs.getString("recommendation_id"));
                        putIfPresent(event, "couponCode", rs.getString("coupon_code"));
                        event.put("timestamp", SqlDatabase.instant(rs, "occurred_at").toString());
                        open[0] = event;
                    }
                    String item = rs.getString("item_id");
                    if (item != null) {
                        @SuppressWarnings("unchecked")
                        List<String> items = (List<String>) open[0].get("itemIds");
                        items.add(item);
                    }
                    return id;
                })
                .forEach(id -> { });
        if (open[0] != null) {
            written[0] += write(out, open[0]);
        }
        return written[0];
    }

    private static void putIfPresent(Map<String, Object> json, String field, Object value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static long write(BufferedWriter out, Map<String, Object> json) {
        if (json.get("itemIds") instanceof List<?> items && items.isEmpty()) {
            json.remove("itemIds");
        }
        try {
            out.write(JSON.writeValueAsString(json));
            out.write('\n');
            return 1;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an exported row as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void erase(TenantId tenant) {
        erase(tenant, true);
    }

    @Override
    public void eraseAllButOnboardings(TenantId tenant) {
        erase(tenant, false);
    }

    private void erase(TenantId tenant, boolean onboardings) {
        db.inTransaction(h -> {
            checkEveryTableIsKnown(h);
            if (onboardings) {
                h.createUpdate("DELETE FROM onboarding_steps WHERE run_id IN (SELECT id FROM onboarding_runs"
                        + " WHERE tenant_id = :t)").bind("t", tenant.value()).execute();
            }
            for (String table : TENANT_TABLES) {
                if (onboardings || !table.equals("onboarding_runs")) {
                    h.createUpdate("DELETE FROM " + table + " WHERE tenant_id = :t").bind("t", tenant.value())
                            .execute();
                }
            }
            h.createUpdate("DELETE FROM tenants WHERE id = :t").bind("t", tenant.value()).execute();
            return null;
        });
    }

    @Override
    public Map<String, Long> count(TenantId tenant) {
        return db.jdbi().withHandle(h -> {
            checkEveryTableIsKnown(h);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : TENANT_TABLES) {
                counts.put(table, h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = :t")
                        .bind("t", tenant.value()).mapTo(Long.class).one());
            }
            counts.put("onboarding_steps", h.createQuery("SELECT COUNT(*) FROM onboarding_steps WHERE run_id IN"
                    + " (SELECT id FROM onboarding_runs WHERE tenant_id = :t)").bind("t", tenant.value())
                    .mapTo(Long.class).one());
            counts.put("tenants", h.createQuery("SELECT COUNT(*) FROM tenants WHERE id = :t")
                    .bind("t", tenant.value()).mapTo(Long.class).one());
            return counts;
        });
    }

    /** Refuses to run when the database has a tenant_id table this class does not know. */
    private static void checkEveryTableIsKnown(Handle h) {
        Set<String> found = new TreeSet<>(h.createQuery("SELECT LOWER(table_name) FROM information_schema.columns"
                        + " WHERE LOWER(column_name) = 'tenant_id' AND LOWER(table_schema) IN ('public')")
                .mapTo(String.class).list());
        found.removeAll(TENANT_TABLES);
        if (!found.isEmpty()) {
            throw new IllegalStateException("tables " + found + " hold tenant rows but offboarding does not know"
                    + " them; add them to JdbiTenantRecords.TENANT_TABLES");
        }
    }
}
