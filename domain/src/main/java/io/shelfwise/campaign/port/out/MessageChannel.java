package io.shelfwise.campaign.port.out;

import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.OutboundMessage;
import java.util.List;
import java.util.Set;

/**
 * Delivers rendered messages through one kind of channel. One attempt per call: retries with backoff and dead
 * letters are the campaign context's, kept in its delivery log. Implementations are safe for concurrent use.
 */
public interface MessageChannel {
    /** The channel kinds this adapter delivers. */
    Set<ChannelKind> kinds();

    /** One attempt to deliver {@code message} with the tenant's {@code settings}; never throws for a failed send. */
    DeliveryOutcome deliver(ChannelSettings settings, OutboundMessage message);

    /**
     * One attempt for each of {@code messages}, all with the same settings, possibly in flight together: one outcome
     * per message, in order, once every attempt has ended; never throws for failed sends.
     */
    default List<DeliveryOutcome> deliverAll(ChannelSettings settings, List<OutboundMessage> messages) {
        return messages.stream().map(m -> deliver(settings, m)).toList();
    }
}
