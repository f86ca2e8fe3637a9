package io.shelfwise.archfixture.bad.metering;

import io.shelfwise.archfixture.bad.recommendation.serving.HomeShelf;

/** Breaks the serving rule from another context: only the app may reach into recommendation.serving. */
public final class ServedListsMeter {
    public long count(HomeShelf shelf) {
        return shelf.depth();
    }
}
