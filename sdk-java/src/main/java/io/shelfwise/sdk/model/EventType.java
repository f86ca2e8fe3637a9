package io.shelfwise.sdk.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a shopper did; {@link #wireName()} is the value of the event's {@code type} field. */
public enum EventType {
    VIEW("view"),
    ADD_TO_CART("add_to_cart"),
    REMOVE_FROM_CART("remove_from_cart"),
    PURCHASE("purchase"),
    SEARCH("search"),
    CLICK("click");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
