package io.shelfwise.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Seeds the density run over HTTP ({@code benchmarks/wrk/density-http.sh}): with the platform stopped, gives every
 * tenant listed a copy of the template tenant's catalog, the events of a tenth of its shoppers (those whose key
 * ends in {@code 0}, with their items) and its trained model's artifacts, straight in the embedded H2 file and the
 * data directory. The tenants themselves (rows, keys, identities) were created through the operator's API before;
 * this only saves importing and training the same store a thousand times, which would take hours on 2 cores.
 *
 * <p>Usage: {@code DensitySeeder DATA_DIR TEMPLATE_TENANT TENANT...}
 */
public final class DensitySeeder {
    private static final String CATALOG_COLUMNS = "item_id, title, brand, category_path, price, currency, in_stock, "
            + "attributes, updated_at";
    private static final String EVENT_COLUMNS = "event_id, event_type, shopper_key, user_id, anonymous_id, quantity, "
            + "price, currency, search_query, recommendation_id, occurred_at, received_at, coupon_code";
    private static final String SUBSET = "shopper_key LIKE '%0'";

    private DensitySeeder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DensitySeeder DATA_DIR TEMPLATE_TENANT TENANT...");
            System.exit(2);
        }
        Path data = Path.of(args[0]).toAbsolutePath();
        String template = args[1];
        List<String> tenants = List.of(args).subList(2, args.length);
        long started = System.nanoTime();
        String url = "jdbc:h2:file:" + data.resolve("shelfwise") + ";WRITE_DELAY=0;CACHE_SIZE=65536";
        try (Connection db = DriverManager.getConnection(url, "sa", "")) {
            db.setAutoCommit(false);
            try (PreparedStatement catalog = db.prepareStatement("INSERT INTO catalog_items (tenant_id, "
                    + CATALOG_COLUMNS + ") SELECT ?, " + CATALOG_COLUMNS + " FROM catalog_items WHERE tenant_id = ?");
                 PreparedStatement version = db.prepareStatement("MERGE INTO catalog_versions (tenant_id, version) "
                         + "SELECT ?, version FROM catalog_versions WHERE tenant_id = ?");
                 PreparedStatement events = db.prepareStatement("INSERT INTO events (tenant_id, " + EVENT_COLUMNS
                         + ") SELECT ?, " + EVENT_COLUMNS + " FROM events WHERE tenant_id = ? AND " + SUBSET);
                 PreparedStatement items = db.prepareStatement("INSERT INTO event_items (tenant_id, event_id, "
                         + "item_position, item_id, event_type, occurred_day) SELECT ?, i.event_id, i.item_position, "
                         + "i.item_id, i.event_type, i.occurred_day FROM event_items i JOIN events e ON "
                         + "e.tenant_id = i.tenant_id AND e.event_id = i.event_id WHERE i.tenant_id = ? AND e."
                         + SUBSET)) {
                int done = 0;
                long rows = 0;
                for (String tenant : tenants) {
                    for (PreparedStatement copy : List.of(catalog, version, events, items)) {
                        copy.setString(1, tenant);
                        copy.setString(2, template);
                        rows += copy.executeUpdate();
                    }
                    db.commit();
                    copyArtifacts(data.resolve("artifacts").resolve(template), data.resolve("artifacts")
                            .resolve(tenant));
                    if (++done % 50 == 0 || done == tenants.size()) {
                        double seconds = (System.nanoTime() - started) / 1e9;
                        System.out.printf(Locale.ROOT, "seeded %d of %d tenants, %,d rows, %.0f rows/s, ETA %.0f s%n",
                                done, tenants.size(), rows, rows / seconds,
                                seconds / done * (tenants.size() - done));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
        }
    }

    private static void copyArtifacts(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
