package io.shelfwise.campaign.port.out;

import java.util.Map;

/** A compiled message template; safe for concurrent use. */
public interface MessageTemplate {
    /**
     * Renders with {@code scope}: nested maps for dotted names ({@code shopper -> firstName}) and lists of maps for
     * sections ({@code products}). A missing value renders empty.
     */
    String render(Map<String, Object> scope);
}
