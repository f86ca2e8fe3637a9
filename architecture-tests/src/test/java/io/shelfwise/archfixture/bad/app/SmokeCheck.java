package io.shelfwise.archfixture.bad.app;

import io.shelfwise.archfixture.bad.sdk.ShelfwiseClient;

/** Breaks rule 4: server main code calling itself through the published SDK. */
public final class SmokeCheck {
    public boolean homeHasItems(ShelfwiseClient client) {
        return !client.recommendations("home").isEmpty();
    }
}
