package io.shelfwise.segmentation;

import io.shelfwise.catalog.CatalogView;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.segmentation.SegmentRule.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalog facts rules test, by the item index of {@link ShopperActivity}: brand and category path, lower-cased.
 * A snapshot: taken when membership is evaluated in full, so that a pass sees one catalog.
 */
final class ItemFacts {
    private final List<String> brands = new ArrayList<>();
    private final List<Set<String>> categories = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final CatalogView catalog;

    ItemFacts(CatalogView catalog) {
        this.catalog = catalog;
    }

    /** Extends the snapshot to items added to {@code activity} since. */
    void cover(List<ItemId> items) {
        for (int i = ids.size(); i < items.size(); i++) {
            ItemId id = items.get(i);
            Item item = catalog == null ? null : catalog.find(id);
            ids.add(id.value());
            brands.add(item == null || item.brand() == null ? null : item.brand().toLowerCase(Locale.ROOT));
            categories.add(item == null ? Set.of() : item.categoryPath().stream()
                    .map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
        }
    }

    boolean matches(int index, Target target, String lowerValue) {
        if (index < 0 || index >= ids.size()) {
            return false;
        }
        return switch (target.kind()) {
            case BRAND -> lowerValue.equals(brands.get(index));
            case CATEGORY -> categories.get(index).contains(lowerValue);
            case ITEM -> target.value().equals(ids.get(index));
        };
    }

    /** The catalog's items the target names (for asking the model), at most {@code max}. */
    static List<ItemId> itemsOf(CatalogView catalog, Target target, int max) {
        if (target.kind() == Target.Kind.ITEM) {
            return List.of(new ItemId(target.value()));
        }
        String value = target.value().toLowerCase(Locale.ROOT);
        List<ItemId> found = new ArrayList<>();
        if (catalog == null) {
            return found;
        }
        for (Item item : catalog.items()) {
            boolean match = target.kind() == Target.Kind.BRAND
                    ? item.brand() != null && item.brand().toLowerCase(Locale.ROOT).equals(value)
                    : item.categoryPath().stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(value));
            if (match) {
                found.add(item.id());
                if (found.size() >= max) {
                    break;
                }
            }
        }
        return found;
    }
}
