package io.shelfwise.campaign.port.out;

/** What one delivery attempt came to. */
public sealed interface DeliveryOutcome {

    /** The channel accepted the message; {@code providerMessageId} is its id for it, when it gave one. */
    record Delivered(String providerMessageId) implements DeliveryOutcome {
    }

    /**
     * The channel did not take it. {@code retryable}: a later attempt may succeed (timeout, 5xx, 429, connection
     * refused); otherwise the message itself or the settings are wrong (4xx), and retrying cannot help.
     * {@code reason} names the status or error and never carries the message text or credentials.
     */
    record Failed(boolean retryable, String reason) implements DeliveryOutcome {
    }
}
