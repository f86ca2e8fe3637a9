package io.shelfwise.recommendation.ranking;

import java.util.Locale;

/** The placements a recommender serves, each evaluated by its own protocol in the offline evaluation harness. */
public enum Surface {
    /** Home page: what this shopper is most likely to buy. */
    HOME,
    /** Cart: what completes the cart. */
    CART,
    /** Product page: items that go with or replace the one shown. */
    SIMILAR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
