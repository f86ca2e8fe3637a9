package io.shelfwise.archfixture.clean.events;

/** A closed choice as a sealed interface. */
public sealed interface EventType {
    record View(String sku) implements EventType {
    }

    record Purchase(String sku, int quantity) implements EventType {
    }
}
