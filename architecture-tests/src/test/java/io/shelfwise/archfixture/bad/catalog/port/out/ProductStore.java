package io.shelfwise.archfixture.bad.catalog.port.out;

/** Breaks the port rule: an outbound port written as an abstract class instead of an interface. */
public abstract class ProductStore {
    public abstract void save(String sku);
}
