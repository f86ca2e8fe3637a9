package io.shelfwise.adapters.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.OutboundMessage;
import io.shelfwise.campaign.WebhookPreset;
import io.shelfwise.campaign.port.out.DeliveryOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

class AwsMessageChannelTest {
    private static final String KEY_A = "AKIATENANTAEXAMPLE01";
    private static final String SECRET_A = "tenant-a-secret-key";
    private static final String KEY_B = "AKIATENANTBEXAMPLE02";
    private static final String SECRET_B = "tenant-b-secret-key";
    private static final String EMAIL = "shopper@example.com";
    private static final String PHONE = "+821012345678";

    private final FakeSesSns aws = new FakeSesSns(Map.of(KEY_A, SECRET_A, KEY_B, SECRET_B));
    private final ObjectMapper json = new ObjectMapper();
    private MockWebServer server;
    private SdkHttpClient http;
    private AwsMessageChannel channel;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(aws);
        server.start(InetAddress.getLoopbackAddress(), 0);
        http = Apache5HttpClient.builder().build();
        channel = new AwsMessageChannel(http, Duration.ofSeconds(5), 8);
    }

    @AfterEach
    void stop() {
        channel.close();
        http.close();
        server.close();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private ChannelSettings ses(String region, String key, String secret) {
        return new ChannelSettings(ChannelKind.EMAIL_SES, WebhookPreset.GENERIC, endpoint(), null,
                "news@shop.example", region, key, secret);
    }

    private ChannelSettings sns(String sender, String key, String secret) {
        return new ChannelSettings(ChannelKind.SMS_SNS, WebhookPreset.GENERIC, endpoint(), null, sender,
                "eu-west-1", key, secret);
    }

    private static OutboundMessage message(String subject, String email, String phone) {
        return new OutboundMessage("dlv-42:step-1", "tenant-a", "spring sale/2026", "user-7", email, phone, subject,
                "Hello Kim, 20% off today", List.of(), "rec-1", null);
    }

    /** The day the request says it was signed on (the verifier holds the credential scope to it). */
    private static String signingDay(FakeSesSns.Call call) {
        return call.request().getHeaders().get("x-amz-date").substring(0, 8);
    }

    private static Map<String, String> snsAttributes(Map<String, String> form) {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 1; form.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
            String prefix = "MessageAttributes.entry." + i;
            assertEquals("String", form.get(prefix + ".Value.DataType"));
            attributes.put(form.get(prefix + ".Name"), form.get(prefix + ".Value.StringValue"));
        }
        return attributes;
    }

    @Test
    void email_goes_out_as_a_signed_ses_v2_request() throws IOException {
        DeliveryOutcome outcome = channel.deliver(ses("eu-west-1", KEY_A, SECRET_A),
                message("Spring sale", EMAIL, null));

        assertEquals(new DeliveryOutcome.Delivered("msg-1"), outcome);
        FakeSesSns.Call call = aws.calls.getFirst();
        assertTrue(call.signatureValid());
        assertEquals(new SigV4Verifier.Credential(KEY_A, signingDay(call), "eu-west-1", "ses"),
                SigV4Verifier.credential(call.request()).orElseThrow());
        assertEquals("POST", call.request().getMethod());
        assertEquals("/v2/email/outbound-emails", call.request().getTarget());
        JsonNode body = json.readTree(call.body());
        assertEquals("news@shop.example", body.path("FromEmailAddress").asText());
        assertEquals(List.of(EMAIL), json.convertValue(body.path("Destination").path("ToAddresses"), List.class));
        JsonNode simple = body.path("Content").path("Simple");
        assertEquals("Spring sale", simple.path("Subject").path("Data").asText());
        assertEquals("UTF-8", simple.path("Subject").path("Charset").asText());
        assertEquals("Hello Kim, 20% off today", simple.path("Body").path("Text").path("Data").asText());
        assertTrue(simple.path("Body").path("Html").isMissingNode());
    }

    @Test
    void email_tags_carry_the_campaign_and_delivery_ids_in_the_characters_ses_allows() throws IOException {
        channel.deliver(ses("eu-west-1", KEY_A, SECRET_A), message(null, EMAIL, null));

        JsonNode body = json.readTree(aws.calls.getFirst().body());
        Map<String, String> tags = new HashMap<>();
        body.path("EmailTags").forEach(t -> tags.put(t.path("Name").asText(), t.path("Value").asText()));
        assertEquals(Map.of("campaign", "spring_sale_2026", "delivery", "dlv-42_step-1"), tags);
        assertEquals("spring sale/2026", body.path("Content").path("Simple").path("Subject").path("Data").asText(),
                "without a subject, the campaign id stands in");
    }

    @Test
    void sms_goes_out_as_a_signed_sns_publish_of_promotional_type_with_the_sender_id() {
        DeliveryOutcome outcome = channel.deliver(sns("SHOPWISE", KEY_A, SECRET_A), message(null, null, PHONE));

        assertEquals(new DeliveryOutcome.Delivered("msg-1"), outcome);
        FakeSesSns.Call call = aws.calls.getFirst();
        assertTrue(call.signatureValid());
        assertEquals(new SigV4Verifier.Credential(KEY_A, signingDay(call), "eu-west-1", "sns"),
                SigV4Verifier.credential(call.request()).orElseThrow());
        assertEquals("POST", call.request().getMethod());
        assertEquals("/", call.request().getTarget());
        assertTrue(call.request().getHeaders().get("Content-Type").startsWith("application/x-www-form-urlencoded"));
        Map<String, String> form = FakeIam.formParameters(call.body());
        assertEquals("Publish", form.get("Action"));
        assertEquals(PHONE, form.get("PhoneNumber"));
        assertEquals("Hello Kim, 20% off today", form.get("Message"));
        assertNull(form.get("TopicArn"));
        assertEquals(Map.of("AWS.SNS.SMS.SMSType", "Promotional", "AWS.SNS.SMS.SenderID", "SHOPWISE"),
                snsAttributes(form));
    }

    @Test
    void sms_without_a_configured_sender_carries_no_sender_id() {
        channel.deliver(sns(null, KEY_A, SECRET_A), message(null, null, PHONE));

        assertEquals(Map.of("AWS.SNS.SMS.SMSType", "Promotional"),
                snsAttributes(FakeIam.formParameters(aws.calls.getFirst().body())));
    }

    @Test
    void each_tenants_requests_are_signed_with_its_own_key_and_region() {
        ChannelSettings tenantA = ses("eu-west-1", KEY_A, SECRET_A);
        ChannelSettings tenantB = ses("us-east-1", KEY_B, SECRET_B);

        for (ChannelSettings settings : List.of(tenantA, tenantB, tenantA, tenantB)) {
            assertInstanceOf(DeliveryOutcome.Delivered.class, channel.deliver(settings, message("Hi", EMAIL, null)));
        }
        channel.deliver(sns(null, KEY_B, SECRET_B), message(null, null, PHONE));

        assertTrue(aws.calls.stream().allMatch(FakeSesSns.Call::signatureValid));
        assertEquals(List.of(KEY_A, KEY_B, KEY_A, KEY_B, KEY_B),
                aws.calls.stream().map(FakeSesSns.Call::accessKeyId).toList());
        assertEquals(List.of("eu-west-1", "us-east-1", "eu-west-1", "us-east-1", "eu-west-1"), aws.calls.stream()
                .map(c -> SigV4Verifier.credential(c.request()).orElseThrow().region()).toList());
        assertEquals(List.of("ses", "ses", "ses", "ses", "sns"),
                aws.calls.stream().map(FakeSesSns.Call::service).toList());
        assertEquals(3, channel.cachedClients(), "one client per tenant's settings and service, reused");
    }

    @Test
    void settings_with_a_cached_key_id_but_another_secret_get_their_own_client_and_are_refused() {
        assertInstanceOf(DeliveryOutcome.Delivered.class,
                channel.deliver(ses("eu-west-1", KEY_A, SECRET_A), message("Hi", EMAIL, null)));

        DeliveryOutcome outcome = channel.deliver(ses("eu-west-1", KEY_A, "someone-elses-guess"),
                message("Hi", EMAIL, null));

        assertEquals(new DeliveryOutcome.Failed(false, "SES answered 403 SignatureDoesNotMatch"), outcome);
        assertEquals(List.of(true, false), aws.calls.stream().map(FakeSesSns.Call::signatureValid).toList());
        assertEquals(KEY_A, aws.calls.get(1).accessKeyId());
    }

    @Test
    void the_verifier_rejects_a_request_signed_with_another_secret_or_changed_after_signing() {
        channel.deliver(sns(null, KEY_A, SECRET_A), message(null, null, PHONE));
        var signed = aws.calls.getFirst().request();

        assertTrue(new SigV4Verifier(Map.of(KEY_A, SECRET_A)).verify(signed));
        assertFalse(new SigV4Verifier(Map.of(KEY_A, SECRET_B)).verify(signed));
        assertFalse(new SigV4Verifier(Map.of(KEY_B, SECRET_A)).verify(signed));
        String changed = aws.calls.getFirst().body().replace("%2B821012345678", "%2B821099999999");
        assertFalse(new SigV4Verifier(Map.of(KEY_A, SECRET_A)).verify(SigV4Verifier.withBody(signed, changed)));
    }

    @Test
    void a_fault_on_the_service_side_is_retryable() {
        aws.answerNext(FakeSesSns.sesError(500, "InternalFailure"));
        aws.answerNext(FakeSesSns.snsError(503, "ServiceUnavailable"));

        assertEquals(new DeliveryOutcome.Failed(true, "SES answered 500 InternalFailure"),
                channel.deliver(ses("eu-west-1", KEY_A, SECRET_A), message("Hi", EMAIL, null)));
        assertEquals(new DeliveryOutcome.Failed(true, "SNS answered 503 ServiceUnavailable"),
                channel.deliver(sns(null, KEY_A, SECRET_A), message(null, null, PHONE)));
        assertEquals(2, aws.calls.size(), "the SDK does not retry: the campaign context does");
    }

    @Test
    void throttling_is_retryable_whether_told_by_status_or_by_error_code() {
        aws.answerNext(FakeSesSns.sesError(429, "TooManyRequestsException"));
        aws.answerNext(FakeSesSns.snsError(400, "Throttling"));

        assertEquals(new DeliveryOutcome.Failed(true, "SES answered 429 TooManyRequestsException"),
                channel.deliver(ses("eu-west-1", KEY_A, SECRET_A), message("Hi", EMAIL, null)));
        assertEquals(new DeliveryOutcome.Failed(true, "SNS answered 400 Throttling"),
                channel.deliver(sns(null, KEY_A, SECRET_A), message(null, null, PHONE)));
        assertEquals(2, aws.calls.size());
    }

    @Test
    void a_message_the_service_refuses_is_not_retryable_and_the_reason_quotes_no_content() {
        aws.answerNext(FakeSesSns.sesError(400, "MessageRejected"));
        aws.answerNext(FakeSesSns.snsError(400, "InvalidParameter"));

        DeliveryOutcome.Failed email = (DeliveryOutcome.Failed) channel.deliver(ses("eu-west-1", KEY_A, SECRET_A),
                message("Hi", EMAIL, null));
        DeliveryOutcome.Failed sms = (DeliveryOutcome.Failed) channel.deliver(sns(null, KEY_A, SECRET_A),
                message(null, null, PHONE));

        assertEquals(new DeliveryOutcome.Failed(false, "SES answered 400 MessageRejected"), email);
        assertEquals(new DeliveryOutcome.Failed(false, "SNS answered 400 InvalidParameter"), sms);
    }

    @Test
    void an_endpoint_nobody_listens_on_is_retryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ChannelSettings settings = new ChannelSettings(ChannelKind.SMS_SNS, WebhookPreset.GENERIC,
                "http://127.0.0.1:" + closedPort, null, null, "eu-west-1", KEY_A, SECRET_A);

        DeliveryOutcome.Failed outcome = (DeliveryOutcome.Failed) channel.deliver(settings,
                message(null, null, PHONE));

        assertTrue(outcome.retryable());
        assertTrue(outcome.reason().startsWith("no answer from SNS ("), outcome.reason());
    }

    @Test
    void an_answer_later_than_the_call_timeout_is_retryable() {
        try (AwsMessageChannel impatient = new AwsMessageChannel(http, Duration.ofMillis(300), 8)) {
            aws.answerNext(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS)
                    .body("{\"MessageId\":\"late\"}").build());

            DeliveryOutcome.Failed outcome = (DeliveryOutcome.Failed) impatient.deliver(
                    ses("eu-west-1", KEY_A, SECRET_A), message("Hi", EMAIL, null));

            assertTrue(outcome.retryable());
            assertTrue(outcome.reason().startsWith("no answer from SES ("), outcome.reason());
        }
    }

    @Test
    void a_shopper_without_an_address_for_the_channel_fails_for_good_without_a_request() {
        assertEquals(new DeliveryOutcome.Failed(false, "the shopper has no e-mail address"),
                channel.deliver(ses("eu-west-1", KEY_A, SECRET_A), message("Hi", null, PHONE)));
        assertEquals(new DeliveryOutcome.Failed(false, "the shopper has no phone number"),
                channel.deliver(sns(null, KEY_A, SECRET_A), message(null, EMAIL, " ")));

        assertEquals(0, server.getRequestCount());
    }

    @Test
    void settings_without_region_credentials_sender_or_a_usable_endpoint_fail_for_good_without_a_request() {
        OutboundMessage email = message("Hi", EMAIL, null);

        assertEquals(new DeliveryOutcome.Failed(false, "the channel's AWS region is not configured"),
                channel.deliver(ses(null, KEY_A, SECRET_A), email));
        assertEquals(new DeliveryOutcome.Failed(false, "the channel's AWS credentials are not configured"),
                channel.deliver(ses("eu-west-1", KEY_A, null), email));
        assertEquals(new DeliveryOutcome.Failed(false, "the channel's AWS credentials are not configured"),
                channel.deliver(ses("eu-west-1", "", SECRET_A), email));
        assertEquals(new DeliveryOutcome.Failed(false, "the channel's sender address is not configured"),
                channel.deliver(new ChannelSettings(ChannelKind.EMAIL_SES, null, endpoint(), null, null,
                        "eu-west-1", KEY_A, SECRET_A), email));
        assertEquals(new DeliveryOutcome.Failed(false, "the channel's endpoint override is not an http(s) URL"),
                channel.deliver(new ChannelSettings(ChannelKind.EMAIL_SES, null, "127.0.0.1:4566", null,
                        "news@shop.example", "eu-west-1", KEY_A, SECRET_A), email));

        assertEquals(0, server.getRequestCount());
        assertEquals(0, channel.cachedClients());
    }

    @Test
    void past_its_limit_the_cache_drops_the_least_recently_used_client_and_rebuilds_it_when_needed() {
        try (AwsMessageChannel small = new AwsMessageChannel(http, Duration.ofSeconds(5), 1)) {
            ChannelSettings tenantA = ses("eu-west-1", KEY_A, SECRET_A);
            ChannelSettings tenantB = ses("eu-west-1", KEY_B, SECRET_B);

            for (ChannelSettings settings : List.of(tenantA, tenantB, tenantA)) {
                assertInstanceOf(DeliveryOutcome.Delivered.class,
                        small.deliver(settings, message("Hi", EMAIL, null)));
                assertEquals(1, small.cachedClients());
            }

            assertEquals(List.of(KEY_A, KEY_B, KEY_A), aws.calls.stream().map(FakeSesSns.Call::accessKeyId).toList());
            assertTrue(aws.calls.stream().allMatch(FakeSesSns.Call::signatureValid));
        }
    }

    @Test
    void a_closed_channel_builds_no_more_clients() {
        channel.deliver(ses("eu-west-1", KEY_A, SECRET_A), message("Hi", EMAIL, null));

        channel.close();

        assertEquals(0, channel.cachedClients());
        assertThrows(IllegalStateException.class,
                () -> channel.deliver(ses("eu-west-1", KEY_A, SECRET_A), message("Hi", EMAIL, null)));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void it_delivers_the_two_aws_kinds_and_refuses_a_webhook_as_a_wiring_fault() {
        assertEquals(java.util.Set.of(ChannelKind.EMAIL_SES, ChannelKind.SMS_SNS), channel.kinds());
        assertThrows(IllegalArgumentException.class, () -> channel.deliver(
                ChannelSettings.webhook("https://hooks.example", "s", null, null), message("Hi", EMAIL, null)));
    }
}
