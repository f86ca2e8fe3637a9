package io.shelfwise.archfixture.bad.recommendation;

import io.shelfwise.archfixture.bad.app.AppConfig;

/** Breaks rules 1 and 6: the domain reaches up into the app for its settings. */
public final class Recommender {
    public int limit(AppConfig config) {
        return config.maxItems();
    }
}
