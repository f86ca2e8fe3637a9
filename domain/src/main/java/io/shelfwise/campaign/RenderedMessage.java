package io.shelfwise.campaign;

import java.util.List;

/** A message as it would go out (a preview), with the products and recommendation id it carries. */
public record RenderedMessage(String userId, String subject, String body, List<MessageProduct> products,
                              String recommendationId, String couponCode) {
    public RenderedMessage {
        products = List.copyOf(products);
    }
}
