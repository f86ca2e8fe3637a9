package io.shelfwise.archfixture.bad.adapters;

/** Breaks rule 2's edge layout: a class directly in adapters belongs to no edge and could be shared by all. */
public final class SharedHttp {
    public int timeoutMillis() {
        return 1000;
    }
}
