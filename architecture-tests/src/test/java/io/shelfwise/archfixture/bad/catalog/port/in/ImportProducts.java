package io.shelfwise.archfixture.bad.catalog.port.in;

/** Breaks the port rule: a use case written as a plain class instead of an interface. */
public class ImportProducts {
    public int importAll() {
        return 0;
    }
}
