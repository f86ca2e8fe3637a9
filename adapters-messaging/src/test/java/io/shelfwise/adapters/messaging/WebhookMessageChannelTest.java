package io.shelfwise.adapters.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.MessageProduct;
import io.shelfwise.campaign.OutboundMessage;
import io.shelfwise.campaign.WebhookPreset;
import io.shelfwise.campaign.port.out.DeliveryOutcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookMessageChannelTest {
    private static final String SECRET = "whsec-tenant-a";
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookReceiver receiver = startReceiver();
    private final WebhookMessageChannel channel =
            new WebhookMessageChannel(Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        channel.close();
        receiver.close();
    }

    private static WebhookReceiver startReceiver() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutboundMessage message(String phone, List<MessageProduct> products) {
        return new OutboundMessage("d-42", "acme", "spring-sale", "u-7", "mina@example.com", phone,
                "Spring picks chosen just for you, Mina, with a coupon inside", "Hi Mina & friends",
                products, "rec-9", "SAVE10");
    }

    private static MessageProduct product(int i) {
        return new MessageProduct("sku-" + i, "Product number " + i + " with a rather long title",
                new BigDecimal("19.90"), "KRW", "https://shop.example/p/" + i, "https://img.example/" + i + ".jpg");
    }

    private ChannelSettings settings(WebhookPreset preset) {
        return ChannelSettings.webhook(receiver.url("/hooks/messages"), SECRET, preset, "sender-key-1");
    }

    private static JsonNode json(byte[] body) throws IOException {
        return JSON.readTree(body);
    }

    @Test
    void it_delivers_the_webhook_kind() {
        assertEquals(Set.of(ChannelKind.WEBHOOK), channel.kinds());
    }

    @Test
    void signed_payload_verifies_with_the_tenant_secret() throws Exception {
        DeliveryOutcome outcome = channel.deliver(settings(WebhookPreset.GENERIC), message("+821012345678",
                List.of(product(1))));

        assertInstanceOf(DeliveryOutcome.Delivered.class, outcome);
        WebhookReceiver.Received request = receiver.next();
        String timestamp = request.header(WebhookMessageChannel.TIMESTAMP_HEADER);
        assertEquals(Long.toString(NOW.getEpochSecond()), timestamp);
        byte[] signature = request.header(WebhookMessageChannel.SIGNATURE_HEADER).getBytes(StandardCharsets.UTF_8);
        assertTrue(MessageDigest.isEqual(signature,
                WebhookMessageChannel.signature(SECRET, timestamp, request.body()).getBytes(StandardCharsets.UTF_8)));
        assertFalse(MessageDigest.isEqual(signature,
                WebhookMessageChannel.signature("another-secret", timestamp, request.body())
                        .getBytes(StandardCharsets.UTF_8)));
        assertFalse(MessageDigest.isEqual(signature,
                WebhookMessageChannel.signature(SECRET, Long.toString(NOW.getEpochSecond() + 1), request.body())
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void the_signature_is_hex_hmac_sha256_of_timestamp_dot_body() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(
                mac.doFinal("1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        assertEquals("sha256=" + expected,
                WebhookMessageChannel.signature("key", "1700000000", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void idempotency_key_header_equals_the_delivery_id() throws Exception {
        channel.deliver(settings(WebhookPreset.GENERIC), message(null, List.of()));

        WebhookReceiver.Received request = receiver.next();
        assertEquals("POST", request.method());
        assertEquals("d-42", request.header("Idempotency-Key"));
        assertEquals("application/json", request.header("Content-Type"));
    }

    @Test
    void generic_payload_carries_every_field_and_leaves_out_nulls() throws Exception {
        MessageProduct bare = new MessageProduct("sku-2", null, null, null, null, null);
        channel.deliver(settings(WebhookPreset.GENERIC), new OutboundMessage("d-1", "acme", "spring-sale", "u-7",
                "mina@example.com", null, null, "Hi Mina", List.of(product(1), bare), "rec-9", null));

        byte[] raw = receiver.next().body();
        // The price goes out as a JSON number with its scale kept.
        assertTrue(new String(raw, StandardCharsets.UTF_8).contains("\"price\":19.90"));
        JsonNode body = json(raw);
        assertEquals("d-1", body.get("deliveryId").asText());
        assertEquals("acme", body.get("tenantId").asText());
        assertEquals("spring-sale", body.get("campaignId").asText());
        assertEquals("u-7", body.get("userId").asText());
        assertEquals("mina@example.com", body.get("email").asText());
        assertEquals("Hi Mina", body.get("text").asText());
        assertEquals("rec-9", body.get("recommendationId").asText());
        assertFalse(body.has("phone"));
        assertFalse(body.has("subject"));
        assertFalse(body.has("couponCode"));
        JsonNode first = body.get("products").get(0);
        assertEquals("sku-1", first.get("itemId").asText());
        assertEquals("Product number 1 with a rather long title", first.get("title").asText());
        assertEquals("KRW", first.get("currency").asText());
        assertEquals("https://shop.example/p/1", first.get("url").asText());
        assertEquals("https://img.example/1.jpg", first.get("imageUrl").asText());
        JsonNode second = body.get("products").get(1);
        assertEquals(1, second.size());
        assertEquals("sku-2", second.get("itemId").asText());
    }

    @Test
    void kakao_friendtalk_payload_has_sender_key_recipient_and_up_to_five_link_buttons() throws Exception {
        List<MessageProduct> products = IntStream.rangeClosed(1, 7).mapToObj(WebhookMessageChannelTest::product)
                .toList();
        DeliveryOutcome outcome = channel.deliver(settings(WebhookPreset.KAKAO_FRIENDTALK),
                message("+821012345678", products));

        assertInstanceOf(DeliveryOutcome.Delivered.class, outcome);
        JsonNode body = json(receiver.next().body());
        assertEquals("sender-key-1", body.get("senderKey").asText());
        assertEquals("+821012345678", body.get("recipientNo").asText());
        assertEquals("Hi Mina & friends", body.get("content").asText());
        assertEquals("d-42", body.get("clientRequestId").asText());
        assertEquals("https://img.example/1.jpg", body.get("imageUrl").asText());
        JsonNode buttons = body.get("buttons");
        assertEquals(5, buttons.size());
        JsonNode button = buttons.get(0);
        assertEquals("Product number 1 with a rath", button.get("name").asText());
        assertEquals(28, button.get("name").asText().length());
        assertEquals("WL", button.get("type").asText());
        assertEquals("https://shop.example/p/1", button.get("linkMo").asText());
        assertEquals("https://shop.example/p/1", button.get("linkPc").asText());
        assertEquals("https://shop.example/p/5", buttons.get(4).get("linkMo").asText());
        assertFalse(body.has("email"));
    }

    @Test
    void mms_payload_has_sender_recipient_short_subject_text_and_first_image() throws Exception {
        MessageProduct noImage = new MessageProduct("sku-0", "Plain", null, null, "https://shop.example/p/0", null);
        channel.deliver(settings(WebhookPreset.MMS), message("+821012345678", List.of(noImage, product(3))));

        JsonNode body = json(receiver.next().body());
        assertEquals("sender-key-1", body.get("from").asText());
        assertEquals("+821012345678", body.get("to").asText());
        assertEquals("Spring picks chosen just for you, Mina, ", body.get("subject").asText());
        assertEquals(40, body.get("subject").asText().length());
        assertEquals("Hi Mina & friends", body.get("text").asText());
        assertEquals("https://img.example/3.jpg", body.get("imageUrl").asText());
        assertEquals("d-42", body.get("refId").asText());
    }

    @Test
    void mms_payload_leaves_out_the_image_when_no_product_has_one() throws Exception {
        channel.deliver(settings(WebhookPreset.MMS), message("+821012345678", List.of()));

        assertFalse(json(receiver.next().body()).has("imageUrl"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"KAKAO_FRIENDTALK", "MMS"})
    void phone_presets_refuse_a_shopper_without_a_phone_number_without_calling(String preset) {
        DeliveryOutcome outcome = channel.deliver(settings(WebhookPreset.valueOf(preset)), message(null, List.of()));

        assertEquals(new DeliveryOutcome.Failed(false, "the shopper has no phone number"), outcome);
        assertEquals(0, receiver.count());
    }

    @Test
    void the_providers_message_id_is_taken_from_the_response() {
        receiver.answering(200, "{\"messageId\":\"m-123\",\"id\":\"other\"}");
        assertEquals(new DeliveryOutcome.Delivered("m-123"),
                channel.deliver(settings(WebhookPreset.GENERIC), message(null, List.of())));

        receiver.answering(201, "{\"id\":4711}");
        assertEquals(new DeliveryOutcome.Delivered("4711"),
                channel.deliver(settings(WebhookPreset.GENERIC), message(null, List.of())));

        receiver.answering(200, "OK");
        assertEquals(new DeliveryOutcome.Delivered(null),
                channel.deliver(settings(WebhookPreset.GENERIC), message(null, List.of())));

        receiver.answering(204, "");
        assertEquals(new DeliveryOutcome.Delivered(null),
                channel.deliver(settings(WebhookPreset.GENERIC), message(null, List.of())));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 429, 503, 408, 425})
    void server_errors_and_rate_limits_are_retryable(int status) {
        receiver.answering(status, "{\"error\":\"try later\"}");

        DeliveryOutcome outcome = channel.deliver(settings(WebhookPreset.GENERIC), message("+821012345678",
                List.of()));

        assertEquals(new DeliveryOutcome.Failed(true, "HTTP " + status), outcome);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 404, 422})
    void client_errors_are_not_retryable(int status) {
        receiver.answering(status, "{\"error\":\"bad request\"}");

        DeliveryOutcome outcome = channel.deliver(settings(WebhookPreset.GENERIC), message("+821012345678",
                List.of()));

        assertEquals(new DeliveryOutcome.Failed(false, "HTTP " + status), outcome);
    }

    @Test
    void a_group_of_messages_is_in_flight_together_and_each_gets_its_own_outcome_in_order() throws Exception {
        // The receiver answers only once all six sendable messages are in: one at a time, each would time out.
        receiver.answeringOnlyWhenInFlightTogether(6).answering(200, "{\"messageId\":\"m\"}");
        List<OutboundMessage> group = IntStream.range(0, 7).mapToObj(i -> new OutboundMessage("d-" + i, "acme",
                "spring-sale", "u-" + i, null, i == 3 ? null : "+8210000000" + i, null, "Hi", List.of(), "rec-" + i,
                null)).toList();

        List<DeliveryOutcome> outcomes = channel.deliverAll(settings(WebhookPreset.MMS), group);

        assertEquals(7, outcomes.size());
        for (int i = 0; i < 7; i++) {
            assertEquals(i == 3 ? new DeliveryOutcome.Failed(false, "the shopper has no phone number")
                    : new DeliveryOutcome.Delivered("m"), outcomes.get(i), "message " + i);
        }
        Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            keys.add(receiver.next().header(WebhookMessageChannel.IDEMPOTENCY_KEY_HEADER));
        }
        assertEquals(Set.of("d-0", "d-1", "d-2", "d-4", "d-5", "d-6"), keys);
    }

    @Test
    void a_refused_connection_is_retryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ChannelSettings settings = ChannelSettings.webhook("http://127.0.0.1:" + closedPort + "/hook", SECRET,
                WebhookPreset.GENERIC, null);

        DeliveryOutcome outcome = channel.deliver(settings, message("+821012345678", List.of()));

        DeliveryOutcome.Failed failed = assertInstanceOf(DeliveryOutcome.Failed.class, outcome);
        assertTrue(failed.retryable());
        assertEquals("ConnectException", failed.reason());
    }

    @Test
    void a_server_slower_than_the_timeout_is_retryable() {
        receiver.delaying(Duration.ofSeconds(3));
        try (WebhookMessageChannel impatient = new WebhookMessageChannel(Duration.ofMillis(300))) {
            long started = System.nanoTime();

            DeliveryOutcome outcome = impatient.deliver(settings(WebhookPreset.GENERIC), message(null, List.of()));

            assertEquals(new DeliveryOutcome.Failed(true, "HttpTimeoutException"), outcome);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
        }
    }

    @Test
    void an_interrupted_delivery_is_retryable_and_keeps_the_interrupt() {
        receiver.delaying(Duration.ofSeconds(1));
        Thread.currentThread().interrupt();
        try {
            DeliveryOutcome outcome = channel.deliver(settings(WebhookPreset.GENERIC), message(null, List.of()));

            assertEquals(new DeliveryOutcome.Failed(true, "interrupted"), outcome);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void missing_or_unusable_settings_are_not_retryable() {
        OutboundMessage message = message("+821012345678", List.of());
        String url = receiver.url("/hook");

        assertEquals(new DeliveryOutcome.Failed(false, "the webhook endpoint is not configured"),
                channel.deliver(ChannelSettings.webhook(null, SECRET, WebhookPreset.GENERIC, null), message));
        assertEquals(new DeliveryOutcome.Failed(false, "the webhook secret is not configured"),
                channel.deliver(ChannelSettings.webhook(url, null, WebhookPreset.GENERIC, null), message));
        assertEquals(new DeliveryOutcome.Failed(false, "the webhook endpoint must be an http or https URL"),
                channel.deliver(ChannelSettings.webhook("ftp://127.0.0.1/hook", SECRET, WebhookPreset.GENERIC, null),
                        message));
        assertEquals(new DeliveryOutcome.Failed(false, "the webhook endpoint is not a valid URL"),
                channel.deliver(ChannelSettings.webhook("http://127.0.0.1/a b", SECRET, WebhookPreset.GENERIC, null),
                        message));
        assertEquals(0, receiver.count());
    }

    @Test
    void failure_reasons_carry_no_message_text_phone_or_secret() {
        receiver.answering(500, "{\"echo\":\"Hi Mina & friends +821012345678\"}");

        DeliveryOutcome.Failed failed = assertInstanceOf(DeliveryOutcome.Failed.class,
                channel.deliver(settings(WebhookPreset.MMS), message("+821012345678", List.of())));

        assertNotEquals(-1, failed.reason().indexOf("HTTP"));
        for (String secretOrPersonal : List.of("Mina", "+821012345678", SECRET, "mina@example.com")) {
            assertEquals(-1, failed.reason().indexOf(secretOrPersonal), failed.reason());
        }
    }
}
