package io.shelfwise.adapters.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.MessageProduct;
import io.shelfwise.campaign.OutboundMessage;
import io.shelfwise.campaign.WebhookPreset;
import io.shelfwise.campaign.port.out.DeliveryOutcome;
import io.shelfwise.campaign.port.out.MessageChannel;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers messages as signed JSON POSTs to the tenant's webhook endpoint: its own gateway, or a message provider's
 * API shaped by {@link WebhookPreset}.
 *
 * <p>Every request carries these headers:
 * <ul>
 *     <li>{@code Idempotency-Key}: the message's delivery id; a retried delivery repeats it, so receivers can drop
 *     duplicates;</li>
 *     <li>{@code X-Shelfwise-Timestamp}: the Unix time of the attempt, in seconds;</li>
 *     <li>{@code X-Shelfwise-Signature}: {@code sha256=} followed by the lower-case hex HMAC-SHA256, keyed with the
 *     channel's secret (its UTF-8 bytes), of the timestamp header's value, a full stop, and the raw request body
 *     bytes: {@code HMAC(secret, timestamp + "." + body)}.</li>
 * </ul>
 * A receiver verifies a request by computing the same HMAC over the body bytes it received (before parsing them),
 * comparing it with the header in constant time, and refusing timestamps far from its own clock (five minutes is
 * usual) so that a captured request cannot be replayed later. {@link #signature(String, String, byte[])} computes
 * the header value.
 *
 * <p>One attempt per call, never retried here: the campaign context retries {@link DeliveryOutcome.Failed retryable}
 * failures with backoff. One HTTP client serves every tenant; close the channel to release it.
 */
public final class WebhookMessageChannel implements MessageChannel, AutoCloseable {
    /** The header with the delivery id, for receivers to drop duplicate deliveries. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** The header with the attempt's Unix time in seconds, part of the signed text. */
    public static final String TIMESTAMP_HEADER = "X-Shelfwise-Timestamp";
    /** The header with {@code sha256=<hex HMAC>} of the timestamp and body. */
    public static final String SIGNATURE_HEADER = "X-Shelfwise-Signature";

    private static final int KAKAO_MAX_BUTTONS = 5;
    private static final int KAKAO_BUTTON_NAME_LENGTH = 28;
    private static final int MMS_SUBJECT_LENGTH = 40;
    private static final String HMAC = "HmacSHA256";

    private final HttpClient client;
    private final ExecutorService executor;
    private final Duration timeout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param timeout the limit for connecting, and again for the whole request until the response headers arrive
     */
    public WebhookMessageChannel(Duration timeout) {
        this(timeout, Clock.systemUTC());
    }

    /** As {@link #WebhookMessageChannel(Duration)}, with the clock the signature's timestamp is read from. */
    public WebhookMessageChannel(Duration timeout, Clock clock) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        // Webhook endpoints answer the POST themselves: a redirect would resend shoppers' data to another address.
        // Responses complete on two daemon threads: the client's default executor starts a thread per concurrent
        // exchange, which at hundreds of messages a second costs more CPU than the sends themselves.
        this.executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("shelfwise-webhook-", 0)
                .factory());
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Set<ChannelKind> kinds() {
        return Set.of(ChannelKind.WEBHOOK);
    }

    @Override
    public DeliveryOutcome deliver(ChannelSettings settings, OutboundMessage message) {
        return deliverAll(settings, List.of(message)).getFirst();
    }

    /** Sends every message at once (the client multiplexes them over its connections) and waits for all. */
    @Override
    public List<DeliveryOutcome> deliverAll(ChannelSettings settings, List<OutboundMessage> messages) {
        List<CompletableFuture<DeliveryOutcome>> sends = new ArrayList<>(messages.size());
        for (OutboundMessage message : messages) {
            Object prepared = request(settings, message);
            sends.add(prepared instanceof HttpRequest request
                    ? client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, error) -> error == null ? outcome(response) : failure(error))
                    : CompletableFuture.completedFuture((DeliveryOutcome) prepared));
        }
        List<DeliveryOutcome> outcomes = new ArrayList<>(sends.size());
        for (CompletableFuture<DeliveryOutcome> send : sends) {
            try {
                outcomes.add(send.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sends.forEach(s -> s.cancel(true));
                outcomes.add(new DeliveryOutcome.Failed(true, "interrupted"));
            } catch (ExecutionException e) {
                outcomes.add(failure(e.getCause()));
            }
        }
        return outcomes;
    }

    /** Timeouts, refused connections and resets alike: the endpoint may answer a later attempt. */
    private static DeliveryOutcome failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return new DeliveryOutcome.Failed(true, cause.getClass().getSimpleName());
    }

    /** The signed request for {@code message}, or the {@link DeliveryOutcome.Failed} that keeps it from being sent. */
    private Object request(ChannelSettings settings, OutboundMessage message) {
        URI endpoint;
        try {
            endpoint = endpoint(settings);
        } catch (IllegalArgumentException e) {
            return new DeliveryOutcome.Failed(false, e.getMessage());
        }
        if (settings.secret() == null || settings.secret().isEmpty()) {
            return new DeliveryOutcome.Failed(false, "the webhook secret is not configured");
        }
        if (settings.preset() != WebhookPreset.GENERIC && message.phone() == null) {
            return new DeliveryOutcome.Failed(false, "the shopper has no phone number");
        }
        ObjectNode payload = switch (settings.preset()) {
            case GENERIC -> generic(message);
            case KAKAO_FRIENDTALK -> kakaoFriendTalk(settings, message);
            case MMS -> mms(settings, message);
        };
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            // Only plain strings and numbers go in; failing here is a bug, not a delivery outcome.
            throw new IllegalStateException("could not write the webhook payload", e);
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_KEY_HEADER, message.deliveryId())
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, signature(settings.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /**
     * The {@value #SIGNATURE_HEADER} value for a request: {@code sha256=} and the lower-case hex HMAC-SHA256, keyed
     * with {@code secret}'s UTF-8 bytes, of {@code timestamp}, a full stop, and {@code body}. Receivers call it with
     * the {@value #TIMESTAMP_HEADER} value and the raw body they received, and compare in constant time (for example
     * with {@link java.security.MessageDigest#isEqual(byte[], byte[])}).
     */
    public static String signature(String secret, String timestamp, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(body, "body");
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(body);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every JDK ships HmacSHA256, and any non-empty key suits it.
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret must not be empty", e);
        }
    }

    @Override
    public void close() {
        client.close();
        executor.shutdownNow();
    }

    private static URI endpoint(ChannelSettings settings) {
        String endpoint = settings.endpoint();
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("the webhook endpoint is not configured");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the webhook endpoint is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the webhook endpoint must be an http or https URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the webhook endpoint has no host");
        }
        return uri;
    }

    /** Shelfwise's own payload: every field of the message, nulls left out. */
    private ObjectNode generic(OutboundMessage message) {
        ObjectNode node = json.createObjectNode();
        putIfPresent(node, "deliveryId", message.deliveryId());
        putIfPresent(node, "tenantId", message.tenantId());
        putIfPresent(node, "campaignId", message.campaignId());
        putIfPresent(node, "userId", message.userId());
        putIfPresent(node, "email", message.email());
        putIfPresent(node, "phone", message.phone());
        putIfPresent(node, "subject", message.subject());
        putIfPresent(node, "text", message.body());
        putIfPresent(node, "recommendationId", message.recommendationId());
        putIfPresent(node, "couponCode", message.couponCode());
        ArrayNode products = node.putArray("products");
        for (MessageProduct product : message.products()) {
            ObjectNode item = products.addObject();
            putIfPresent(item, "itemId", product.itemId());
            putIfPresent(item, "title", product.title());
            putIfPresent(item, "price", product.price());
            putIfPresent(item, "currency", product.currency());
            putIfPresent(item, "url", product.url());
            putIfPresent(item, "imageUrl", product.imageUrl());
        }
        return node;
    }

    /** A Korean friend-talk provider's request: one web-link button per product that has a link. */
    private ObjectNode kakaoFriendTalk(ChannelSettings settings, OutboundMessage message) {
        ObjectNode node = json.createObjectNode();
        putIfPresent(node, "senderKey", settings.sender());
        node.put("recipientNo", message.phone());
        node.put("content", message.body());
        ArrayNode buttons = node.putArray("buttons");
        message.products().stream()
                .filter(p -> p.url() != null)
                .limit(KAKAO_MAX_BUTTONS)
                .forEach(p -> {
                    ObjectNode button = buttons.addObject();
                    button.put("name", truncate(p.title() == null ? p.itemId() : p.title(), KAKAO_BUTTON_NAME_LENGTH));
                    button.put("type", "WL");
                    button.put("linkMo", p.url());
                    button.put("linkPc", p.url());
                });
        putIfPresent(node, "imageUrl", firstImage(message.products()));
        node.put("clientRequestId", message.deliveryId());
        return node;
    }

    /** An MMS provider's request: callback number, recipient, short subject, text and the first product image. */
    private ObjectNode mms(ChannelSettings settings, OutboundMessage message) {
        ObjectNode node = json.createObjectNode();
        putIfPresent(node, "from", settings.sender());
        node.put("to", message.phone());
        putIfPresent(node, "subject", message.subject() == null ? null : truncate(message.subject(), MMS_SUBJECT_LENGTH));
        node.put("text", message.body());
        putIfPresent(node, "imageUrl", firstImage(message.products()));
        node.put("refId", message.deliveryId());
        return node;
    }

    private DeliveryOutcome outcome(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new DeliveryOutcome.Delivered(providerMessageId(response.body()));
        }
        // 408 timeout, 425 too early, 429 rate limited and server errors may pass; other 4xx will not.
        boolean retryable = status == 408 || status == 425 || status == 429 || status >= 500;
        return new DeliveryOutcome.Failed(retryable, "HTTP " + status);
    }

    /** The provider's id for the message: {@code messageId} or {@code id} of a JSON object body, when present. */
    private String providerMessageId(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            // Endpoints may answer 2xx with any body; the message was taken all the same.
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String field : List.of("messageId", "id")) {
            JsonNode value = node.get(field);
            if (value != null && (value.isTextual() || value.isNumber())) {
                return value.asText();
            }
        }
        return null;
    }

    private static String firstImage(List<MessageProduct> products) {
        return products.stream().map(MessageProduct::imageUrl).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The first {@code max} characters (code points, so that no emoji or Hangul pair is split). */
    private static String truncate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max));
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, BigDecimal value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
