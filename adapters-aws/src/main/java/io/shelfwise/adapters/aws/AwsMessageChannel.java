package io.shelfwise.adapters.aws;

import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.OutboundMessage;
import io.shelfwise.campaign.port.out.DeliveryOutcome;
import io.shelfwise.campaign.port.out.MessageChannel;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Sends campaign messages from the tenant's own AWS account: e-mail through SES v2 ({@link ChannelKind#EMAIL_SES}),
 * SMS through SNS ({@link ChannelKind#SMS_SNS}), each signed with the access key in the tenant's
 * {@link ChannelSettings}.
 *
 * <p>One SDK client per distinct region, endpoint and key, built on first use and kept in a small LRU cache; the key
 * includes the credentials, so a client is only ever used with the settings it was built from. Clients are built
 * on one shared HTTP client, which this channel does not close. The SDK's own retries are off: the campaign context
 * retries with backoff from its delivery log, and a second retry loop here would multiply its attempts.
 */
public final class AwsMessageChannel implements MessageChannel, AutoCloseable {
    /** What SES refuses in an e-mail tag's value (it takes ASCII letters, digits, '_' and '-', under 256). */
    private static final String TAG_REFUSED = "[^A-Za-z0-9_-]";
    private static final int TAG_MAX = 255;

    private final SdkHttpClient http;
    private final Duration callTimeout;
    private final int maxClients;
    /** Guarded by itself, as is {@link #closed}; access-ordered, so the eldest entry is the least recently used. */
    private final LinkedHashMap<ClientKey, Cached> clients = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /**
     * @param http        the HTTP client every SDK client sends with; stays open when this channel closes
     * @param callTimeout the most one send may take, connection and answer included
     * @param maxClients  how many SDK clients (one per tenant's settings) are kept; the least recently used one is
     *                    closed past it
     */
    public AwsMessageChannel(SdkHttpClient http, Duration callTimeout, int maxClients) {
        this.http = Objects.requireNonNull(http, "http");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
        }
        this.maxClients = maxClients;
    }

    @Override
    public Set<ChannelKind> kinds() {
        return Set.of(ChannelKind.EMAIL_SES, ChannelKind.SMS_SNS);
    }

    /**
     * @throws IllegalArgumentException when {@code settings} are of a kind this channel does not deliver: a wiring
     *                                  fault, not a failed send
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public DeliveryOutcome deliver(ChannelSettings settings, OutboundMessage message) {
        return switch (settings.kind()) {
            case EMAIL_SES -> configurationFault(settings)
                    .or(() -> fault(blank(settings.sender()), "the channel's sender address is not configured"))
                    .or(() -> fault(blank(message.email()), "the shopper has no e-mail address"))
                    .<DeliveryOutcome>map(reason -> new DeliveryOutcome.Failed(false, reason))
                    .orElseGet(() -> send("SES", settings, this::ses,
                            ses -> ses.sendEmail(email(settings, message)).messageId()));
            case SMS_SNS -> configurationFault(settings)
                    .or(() -> fault(blank(message.phone()), "the shopper has no phone number"))
                    .<DeliveryOutcome>map(reason -> new DeliveryOutcome.Failed(false, reason))
                    .orElseGet(() -> send("SNS", settings, this::sns,
                            sns -> sns.publish(sms(settings, message)).messageId()));
            case WEBHOOK -> throw new IllegalArgumentException("AwsMessageChannel does not deliver "
                    + settings.kind().wireName() + " channels");
        };
    }

    /** What makes the settings unusable for any AWS kind, before a client is built for them. */
    private static Optional<String> configurationFault(ChannelSettings settings) {
        return fault(blank(settings.region()), "the channel's AWS region is not configured")
                .or(() -> fault(blank(settings.accessKeyId()) || blank(settings.secretAccessKey()),
                        "the channel's AWS credentials are not configured"))
                .or(() -> fault(!blank(settings.endpoint()) && !httpUrl(settings.endpoint()),
                        "the channel's endpoint override is not an http(s) URL"));
    }

    private static Optional<String> fault(boolean present, String reason) {
        return present ? Optional.of(reason) : Optional.empty();
    }

    private static SendEmailRequest email(ChannelSettings settings, OutboundMessage message) {
        String subject = !blank(message.subject()) ? message.subject()
                : !blank(message.campaignId()) ? message.campaignId() : "(no subject)";
        List<MessageTag> tags = new ArrayList<>();
        // SES has no idempotency key; the tags carry the ids into the tenant's SES event stream (bounces,
        // complaints, opens), so a delivery there can be traced back to its campaign and delivery log entry.
        tag("campaign", message.campaignId()).ifPresent(tags::add);
        tag("delivery", message.deliveryId()).ifPresent(tags::add);
        return SendEmailRequest.builder()
                .fromEmailAddress(settings.sender())
                .destination(d -> d.toAddresses(message.email()))
                .content(c -> c.simple(m -> m.subject(utf8(subject)).body(b -> b.text(utf8(message.body())))))
                .emailTags(tags)
                .build();
    }

    private static Optional<MessageTag> tag(String name, String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        String sanitised = value.replaceAll(TAG_REFUSED, "_");
        return Optional.of(MessageTag.builder().name(name)
                .value(sanitised.substring(0, Math.min(TAG_MAX, sanitised.length()))).build());
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset(StandardCharsets.UTF_8.name()).build();
    }

    private static PublishRequest sms(ChannelSettings settings, OutboundMessage message) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        // Promotional: campaign messages are marketing, which SNS routes at the lower price and the carriers'
        // marketing rules (quiet hours, opt-outs) apply to.
        attributes.put("AWS.SNS.SMS.SMSType", string("Promotional"));
        if (!blank(settings.sender())) {
            attributes.put("AWS.SNS.SMS.SenderID", string(settings.sender()));
        }
        return PublishRequest.builder().phoneNumber(message.phone()).message(message.body())
                .messageAttributes(attributes).build();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private <C extends SdkClient> DeliveryOutcome send(String service, ChannelSettings settings,
                                                       Function<ClientKey, C> factory, Function<C, String> call) {
        ClientKey key = new ClientKey(settings.kind(), settings.region(), settings.endpoint(),
                settings.accessKeyId(), settings.secretAccessKey());
        Cached cached = acquire(key, factory);
        try {
            // The key holds the kind, and each kind has its one factory, so the cached client is a C.
            @SuppressWarnings("unchecked")
            C client = (C) cached.client;
            return new DeliveryOutcome.Delivered(call.apply(client));
        } catch (SdkException e) {
            return failed(service, e);
        } finally {
            release(cached);
        }
    }

    private SesV2Client ses(ClientKey key) {
        return configure(SesV2Client.builder(), key).build();
    }

    private SnsClient sns(ClientKey key) {
        return configure(SnsClient.builder(), key).build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, ClientKey key) {
        builder.httpClient(http)
                .region(Region.of(key.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(callTimeout));
        if (!blank(key.endpoint())) {
            builder.endpointOverride(URI.create(key.endpoint()));
        }
        return builder;
    }

    /**
     * Maps an SDK failure to an outcome: throttling, the service's own faults and no answer at all may pass on a
     * later attempt; any other refusal is about the message or the settings. The reason names the status and AWS
     * error code only; the SDK's message text can quote the request (addresses, numbers).
     */
    private static DeliveryOutcome.Failed failed(String service, SdkException e) {
        if (e instanceof SdkServiceException s) {
            String code = s instanceof AwsServiceException a && a.awsErrorDetails() != null
                    && a.awsErrorDetails().errorCode() != null ? " " + a.awsErrorDetails().errorCode() : "";
            boolean retryable = s.isThrottlingException() || s.statusCode() == 429 || s.statusCode() >= 500;
            return new DeliveryOutcome.Failed(retryable, service + " answered " + s.statusCode() + code);
        }
        if (e instanceof SdkClientException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new DeliveryOutcome.Failed(true, "no answer from " + service + " ("
                    + cause.getClass().getSimpleName() + ")");
        }
        return new DeliveryOutcome.Failed(false, service + " call failed (" + e.getClass().getSimpleName() + ")");
    }

    private Cached acquire(ClientKey key, Function<ClientKey, ? extends SdkClient> factory) {
        synchronized (clients) {
            if (closed) {
                throw new IllegalStateException("this AwsMessageChannel is closed");
            }
            Cached cached = clients.get(key);
            if (cached == null) {
                cached = new Cached(factory.apply(key));
                clients.put(key, cached);
                if (clients.size() > maxClients) {
                    var eldest = clients.entrySet().iterator().next();
                    clients.remove(eldest.getKey());
                    retire(eldest.getValue());
                }
            }
            cached.inUse++;
            return cached;
        }
    }

    private void release(Cached cached) {
        synchronized (clients) {
            cached.inUse--;
            if (cached.retired && cached.inUse == 0) {
                cached.client.close();
            }
        }
    }

    /** Closes a client no longer cached, or leaves that to the last send still using it. */
    private static void retire(Cached cached) {
        cached.retired = true;
        if (cached.inUse == 0) {
            cached.client.close();
        }
    }

    /** Closes every cached client; sends still in flight close theirs when they end. */
    @Override
    public void close() {
        synchronized (clients) {
            closed = true;
            clients.values().forEach(AwsMessageChannel::retire);
            clients.clear();
        }
    }

    /** How many SDK clients are cached now; for tests of the cache's bound. */
    int cachedClients() {
        synchronized (clients) {
            return clients.size();
        }
    }

    private static boolean httpUrl(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** What makes two settings share a client; holds the secret, so it is never logged. */
    private record ClientKey(ChannelKind kind, String region, String endpoint, String accessKeyId,
                             String secretAccessKey) {
        @Override
        public String toString() {
            return "ClientKey[kind=" + kind + ", region=" + region + ", endpoint=" + endpoint + ", accessKeyId="
                    + accessKeyId + ", secret hidden]";
        }
    }

    /** A cached client and how many sends are using it; guarded by the cache's lock. */
    private static final class Cached {
        final SdkClient client;
        int inUse;
        boolean retired;

        Cached(SdkClient client) {
            this.client = client;
        }
    }
}
