package io.shelfwise.recommendation;

import io.shelfwise.catalog.Item;
import io.shelfwise.common.Checks;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Business rules every surface applies on top of the model: out-of-stock items never appear (always), plus
 * the request's own: no item the shopper bought in the last {@code excludeBoughtDays} (null: the tenant's default,
 * see {@link RecommendationSettings}), only / not these brands
 * or categories (a category matches any level of an item's path), at most {@code maxPerBrand} items per brand.
 */
public record RecommendationFilters(Integer excludeBoughtDays, Set<String> brands, Set<String> excludeBrands,
                                    Set<String> categories, Set<String> excludeCategories, int maxPerBrand) {
    public static final int MAX_EXCLUDE_DAYS = 3650;

    public RecommendationFilters {
        brands = lower(brands);
        excludeBrands = lower(excludeBrands);
        categories = lower(categories);
        excludeCategories = lower(excludeCategories);
        Checks checks = Checks.start();
        if (excludeBoughtDays != null && (excludeBoughtDays < 0 || excludeBoughtDays > MAX_EXCLUDE_DAYS)) {
            checks.add("excludeBoughtDays", "must be between 0 and " + MAX_EXCLUDE_DAYS);
        }
        if (maxPerBrand < 0) {
            checks.add("maxPerBrand", "must be 0 (no cap) or more");
        }
        checks.orThrow();
    }

    /** Only the rule that always holds: in stock. */
    public static RecommendationFilters none() {
        return new RecommendationFilters(0, Set.of(), Set.of(), Set.of(), Set.of(), 0);
    }

    /** Whether {@code item} passes the brand and category rules (stock and history are checked by the caller). */
    public boolean admits(Item item) {
        // Runs for every candidate of every list: the lower-casing is only paid for when a rule asks.
        if (!brands.isEmpty() || !excludeBrands.isEmpty()) {
            String brand = item.brand() == null ? null : item.brand().toLowerCase(Locale.ROOT);
            if (!brands.isEmpty() && (brand == null || !brands.contains(brand))) {
                return false;
            }
            if (brand != null && excludeBrands.contains(brand)) {
                return false;
            }
        }
        if (categories.isEmpty() && excludeCategories.isEmpty()) {
            return true;
        }
        Set<String> path = item.categoryPath().stream().map(c -> c.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (!categories.isEmpty() && path.stream().noneMatch(categories::contains)) {
            return false;
        }
        return path.stream().noneMatch(excludeCategories::contains);
    }

    private static Set<String> lower(Set<String> values) {
        return values == null ? Set.of()
                : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
