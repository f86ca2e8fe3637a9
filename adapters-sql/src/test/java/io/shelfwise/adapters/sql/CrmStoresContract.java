package io.shelfwise.adapters.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.campaign.Campaign;
import io.shelfwise.campaign.CampaignOutcomes;
import io.shelfwise.campaign.CampaignSettings;
import io.shelfwise.campaign.CampaignState;
import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.Coupon;
import io.shelfwise.campaign.CouponSpec;
import io.shelfwise.campaign.Delivery;
import io.shelfwise.campaign.DeliveryStatus;
import io.shelfwise.campaign.Journey;
import io.shelfwise.campaign.ShopperProfile;
import io.shelfwise.campaign.WebhookPreset;
import io.shelfwise.campaign.port.out.CampaignStore.TenantDelivery;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.RecommendationFilters;
import io.shelfwise.segmentation.ChurnModel;
import io.shelfwise.segmentation.ChurnReport;
import io.shelfwise.segmentation.MembershipChanges;
import io.shelfwise.segmentation.Segment;
import io.shelfwise.segmentation.SegmentDefinitions;
import io.shelfwise.segmentation.SegmentMember;
import io.shelfwise.segmentation.SegmentSize;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The segment and campaign stores on every SQL database the platform runs on (H2 and PostgreSQL). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrmStoresContract {
    private static final Instant NOW = Instant.parse("2026-11-20T10:15:30Z");
    static final SecretBox KEY = SecretBox.ofBase64(SecretBox.newKey());
    private final TenantId a = new TenantId("crm-a");
    private final TenantId b = new TenantId("crm-b");
    private SqlDatabase db;
    private JdbiSegmentStore segments;
    private JdbiCampaignStore campaigns;

    abstract DatabaseSettings settings();

    @BeforeAll
    void open() {
        db = SqlDatabase.open(settings());
        segments = new JdbiSegmentStore(db);
        campaigns = new JdbiCampaignStore(db, KEY);
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void emptyTables() {
        SqlAdaptersContract.emptyEveryTable(db);
        JdbiTenantRepository tenants = new JdbiTenantRepository(db);
        tenants.insert(new Tenant(a, "A", Tier.STANDARD, TenantState.ACTIVE, NOW));
        tenants.insert(new Tenant(b, "B", Tier.STANDARD, TenantState.ACTIVE, NOW));
    }

    static Segment segment(String id, Map<String, Object> definition) {
        return new Segment(id, "Segment " + id, null, definition, SegmentDefinitions.parse("definition", definition),
                1, NOW, NOW);
    }

    static Campaign campaign(String id, String segmentId, CouponSpec coupon, Journey journey) {
        return new Campaign(id, "Campaign " + id, segmentId, ChannelKind.WEBHOOK, "Hi", "Hello {{firstName}}", 3,
                new RecommendationFilters(30, Set.of("Acme"), Set.of(), Set.of(), Set.of("Socks"), 2), coupon, 20,
                NOW.plusSeconds(60), journey, CampaignState.DRAFT, 1, NOW, NOW, null,
                Map.of("name", "Campaign " + id));
    }

    static Delivery pending(String id, String campaign, String user, int step) {
        return new Delivery(id, campaign, "once", user, step, DeliveryStatus.PENDING, 0, NOW, NOW, null, null, null,
                null, null);
    }

    @Test
    void segments_round_trip_with_members_sizes_and_churn_model_and_stay_within_their_tenant() {
        Segment s = segment("seg-1", Map.of("kind", "all", "of", List.of(Map.of("kind", "new_shoppers", "days", 7),
                Map.of("kind", "cart_abandoners", "hours", 2))));
        segments.save(a, s);
        segments.save(b, segment("seg-b", Map.of("kind", "high_value")));
        assertEquals(s, segments.find(a, "seg-1").orElseThrow());
        assertTrue(segments.find(b, "seg-1").isEmpty(), "another tenant's segment is invisible");
        assertEquals(List.of("seg-1"), segments.list(a).stream().map(Segment::id).toList());
        assertEquals(Set.of(a, b), new HashSet<>(segments.tenantsWithSegments()));

        segments.applyMembership(a, new MembershipChanges("seg-1", List.of(
                new SegmentMember("u1", 0.9, "new shopper", NOW), new SegmentMember("u2", 0.5, "cart", NOW)),
                List.of()));
        segments.applyMembership(a, new MembershipChanges("seg-1",
                List.of(new SegmentMember("u3", 0.7, "cart", NOW.plusSeconds(5))), List.of("u1")));
        assertEquals(Set.of("u2", "u3"), segments.members(a, "seg-1").keySet());
        assertEquals(new SegmentMember("u3", 0.7, "cart", NOW.plusSeconds(5)), segments.members(a, "seg-1").get("u3"));
        assertTrue(segments.members(b, "seg-1").isEmpty());

        segments.recordSize(a, "seg-1", NOW.minusSeconds(7200), 1);
        segments.recordSize(a, "seg-1", NOW, 2);
        assertEquals(List.of(new SegmentSize(NOW, 2)), segments.sizes(a, "seg-1", NOW.minusSeconds(3600)));

        ChurnReport report = new ChurnReport(new ChurnModel(List.of("recency", "frequency"), new double[] {1, 2},
                new double[] {3, 4}, new double[] {0.5, -0.25}, 0.1), 30, NOW.minusSeconds(86400),
                NOW.minusSeconds(3600), 100, 40, 0.35, 0.71, 0.66, NOW);
        segments.saveChurnModel(a, report);
        ChurnReport read = segments.churnModel(a).orElseThrow();
        assertEquals(0.71, read.auc());
        assertEquals(List.of("recency", "frequency"), read.model().featureNames());
        assertEquals(-0.25, read.model().weights()[1]);
        assertTrue(segments.churnModel(b).isEmpty());

        assertTrue(segments.delete(a, "seg-1"));
        assertFalse(segments.delete(a, "seg-1"));
        assertTrue(segments.members(a, "seg-1").isEmpty(), "members go with their segment");
        assertTrue(segments.sizes(a, "seg-1", NOW.minusSeconds(86400)).isEmpty());
        assertTrue(segments.find(b, "seg-b").isPresent());
    }

    @Test
    void channels_settings_profiles_and_campaigns_round_trip_per_tenant() {
        ChannelSettings hook = new ChannelSettings(ChannelKind.WEBHOOK, WebhookPreset.KAKAO_FRIENDTALK,
                "http://127.0.0.1:9/hook", "s3cret", "sender-key", null, null, null);
        campaigns.saveChannel(a, hook);
        assertEquals(hook, campaigns.channel(a, ChannelKind.WEBHOOK).orElseThrow());
        assertTrue(campaigns.channel(b, ChannelKind.WEBHOOK).isEmpty());
        ChannelSettings replaced = new ChannelSettings(ChannelKind.WEBHOOK, WebhookPreset.MMS, "http://127.0.0.1:9/x",
                "other", null, null, null, null);
        campaigns.saveChannel(a, replaced);
        assertEquals(List.of(replaced), campaigns.channels(a));

        CampaignSettings settings = new CampaignSettings(ZoneId.of("Asia/Seoul"), LocalTime.of(22, 0),
                LocalTime.of(9, 30), 3, 5, 15, 10);
        campaigns.saveSettings(a, settings);
        assertEquals(settings, campaigns.settings(a).orElseThrow());
        assertTrue(campaigns.settings(b).isEmpty());

        ShopperProfile ann = new ShopperProfile("u1", "Ann", "ann@example.com", "+821012345678", false);
        campaigns.saveProfile(a, ann);
        campaigns.saveProfile(a, new ShopperProfile("u2", null, null, null, true));
        assertEquals(ann, campaigns.profile(a, "u1").orElseThrow());
        assertEquals(Set.of("u1", "u2"), campaigns.profiles(a, List.of("u1", "u2", "u3")).keySet());
        assertTrue(campaigns.profiles(b, List.of("u1")).isEmpty());

        Campaign journey = campaign("c-1", "seg-1", new CouponSpec(CouponSpec.Kind.PERCENT, new BigDecimal("15"),
                null, 14), new Journey(Journey.Trigger.SEGMENT_ENTRY, Duration.ofHours(2), true, Duration.ofDays(3),
                "Still thinking, {{firstName}}?"));
        campaigns.save(a, journey);
        assertEquals(journey, campaigns.find(a, "c-1").orElseThrow());
        Campaign once = campaign("c-2", "seg-1", new CouponSpec(CouponSpec.Kind.AMOUNT, new BigDecimal("5.00"),
                "EUR", 7), null);
        campaigns.save(a, once);
        assertTrue(campaigns.find(b, "c-1").isEmpty());
        assertEquals(List.of("c-1", "c-2"), campaigns.list(a).stream().map(Campaign::id).toList());
        campaigns.save(b, campaign("c-9", "seg-9", null, null).withState(CampaignState.SCHEDULED, NOW));
        assertEquals(List.of(b), campaigns.inState(CampaignState.SCHEDULED).stream().map(t -> t.tenant()).toList());
    }

    @Test
    void channel_secrets_are_encrypted_at_rest_bound_to_their_tenant_and_refused_under_another_key() {
        campaigns.saveChannel(a, new ChannelSettings(ChannelKind.WEBHOOK, WebhookPreset.GENERIC,
                "http://127.0.0.1:9/hook", "whsec-very-secret", null, null, null, null));
        campaigns.saveChannel(a, new ChannelSettings(ChannelKind.EMAIL_SES, WebhookPreset.GENERIC, null, null,
                "shop@example.com", "eu-west-1", "AKIAEXAMPLE", "aws-secret-access-key-123"));
        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT settings FROM campaign_channels "
                + "WHERE tenant_id = :t ORDER BY kind").bind("t", a.value()).mapTo(String.class).list()).toString();
        assertFalse(stored.contains("whsec-very-secret") || stored.contains("aws-secret-access-key-123"), stored);
        assertTrue(stored.contains("enc:v1:"), stored);
        assertEquals("whsec-very-secret", campaigns.channel(a, ChannelKind.WEBHOOK).orElseThrow().secret());
        assertEquals("aws-secret-access-key-123",
                campaigns.channel(a, ChannelKind.EMAIL_SES).orElseThrow().secretAccessKey());

        // A row copied into another tenant does not decrypt there (the tenant id is bound into each value).
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO campaign_channels (tenant_id, kind, settings) "
                + "SELECT :b, kind, settings FROM campaign_channels WHERE tenant_id = :a AND kind = 'WEBHOOK'")
                .bind("a", a.value()).bind("b", b.value()).execute());
        IllegalStateException copied = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> campaigns.channel(b, ChannelKind.WEBHOOK));
        assertTrue(copied.getMessage().contains("does not decrypt"), copied.getMessage());
        IllegalStateException otherKey = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new JdbiCampaignStore(db, SecretBox.ofBase64(SecretBox.newKey())).channel(a, ChannelKind.WEBHOOK));
        assertTrue(otherKey.getMessage().contains("SHELFWISE_SECRETS_KEY"), otherKey.getMessage());

        // A secret saved before encryption existed still reads, and is encrypted when saved again.
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE campaign_channels SET settings = :s WHERE tenant_id = :a "
                        + "AND kind = 'WEBHOOK'").bind("a", a.value())
                .bind("s", "{\"preset\":\"GENERIC\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"secret\":\"plain-old\"}")
                .execute());
        assertEquals("plain-old", campaigns.channel(a, ChannelKind.WEBHOOK).orElseThrow().secret());
    }

    @Test
    void the_delivery_log_keeps_one_row_per_campaign_shopper_entry_and_step_even_under_concurrent_planners()
            throws Exception {
        List<Delivery> plan = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            plan.add(pending("d-" + i, "c-1", "u" + i, 0));
        }
        plan.add(pending("dup", "c-1", "u0", 0));
        assertEquals(300, campaigns.insertDeliveries(a, plan), "a duplicate key in one batch is written once");
        assertEquals(0, campaigns.insertDeliveries(a, List.of(pending("again", "c-1", "u1", 0))));
        assertEquals(1, campaigns.insertDeliveries(a, List.of(pending("step-1", "c-1", "u1", 1))),
                "a follow-up step is its own row");
        assertEquals(1, campaigns.insertDeliveries(b, List.of(pending("b-1", "c-1", "u1", 0))),
                "the same key in another tenant is another row");

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int planner = p;
                runs.add(pool.submit(() -> campaigns.insertDeliveries(a, IntStream.range(0, 200)
                        .mapToObj(i -> pending("p" + planner + "-" + i, "c-2", "u" + i, 0)).toList())));
            }
            int added = 0;
            for (Future<Integer> run : runs) {
                added += run.get();
            }
            assertEquals(200, added, "concurrent planners of the same shoppers add each row once");
        } finally {
            pool.shutdown();
        }
        assertEquals(Map.of(DeliveryStatus.PENDING, 200L), campaigns.countByStatus(a, "c-2"));
        assertEquals(Map.of(DeliveryStatus.PENDING, 301L), campaigns.countByStatus(a, "c-1"));
    }

    @Test
    void concurrent_dispatchers_claim_each_due_delivery_exactly_once() throws Exception {
        List<Delivery> plan = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            plan.add(pending("d-" + i, "c-1", "u" + i, 0));
        }
        plan.add(new Delivery("later", "c-1", "once", "late", 0, DeliveryStatus.PENDING, 0, NOW.plusSeconds(3600),
                NOW, null, null, null, null, null));
        campaigns.insertDeliveries(a, plan);
        campaigns.insertDeliveries(b, List.of(pending("b-0", "c-1", "u0", 0)));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<TenantDelivery> claimed = new ArrayList<>();
        try {
            List<Future<List<TenantDelivery>>> runs = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                runs.add(pool.submit((Callable<List<TenantDelivery>>) () -> {
                    List<TenantDelivery> mine = new ArrayList<>();
                    for (List<TenantDelivery> batch = campaigns.claimDue(NOW, 37); !batch.isEmpty();
                         batch = campaigns.claimDue(NOW, 37)) {
                        mine.addAll(batch);
                    }
                    return mine;
                }));
            }
            for (Future<List<TenantDelivery>> run : runs) {
                claimed.addAll(run.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(401, claimed.size(), "every due row, of every tenant, once");
        assertEquals(401, claimed.stream().map(t -> t.delivery().id()).distinct().count(), "no row twice");
        assertTrue(claimed.stream().allMatch(t -> t.delivery().status() == DeliveryStatus.CLAIMED
                && t.delivery().attempts() == 1));
        assertEquals(b, claimed.stream().filter(t -> t.delivery().id().equals("b-0")).findFirst().orElseThrow()
                .tenant());
        assertEquals(Map.of(DeliveryStatus.CLAIMED, 400L, DeliveryStatus.PENDING, 1L),
                campaigns.countByStatus(a, "c-1"));
    }

    @Test
    void a_stopped_sender_leaves_claimed_rows_pending_again_and_handed_over_rows_unconfirmed() {
        campaigns.insertDeliveries(a, List.of(pending("d-1", "c-1", "u1", 0), pending("d-2", "c-1", "u2", 0),
                pending("d-3", "c-1", "u3", 0)));
        List<TenantDelivery> claimed = campaigns.claimDue(NOW, 10);
        assertEquals(3, claimed.size());
        campaigns.complete(a, List.of(), List.of(), List.of("d-1"));
        campaigns.complete(b, List.of(), List.of(), List.of("d-2"));
        Delivery d3 = claimed.stream().map(TenantDelivery::delivery).filter(d -> d.id().equals("d-3")).findFirst()
                .orElseThrow();
        campaigns.complete(a, List.of(d3.with(DeliveryStatus.SENT, 1, d3.dueAt(), "rec-3", null, NOW, "msg-3", null)),
                List.of());

        assertEquals(1, campaigns.abandonInFlight(NOW.plusSeconds(1)), "the row handed to the channel");
        Map<DeliveryStatus, Long> counts = campaigns.countByStatus(a, "c-1");
        assertEquals(Map.of(DeliveryStatus.UNCONFIRMED, 1L, DeliveryStatus.PENDING, 1L, DeliveryStatus.SENT, 1L),
                counts, "another tenant cannot move a row to sending");
        Delivery again = campaigns.deliveries(a, "c-1", DeliveryStatus.PENDING, 0, 10).get(0);
        assertEquals("d-2", again.id());
        assertEquals(0, again.attempts(), "a claim that never reached the channel is not an attempt");
        Delivery sent = campaigns.deliveries(a, "c-1", DeliveryStatus.SENT, 0, 10).get(0);
        assertEquals("msg-3", sent.providerId());
        assertEquals("rec-3", sent.recommendationId());
        assertEquals(Map.of("u1", 1, "u3", 1), campaigns.sentSince(a, List.of("u1", "u2", "u3"), NOW),
                "unconfirmed counts against the frequency cap: it may have reached the shopper");
        assertTrue(campaigns.sentSince(b, List.of("u1", "u3"), NOW).isEmpty());

        assertEquals(1, campaigns.cancelPending(a, "c-1"));
        assertEquals(0, campaigns.claimDue(NOW.plusSeconds(10), 10).size());
    }

    @Test
    void a_coupon_is_redeemed_exactly_once_by_its_shopper_before_it_expires_and_outcomes_count_it()
            throws Exception {
        CouponSpec spec = new CouponSpec(CouponSpec.Kind.PERCENT, new BigDecimal("10"), null, 7);
        campaigns.insertDeliveries(a, List.of(pending("d-1", "c-1", "u1", 0), pending("d-2", "c-1", "u2", 0),
                new Delivery("h-3", "c-1", "once", "u3", 0, DeliveryStatus.HOLDOUT, 0, NOW, NOW, null, null, null,
                        null, null)));
        List<Delivery> claimed = campaigns.claimDue(NOW, 10).stream().map(TenantDelivery::delivery).toList();
        List<Delivery> sent = claimed.stream().map(d -> d.with(DeliveryStatus.SENT, 1, d.dueAt(), "rec-" + d.userId(),
                "CPN-" + d.userId(), NOW, null, null)).toList();
        campaigns.complete(a, sent, List.of(
                new Coupon("CPN-u1", "c-1", "u1", spec, NOW, NOW.plus(Duration.ofDays(7)), null, null),
                new Coupon("CPN-u2", "c-1", "u2", spec, NOW, NOW.plus(Duration.ofDays(7)), null, null)));

        assertFalse(campaigns.redeem(a, "CPN-u1", "u2", "e-x", BigDecimal.TEN, NOW.plusSeconds(60)),
                "another shopper cannot use it");
        assertFalse(campaigns.redeem(b, "CPN-u1", "u1", "e-x", BigDecimal.TEN, NOW.plusSeconds(60)),
                "another tenant cannot use it");
        assertFalse(campaigns.redeem(a, "CPN-u2", "u2", "e-late", BigDecimal.TEN, NOW.plus(Duration.ofDays(8))),
                "expired");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        int redeemed = 0;
        try {
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                tries.add(pool.submit(() -> campaigns.redeem(a, "CPN-u1", "u1", "e-" + n, new BigDecimal("40.00"),
                        NOW.plusSeconds(120))));
            }
            for (Future<Boolean> t : tries) {
                redeemed += t.get() ? 1 : 0;
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, redeemed, "exactly one of the concurrent purchases redeems the coupon");
        Coupon coupon = campaigns.coupon(a, "CPN-u1").orElseThrow();
        assertEquals(NOW.plusSeconds(120), coupon.redeemedAt());
        assertEquals(0, new BigDecimal("40").compareTo(coupon.revenue()));

        JdbiEventStore events = new JdbiEventStore(db);
        events.appendNew(a, List.of(
                new ShopperEvent("p-1", EventType.PURCHASE, "u1", null, List.of(new ItemId("x")), 2,
                        new BigDecimal("20.00"), "EUR", null, null, NOW.plusSeconds(120), "CPN-u1"),
                new ShopperEvent("k-2", EventType.CLICK, "u2", null, List.of(new ItemId("y")), null, null, null,
                        null, "rec-u2", NOW.plusSeconds(30), null),
                new ShopperEvent("p-3", EventType.PURCHASE, "u3", null, List.of(new ItemId("z")), 1,
                        new BigDecimal("9.00"), "EUR", null, null, NOW.plusSeconds(30), null),
                new ShopperEvent("p-old", EventType.PURCHASE, "u2", null, List.of(new ItemId("y")), 1,
                        new BigDecimal("99.00"), "EUR", null, null, NOW.minusSeconds(30), null),
                new ShopperEvent("p-late", EventType.PURCHASE, "u2", null, List.of(new ItemId("y")), 1,
                        new BigDecimal("99.00"), "EUR", null, null, NOW.plus(Duration.ofDays(9)), null)),
                NOW, YearMonth.of(2026, 11), 1_000_000);
        CampaignOutcomes outcomes = campaigns.outcomes(a, "c-1", 7);
        assertEquals(Map.of(DeliveryStatus.SENT, 2L, DeliveryStatus.HOLDOUT, 1L), outcomes.byStatus());
        assertEquals(1, outcomes.clicked(), "the click citing the message's recommendation id");
        assertEquals(1, outcomes.converted(), "u1 bought within the window; u2's purchases fall outside it");
        assertEquals(1, outcomes.holdoutConverted());
        assertEquals(0, new BigDecimal("40").compareTo(outcomes.revenue()));
        assertEquals(0, new BigDecimal("40").compareTo(outcomes.attributedRevenue()), "cited coupon");
        assertEquals(2, outcomes.couponsIssued());
        assertEquals(1, outcomes.couponsRedeemed());
        assertEquals(0, new BigDecimal("40").compareTo(outcomes.couponRevenue()));
    }

    @Test
    void the_history_of_registered_shoppers_comes_back_whole_with_every_item_and_only_from_the_tenant() {
        JdbiEventStore events = new JdbiEventStore(db);
        List<ShopperEvent> stored = new ArrayList<>();
        for (int n = 0; n < 2_500; n++) {
            int i = n;
            List<ItemId> items = IntStream.range(0, 1 + i % 3).mapToObj(k -> new ItemId("i-" + (i + k) % 97)).toList();
            stored.add(new ShopperEvent(String.format("e-%05d", i), i % 5 == 0 ? EventType.PURCHASE : EventType.VIEW,
                    i % 7 == 0 ? null : "u" + i % 40, i % 7 == 0 ? "anon-" + i : null, items,
                    i % 5 == 0 ? 2 : null, i % 5 == 0 ? new BigDecimal("12.5") : null, i % 5 == 0 ? "EUR" : null,
                    null, null, NOW.minusSeconds(i), i % 10 == 0 ? "CPN-" + i : null));
        }
        events.appendNew(a, stored, NOW, YearMonth.of(2026, 11), 1_000_000);
        events.appendNew(b, List.of(new ShopperEvent("b-1", EventType.VIEW, "u1", null, List.of(new ItemId("x")),
                null, null, null, null, null, NOW, null)), NOW, YearMonth.of(2026, 11), 1_000_000);

        List<ShopperEvent> read = new ArrayList<>();
        new JdbiShopperHistory(db).forEachEvent(a, read::add);
        List<ShopperEvent> expected = stored.stream().filter(e -> e.userId() != null).toList();
        assertEquals(expected.size(), read.size(), "every registered shopper's event, anonymous ones left out");
        Map<String, ShopperEvent> byId = new java.util.HashMap<>();
        read.forEach(e -> byId.put(e.eventId(), e));
        for (ShopperEvent e : expected) {
            ShopperEvent got = byId.get(e.eventId());
            assertEquals(e.itemIds(), got.itemIds(), e.eventId());
            assertEquals(e.userId(), got.userId());
            assertEquals(e.type(), got.type());
            assertEquals(e.occurredAt(), got.occurredAt());
            assertEquals(e.couponCode(), got.couponCode());
            assertEquals(e.quantity(), got.quantity());
            assertTrue(e.price() == null ? got.price() == null : e.price().compareTo(got.price()) == 0);
        }
    }
}
