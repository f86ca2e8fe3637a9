package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Segments and campaigns over real HTTP, delivered by the real dispatcher to a webhook endpoint on the loopback
 * address: personal products per shopper, opt-outs, frequency caps, holdout, quiet hours, coupons, bad
 * definitions, and tenant isolation.
 */
class CampaignsTest {
    private static final String SECRET = "whsec-0123456789abcdef";
    private static TestPlatform platform;
    private static MessageReceiver receiver;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        receiver = new MessageReceiver();
    }

    @AfterAll
    static void stop() {
        platform.close();
        receiver.close();
    }

    /**
     * A store of six Alpha shoes and six Beta hats; fan0..fan5 browse Alpha, bfan0..bfan5 browse Beta; one segment
     * of everyone who looked at either brand; the webhook channel; no quiet hours, no holdout by default.
     */
    private static String store(String tenant, String settings) {
        String key = platform.tenantWithKey(tenant, "enterprise");
        String items = IntStream.range(0, 6).mapToObj(i -> item("a" + i, "Alpha", "Shoes") + ","
                + item("b" + i, "Beta", "Hats")).collect(Collectors.joining(","));
        assertEquals(200, platform.send("PUT", "/v1/items", key, "{\"items\":[" + items + "]}").status());
        List<String> events = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(3600);
        for (int u = 0; u < 6; u++) {
            for (int i = 0; i < 6; i++) {
                events.add(event(tenant + "a" + u + i, "view", "fan" + u, "a" + i, start.plusSeconds(u * 60L + i)));
                events.add(event(tenant + "b" + u + i, "view", "bfan" + u, "b" + i, start.plusSeconds(u * 60L + i)));
            }
        }
        assertEquals(200, platform.send("POST", "/v1/events", key, "{\"events\":[" + String.join(",", events)
                + "]}").status());
        assertEquals(200, platform.send("PUT", "/v1/channels/webhook", key, "{\"endpoint\":\"" + receiver.url()
                + "\",\"secret\":\"" + SECRET + "\"}").status());
        assertEquals(200, platform.send("PUT", "/v1/settings/campaigns", key, settings).status());
        return key;
    }

    private static final String NO_LIMITS = "{\"timeZone\":\"UTC\",\"quietHours\":{\"start\":\"00:00\","
            + "\"end\":\"00:00\"},\"frequencyCap\":{\"messages\":5,\"days\":7},\"holdoutPercent\":0}";

    private static String segment(String key) {
        TestPlatform.Reply created = platform.send("POST", "/v1/segments", key, "{\"name\":\"Browsers\","
                + "\"definition\":{\"kind\":\"any\",\"of\":[{\"kind\":\"interest\",\"brand\":\"Alpha\"},"
                + "{\"kind\":\"interest\",\"brand\":\"Beta\",\"minCount\":2}]}}");
        assertEquals(201, created.status(), created.body());
        assertEquals(12, created.json().get("size").asInt(), created.body());
        return created.json().get("id").asText();
    }

    private static String campaign(String key, String segmentId, String extra) {
        TestPlatform.Reply created = platform.send("POST", "/v1/campaigns", key, "{\"name\":\"Spring\","
                + "\"segmentId\":\"" + segmentId + "\",\"channel\":\"webhook\",\"template\":{\"subject\":"
                + "\"For you\",\"body\":\"Hi {{shopper.firstName}}! {{#products}}{{rank}}. {{title}} {{/products}}"
                + "{{#coupon}}Code {{code}} for {{text}}{{/coupon}}\"},\"products\":{\"count\":3}" + extra + "}");
        assertEquals(201, created.status(), created.body());
        return created.json().get("id").asText();
    }

    private static List<JsonNode> messagesOf(String tenant) {
        return receiver.received().stream().filter(m -> m.path("tenantId").asText().equals(tenant)).toList();
    }

    private static List<JsonNode> awaitMessages(String tenant, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (messagesOf(tenant).size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + messagesOf(tenant).size() + " of " + count);
            sleep(20);
        }
        return messagesOf(tenant);
    }

    /** Waits until no delivery of the campaign is pending or being sent. */
    private static JsonNode awaitSettled(String key, String campaignId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode report = platform.send("GET", "/v1/campaigns/" + campaignId + "/report", key, null).json();
            JsonNode by = report.get("byStatus");
            if (by.path("pending").asLong() == 0 && by.path("claimed").asLong() == 0
                    && by.path("sending").asLong() == 0) {
                return report;
            }
            assertTrue(System.nanoTime() < deadline, "still pending: " + report);
            sleep(50);
        }
    }

    @Test
    void two_shoppers_in_one_campaign_get_their_own_products_and_recommendation_ids() {
        String key = store("crm-personal", NO_LIMITS);
        platform.send("PUT", "/v1/users/fan0/profile", key, "{\"firstName\":\"Ann\",\"phone\":\"+821012345678\"}");
        String campaignId = campaign(key, segment(key), ",\"holdoutPercent\":0");

        TestPlatform.Reply preview = platform.send("POST", "/v1/campaigns/" + campaignId + "/preview?limit=12", key,
                null);
        assertEquals(200, preview.status(), preview.body());
        assertEquals(12, preview.json().get("messages").size());
        assertTrue(messagesOf("crm-personal").isEmpty(), "a preview sends nothing");

        TestPlatform.Reply sent = platform.send("POST", "/v1/campaigns/" + campaignId + "/send", key, null);
        assertEquals(202, sent.status(), sent.body());
        assertEquals(12, sent.json().get("planned").asInt());
        Map<String, JsonNode> byUser = new HashMap<>();
        awaitMessages("crm-personal", 12).forEach(m -> byUser.put(m.get("userId").asText(), m));

        List<String> ann = itemIds(byUser.get("fan0"));
        List<String> beta = itemIds(byUser.get("bfan0"));
        assertEquals(3, ann.size());
        assertTrue(ann.stream().allMatch(id -> id.startsWith("a")), "an Alpha fan gets Alpha: " + ann);
        assertTrue(beta.stream().allMatch(id -> id.startsWith("b")), "a Beta fan gets Beta: " + beta);
        assertNotEquals(byUser.get("fan0").get("recommendationId"), byUser.get("bfan0").get("recommendationId"));
        assertTrue(byUser.get("fan0").get("text").asText().startsWith("Hi Ann! 1. "), byUser.get("fan0").toString());
        assertEquals("For you", byUser.get("fan0").get("subject").asText());
        assertEquals(12, byUser.values().stream().map(m -> m.get("deliveryId").asText()).distinct().count());

        // Sending again reaches nobody twice: the delivery log already holds every member.
        TestPlatform.Reply again = platform.send("POST", "/v1/campaigns/" + campaignId + "/send", key, null);
        assertEquals(0, again.json().get("planned").asInt(), again.body());
        JsonNode report = awaitSettled(key, campaignId);
        assertEquals(12, report.get("delivered").asInt());
        assertEquals(12, messagesOf("crm-personal").size());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String state;
        while (!(state = platform.send("GET", "/v1/campaigns/" + campaignId, key, null).json().get("state").asText())
                .equals("sent") && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertEquals("sent", state, "the campaign is sent once every delivery is final");
    }

    @Test
    void opt_outs_caps_and_the_holdout_are_respected() {
        String key = store("crm-rules", "{\"timeZone\":\"UTC\",\"quietHours\":{\"start\":\"00:00\",\"end\":"
                + "\"00:00\"},\"frequencyCap\":{\"messages\":1,\"days\":7},\"holdoutPercent\":50}");
        platform.send("PUT", "/v1/users/fan1/profile", key, "{\"optedOut\":true}");
        String segmentId = segment(key);
        String first = campaign(key, segmentId, "");
        JsonNode plan = platform.send("POST", "/v1/campaigns/" + first + "/send", key, null).json();
        JsonNode report = awaitSettled(key, first);
        Set<String> holdout = users(key, first, "holdout");
        Set<String> received = messagesOf("crm-rules").stream().map(m -> m.get("userId").asText())
                .collect(Collectors.toSet());
        assertFalse(holdout.isEmpty(), "half of 12 held out (none or all: 1 in 2,048): " + plan);
        assertTrue(holdout.size() < 12);
        assertFalse(received.contains("fan1"), "an opted-out shopper is never messaged");
        assertTrue(received.stream().noneMatch(holdout::contains), "nobody held out is messaged");
        Set<String> expected = new HashSet<>(Set.of("fan0", "fan1", "fan2", "fan3", "fan4", "fan5", "bfan0", "bfan1",
                "bfan2", "bfan3", "bfan4", "bfan5"));
        expected.removeAll(holdout);
        expected.remove("fan1");
        assertEquals(expected, received);
        assertEquals(holdout.size(), report.get("holdout").asInt());

        // A second campaign within the week: everyone the first one reached is at the cap of one message.
        String second = campaign(key, segmentId, ",\"holdoutPercent\":0");
        platform.send("POST", "/v1/campaigns/" + second + "/send", key, null);
        awaitSettled(key, second);
        Set<String> capped = users(key, second, "skipped_cap");
        assertEquals(received, capped);
        Set<String> secondReceived = messagesOf("crm-rules").stream().filter(m -> m.get("campaignId").asText()
                .equals(second)).map(m -> m.get("userId").asText()).collect(Collectors.toSet());
        Set<String> roomLeft = new HashSet<>(holdout);
        roomLeft.remove("fan1");
        assertEquals(roomLeft, secondReceived, "only the first campaign's holdout had room under the cap (and "
                + "fan1 opted out)");
    }

    @Test
    void nothing_goes_out_in_quiet_hours_and_it_waits_for_their_end() {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        String key = store("crm-quiet", "{\"timeZone\":\"UTC\",\"quietHours\":{\"start\":\""
                + now.minusHours(1).withSecond(0).withNano(0) + "\",\"end\":\""
                + now.plusHours(1).withSecond(0).withNano(0) + "\"},\"holdoutPercent\":0}");
        String campaignId = campaign(key, segment(key), "");
        platform.send("POST", "/v1/campaigns/" + campaignId + "/send", key, null);
        sleep(1500);
        assertTrue(messagesOf("crm-quiet").isEmpty());
        JsonNode deliveries = platform.send("GET", "/v1/campaigns/" + campaignId + "/deliveries?status=pending",
                key, null).json().get("deliveries");
        assertEquals(12, deliveries.size());
        Instant due = Instant.parse(deliveries.get(0).get("dueAt").asText());
        assertTrue(due.isAfter(Instant.now().plus(Duration.ofMinutes(50))), "due when quiet hours end: " + due);
    }

    @Test
    void a_coupon_redeems_once_and_the_report_counts_it() {
        String key = store("crm-coupon", NO_LIMITS);
        String campaignId = campaign(key, segment(key), ",\"coupon\":{\"kind\":\"percent\",\"value\":10,"
                + "\"validDays\":7}");
        platform.send("POST", "/v1/campaigns/" + campaignId + "/send", key, null);
        JsonNode ann = awaitMessages("crm-coupon", 12).stream().filter(m -> m.get("userId").asText().equals("fan2"))
                .findFirst().orElseThrow();
        String code = ann.get("couponCode").asText();
        assertTrue(ann.get("text").asText().contains("Code " + code + " for 10%"), ann.toString());
        String item = ann.get("products").get(0).get("itemId").asText();
        String rec = ann.get("recommendationId").asText();
        String now = Instant.now().toString();
        for (int i = 0; i < 2; i++) {
            TestPlatform.Reply purchase = platform.send("POST", "/v1/events", key, "{\"events\":[{\"eventId\":\"buy-"
                    + i + "\",\"type\":\"purchase\",\"userId\":\"fan2\",\"itemIds\":[\"" + item + "\"],\"quantity\":1,"
                    + "\"price\":40.00,\"currency\":\"EUR\",\"couponCode\":\"" + code + "\",\"recommendationId\":\""
                    + rec + "\",\"timestamp\":\"" + now + "\"}]}");
            assertEquals(200, purchase.status(), purchase.body());
        }
        TestPlatform.Reply click = platform.send("POST", "/v1/events", key, "{\"events\":[{\"eventId\":\"click-1\","
                + "\"type\":\"click\",\"userId\":\"fan3\",\"itemIds\":[\"a1\"],\"recommendationId\":\""
                + messagesOf("crm-coupon").stream().filter(m -> m.get("userId").asText().equals("fan3")).findFirst()
                .orElseThrow().get("recommendationId").asText() + "\",\"timestamp\":\"" + now + "\"}]}");
        assertEquals(200, click.status());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode report;
        do {
            sleep(50);
            report = platform.send("GET", "/v1/campaigns/" + campaignId + "/report", key, null).json();
        } while (report.get("couponsRedeemed").asInt() == 0 && System.nanoTime() < deadline);
        assertEquals(12, report.get("couponsIssued").asInt(), report.toString());
        assertEquals(1, report.get("couponsRedeemed").asInt(), "redeemed exactly once: " + report);
        assertEquals(40, report.get("couponRevenue").asInt());
        assertEquals(1, report.get("converted").asInt());
        assertEquals(1, report.get("clicked").asInt());
        assertEquals(80, report.get("attributedRevenue").asInt(), "both purchases cite the recommendation id");
    }

    @Test
    void bad_definitions_and_templates_get_specific_problems() {
        String key = store("crm-bad", NO_LIMITS);
        String segmentId = segment(key);
        TestPlatform.Reply badTemplate = platform.send("POST", "/v1/campaigns", key, "{\"name\":\"x\",\"segmentId\":\""
                + segmentId + "\",\"channel\":\"webhook\",\"template\":{\"body\":\"Hi {{shopper.fristName}}\"}}");
        assertEquals(422, badTemplate.status(), badTemplate.body());
        assertEquals(List.of("template.body"), badTemplate.problemFields());
        assertTrue(badTemplate.body().contains("shopper.fristName"), badTemplate.body());

        TestPlatform.Reply unclosed = platform.send("POST", "/v1/campaigns", key, "{\"name\":\"x\",\"segmentId\":\""
                + segmentId + "\",\"channel\":\"webhook\",\"template\":{\"body\":\"{{#products}}{{title}}\"}}");
        assertEquals(422, unclosed.status(), unclosed.body());
        assertEquals(List.of("template.body"), unclosed.problemFields());

        TestPlatform.Reply many = platform.send("POST", "/v1/campaigns", key, "{\"name\":\"x\",\"segmentId\":"
                + "\"seg-nope\",\"channel\":\"pigeon\",\"template\":{\"body\":\"hi\"},\"coupon\":{\"kind\":"
                + "\"percent\",\"value\":150},\"products\":{\"count\":50}}");
        assertEquals(422, many.status(), many.body());
        assertEquals(Set.of("channel", "coupon.value", "products.count"), Set.copyOf(many.problemFields()));

        TestPlatform.Reply unknownSegment = platform.send("POST", "/v1/campaigns", key, "{\"name\":\"x\","
                + "\"segmentId\":\"seg-nope\",\"channel\":\"webhook\",\"template\":{\"body\":\"hi\"}}");
        assertEquals(422, unknownSegment.status(), unknownSegment.body());
        assertEquals(List.of("segmentId"), unknownSegment.problemFields());

        TestPlatform.Reply badSegment = platform.send("POST", "/v1/segments", key, "{\"name\":\"x\",\"definition\":"
                + "{\"kind\":\"all\",\"of\":[{\"kind\":\"interest\",\"brand\":\"A\",\"days\":9999},{\"kind\":\"wat\"}]}}");
        assertEquals(422, badSegment.status(), badSegment.body());
        assertEquals(Set.of("definition.of[0].days", "definition.of[1].kind"), Set.copyOf(badSegment.problemFields()));

        TestPlatform.Reply badChannel = platform.send("PUT", "/v1/channels/webhook", key,
                "{\"endpoint\":\"ftp://x\",\"secret\":\"short\"}");
        assertEquals(422, badChannel.status(), badChannel.body());
        assertEquals(Set.of("endpoint", "secret"), Set.copyOf(badChannel.problemFields()));
        assertFalse(platform.send("GET", "/v1/channels/webhook", key, null).body().contains(SECRET),
                "the secret is never shown back");
    }

    @Test
    void segments_list_members_with_reasons_export_them_and_answer_per_shopper() {
        String key = store("crm-segments", NO_LIMITS);
        String segmentId = segment(key);
        JsonNode page = platform.send("GET", "/v1/segments/" + segmentId + "/members?limit=5", key, null).json();
        assertEquals(12, page.get("total").asInt());
        assertEquals(5, page.get("members").size());
        assertEquals(5, page.get("nextOffset").asInt());
        assertTrue(page.get("members").get(0).get("reason").asText().contains("view of brand"), page.toString());
        TestPlatform.Reply csv = platform.send("GET", "/v1/segments/" + segmentId + "/members.csv", key, null);
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        assertEquals(13, csv.body().split("\n").length, csv.body());
        JsonNode mine = platform.send("GET", "/v1/users/bfan3/segments", key, null).json();
        assertEquals(segmentId, mine.get("segments").get(0).get("segmentId").asText());
        assertTrue(platform.send("GET", "/v1/segments/" + segmentId + "/sizes", key, null).json().get("sizes")
                .size() >= 1);
        JsonNode recomputed = platform.send("POST", "/v1/segments/recompute", key, null).json();
        assertEquals(12, recomputed.get("sizes").get(segmentId).asInt(), recomputed.toString());
    }

    @Test
    void a_tenant_never_reads_or_uses_another_tenants_segments_campaigns_or_shoppers() {
        String a = store("crm-iso-a", NO_LIMITS);
        String b = platform.tenantWithKey("crm-iso-b", "enterprise");
        String segmentId = segment(a);
        String campaignId = campaign(a, segmentId, "");
        assertEquals(404, platform.send("GET", "/v1/segments/" + segmentId, b, null).status());
        assertEquals(404, platform.send("GET", "/v1/segments/" + segmentId + "/members", b, null).status());
        assertEquals(404, platform.send("GET", "/v1/campaigns/" + campaignId, b, null).status());
        assertEquals(404, platform.send("POST", "/v1/campaigns/" + campaignId + "/send", b, null).status());
        assertEquals(0, platform.send("GET", "/v1/users/fan0/segments", b, null).json().get("segments").size());
        TestPlatform.Reply borrowed = platform.send("POST", "/v1/campaigns", b, "{\"name\":\"x\",\"segmentId\":\""
                + segmentId + "\",\"channel\":\"webhook\",\"template\":{\"body\":\"hi\"}}");
        assertEquals(422, borrowed.status(), "another tenant's segment is unknown here: " + borrowed.body());
        assertEquals(List.of(), platform.send("GET", "/v1/campaigns", b, null).json().get("campaigns")
                .findValuesAsText("id"));
    }

    private static Set<String> users(String key, String campaignId, String status) {
        JsonNode d = platform.send("GET", "/v1/campaigns/" + campaignId + "/deliveries?status=" + status
                + "&limit=1000", key, null).json().get("deliveries");
        Set<String> users = new HashSet<>();
        d.forEach(x -> users.add(x.get("userId").asText()));
        return users;
    }

    private static List<String> itemIds(JsonNode message) {
        List<String> ids = new ArrayList<>();
        message.get("products").forEach(p -> ids.add(p.get("itemId").asText()));
        return ids;
    }

    private static String item(String id, String brand, String category) {
        return "{\"id\":\"" + id + "\",\"title\":\"" + brand + " " + id + "\",\"brand\":\"" + brand
                + "\",\"categoryPath\":[\"Clothing\",\"" + category + "\"],\"price\":20.00,\"currency\":\"EUR\","
                + "\"inStock\":true,\"attributes\":{\"url\":\"https://shop.example/" + id + "\"}}";
    }

    private static String event(String id, String type, String user, String item, Instant at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"userId\":\"" + user + "\",\"itemIds\":[\""
                + item + "\"],\"timestamp\":\"" + at + "\"}";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
