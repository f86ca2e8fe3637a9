package io.shelfwise.campaign;

import java.util.Map;

/** What planning a send logged: the audience, and how many deliveries were new per status. */
public record SendSummary(String campaignId, String sendId, long audience, long planned, Map<String, Long> byStatus) {
    public SendSummary {
        byStatus = Map.copyOf(byStatus);
    }
}
