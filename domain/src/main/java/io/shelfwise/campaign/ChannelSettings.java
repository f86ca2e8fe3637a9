package io.shelfwise.campaign;

import java.util.Objects;

/**
 * One tenant's channel, with the tenant's own credentials; they are used only for that tenant's messages and never
 * shown back in full.
 *
 * @param kind            how messages leave
 * @param preset          the webhook payload shape ({@link WebhookPreset#GENERIC} for the AWS kinds)
 * @param endpoint        the webhook URL; for the AWS kinds an endpoint override (null: the region's own)
 * @param secret          the webhook's HMAC-SHA256 key (null for the AWS kinds)
 * @param sender          the e-mail From address (SES), the Kakao sender key, the MMS callback number, or null
 * @param region          the AWS region (AWS kinds only)
 * @param accessKeyId     the tenant's AWS access key id (AWS kinds only)
 * @param secretAccessKey the tenant's AWS secret key (AWS kinds only)
 */
public record ChannelSettings(ChannelKind kind, WebhookPreset preset, String endpoint, String secret, String sender,
                              String region, String accessKeyId, String secretAccessKey) {
    public ChannelSettings {
        Objects.requireNonNull(kind, "kind");
        preset = preset == null ? WebhookPreset.GENERIC : preset;
    }

    public static ChannelSettings webhook(String endpoint, String secret, WebhookPreset preset, String sender) {
        return new ChannelSettings(ChannelKind.WEBHOOK, preset, endpoint, secret, sender, null, null, null);
    }

    @Override
    public String toString() {
        return "ChannelSettings[kind=" + kind + ", preset=" + preset + ", endpoint=" + endpoint + ", sender=" + sender
                + ", region=" + region + ", credentials hidden]";
    }
}
