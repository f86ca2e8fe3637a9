package io.shelfwise.archfixture.bad.app;

import io.shelfwise.archfixture.bad.adapters.sql.SqlProductRows;
import io.shelfwise.archfixture.bad.catalog.ProductImporter;
import io.shelfwise.archfixture.bad.recommendation.Recommender;

/**
 * The composition root wiring an adapter and a domain service: allowed. With {@link Recommender} reaching back into
 * the app it closes a cycle recommendation to app and back, which is the app rule's to report, not a context cycle.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println(new ProductImporter(new SqlProductRows()).importAll());
        System.out.println(new Recommender().limit(new AppConfig("data", 10)));
    }
}
