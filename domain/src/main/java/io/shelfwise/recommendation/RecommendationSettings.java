package io.shelfwise.recommendation;

import io.shelfwise.catalog.Item;
import io.shelfwise.common.Checks;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tenant's defaults for every surface. {@code excludeBoughtDays}: items the shopper bought within that many days
 * are not recommended (a request's own {@code excludeBoughtDays} wins; 0 turns it off), except items in one of the
 * {@code repeatPurchaseCategories} (any level of an item's category path, case-insensitive), which shoppers buy
 * again and again (groceries, printer ink, pet food). {@code recentItemsOnHome}: whether home blends in the
 * shopper's own recent items (viewed or carted, not bought), "pick up where you left off".
 */
public record RecommendationSettings(int excludeBoughtDays, Set<String> repeatPurchaseCategories,
                                     boolean recentItemsOnHome) {
    /**
     * What a new tenant starts with: a month without the items just bought, no repeat-purchase category, the
     * shopper's recent items on home.
     */
    public static final RecommendationSettings DEFAULT = new RecommendationSettings(30, Set.of(), true);
    public static final int MAX_CATEGORIES = 200;

    public RecommendationSettings {
        Checks checks = Checks.start();
        if (excludeBoughtDays < 0 || excludeBoughtDays > RecommendationFilters.MAX_EXCLUDE_DAYS) {
            checks.add("excludeBoughtDays", "must be between 0 and " + RecommendationFilters.MAX_EXCLUDE_DAYS);
        }
        if (repeatPurchaseCategories == null) {
            checks.add("repeatPurchaseCategories", "is required (an empty array for none)");
        } else if (repeatPurchaseCategories.size() > MAX_CATEGORIES) {
            checks.add("repeatPurchaseCategories", "holds at most " + MAX_CATEGORIES + " categories");
        } else {
            for (String category : repeatPurchaseCategories) {
                if (category == null || category.isBlank() || category.length() > 200) {
                    checks.add("repeatPurchaseCategories", "each category must be 1 to 200 characters");
                    break;
                }
            }
        }
        checks.orThrow();
        repeatPurchaseCategories = repeatPurchaseCategories.stream().map(c -> c.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Settings with the shopper's recent items on home. */
    public RecommendationSettings(int excludeBoughtDays, Set<String> repeatPurchaseCategories) {
        this(excludeBoughtDays, repeatPurchaseCategories, true);
    }

    /** Whether shoppers buy {@code item} again, so having bought it does not keep it off a list. */
    public boolean isRepeatPurchase(Item item) {
        if (repeatPurchaseCategories.isEmpty()) {
            return false;
        }
        for (String level : item.categoryPath()) {
            if (repeatPurchaseCategories.contains(level.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
