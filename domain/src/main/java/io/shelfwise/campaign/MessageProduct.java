package io.shelfwise.campaign;

import java.math.BigDecimal;
import java.util.Objects;

/** One recommended product inside a message; price, currency, url and image may be absent. */
public record MessageProduct(String itemId, String title, BigDecimal price, String currency, String url,
                             String imageUrl) {
    public MessageProduct {
        Objects.requireNonNull(itemId, "itemId");
    }
}
