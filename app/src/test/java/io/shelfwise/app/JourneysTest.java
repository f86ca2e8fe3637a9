package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.adapters.messaging.MustacheTemplateEngine;
import io.shelfwise.adapters.sql.JdbiCampaignStore;
import io.shelfwise.adapters.sql.JdbiEventStore;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.campaign.Campaign;
import io.shelfwise.campaign.CampaignService;
import io.shelfwise.campaign.CampaignSettings;
import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.DeliveryStatus;
import io.shelfwise.campaign.OutboundMessage;
import io.shelfwise.campaign.WebhookPreset;
import io.shelfwise.campaign.port.out.DeliveryOutcome;
import io.shelfwise.campaign.port.out.MessageChannel;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventService;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.RecommendationFilters;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.port.in.RecommendForSurfaces;
import io.shelfwise.segmentation.MembersPage;
import io.shelfwise.segmentation.MembershipChanges;
import io.shelfwise.segmentation.Segment;
import io.shelfwise.segmentation.SegmentDefinitions;
import io.shelfwise.segmentation.SegmentMember;
import io.shelfwise.segmentation.SegmentSize;
import io.shelfwise.segmentation.ShopperSegment;
import io.shelfwise.segmentation.port.in.ReadSegments;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Triggered campaigns and the delivery log against the real SQL store, with a clock the test moves: a journey
 * waits, checks its exit, sends, follows up, sends once per entry; a restarted or crashed sender neither drops nor
 * repeats a message; a first purchase starts its journey once.
 */
class JourneysTest {
    private static final Instant T = Instant.parse("2026-11-02T12:00:00Z");
    private static final TenantId TENANT = new TenantId("journeys");
    private static final TenantAccess CALLER = new TenantAccess(new Tenant(TENANT, "Journeys", Tier.ENTERPRISE,
            TenantState.ACTIVE, T.minusSeconds(86_400)), TierPolicies.defaults().of(Tier.ENTERPRISE),
            new ApiKeyId("key_0000000000000000"));
    private static final Segment SEGMENT = new Segment("seg-carts", "carts", null, Map.of("kind", "new_shoppers"),
            SegmentDefinitions.parse("definition", Map.of("kind", "new_shoppers")), 1, T, T);

    private final MovableClock clock = new MovableClock(T);
    private final List<OutboundMessage> sent = new ArrayList<>();
    @org.junit.jupiter.api.io.TempDir
    Path dir;
    private SqlDatabase db;
    private EventService events;
    private int eventNo;

    private final MessageChannel recording = new MessageChannel() {
        @Override
        public java.util.Set<ChannelKind> kinds() {
            return java.util.Set.of(ChannelKind.WEBHOOK);
        }

        @Override
        public DeliveryOutcome deliver(ChannelSettings settings, OutboundMessage message) {
            synchronized (sent) {
                sent.add(message);
            }
            return new DeliveryOutcome.Delivered("p-" + message.deliveryId());
        }
    };

    @BeforeEach
    void database() throws Exception {
        db = SqlDatabase.open(SqlDatabase.h2File(dir));
        new io.shelfwise.adapters.sql.JdbiTenantRepository(db).insert(CALLER.tenant());
        events = new EventService(new JdbiEventStore(db), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private CampaignService service(MessageChannel channel) {
        ReadSegments segments = new ReadSegments() {
            @Override
            public MembersPage members(TenantId tenant, String segmentId, int offset, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<SegmentMember> allMembers(TenantId tenant, String segmentId) {
                return List.of();
            }

            @Override
            public List<ShopperSegment> segmentsOf(TenantId tenant, String userId) {
                return List.of();
            }

            @Override
            public List<SegmentSize> sizes(TenantId tenant, String segmentId, Instant since) {
                return List.of();
            }
        };
        RecommendForSurfaces surfaces = new RecommendForSurfaces() {
            @Override
            public Recommendations home(TenantId tenant, String userId, int limit, RecommendationFilters filters) {
                return new Recommendations("rec-" + userId, "home", "test", List.of());
            }

            @Override
            public Recommendations similar(TenantId t, ItemId i, String u, int l, RecommendationFilters f) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Recommendations cart(TenantId t, List<ItemId> c, String u, int l, RecommendationFilters f) {
                throw new UnsupportedOperationException();
            }
        };
        CampaignService service = new CampaignService(new JdbiCampaignStore(db, io.shelfwise.adapters.sql.SecretBox.ofBase64(io.shelfwise.adapters.sql.SecretBox.newKey())), new MustacheTemplateEngine(),
                List.of(channel), segments, surfaces, null, events, clock, Executors.newFixedThreadPool(2), 2);
        service.configureChannel(TENANT, ChannelSettings.webhook("http://127.0.0.1:9/hook", "0123456789abcdef",
                WebhookPreset.GENERIC, null));
        service.configure(TENANT, new CampaignSettings(ZoneId.of("UTC"), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, 10,
                7, 0, 7));
        return service;
    }

    private Campaign journey(CampaignService service, String trigger, String segmentId) {
        return journey(service, trigger, segmentId, true);
    }

    private Campaign journey(CampaignService service, String trigger, String segmentId, boolean exitOnPurchase) {
        Map<String, Object> definition = new java.util.HashMap<>(Map.of("name", "Come back", "channel", "webhook",
                "template", Map.of("body", "Hi {{shopper.userId}}"), "products", Map.of("count", 0),
                "trigger", Map.of("on", trigger, "delayMinutes", 60, "exitOnPurchase", exitOnPurchase,
                        "followUp", Map.of("afterMinutes", 1440, "body", "Still thinking, {{shopper.userId}}?"))));
        if (segmentId != null) {
            definition.put("segmentId", segmentId);
        }
        return service.create(TENANT, definition);
    }

    private void entered(CampaignService service, Instant since, String... users) {
        List<SegmentMember> members = java.util.Arrays.stream(users)
                .map(u -> new SegmentMember(u, 1.0, "new", since)).toList();
        service.membershipChanged(TENANT, SEGMENT, new MembershipChanges(SEGMENT.id(), members, List.of()));
    }

    private void purchase(String user, Instant at) {
        events.track(CALLER, List.of(new ShopperEvent("p" + eventNo++, EventType.PURCHASE, user, null,
                List.of(new ItemId("sku")), 1, new BigDecimal("10.00"), "EUR", null, null, at)));
    }

    private Map<String, List<String>> bodiesByUser() {
        synchronized (sent) {
            return sent.stream().collect(Collectors.groupingBy(OutboundMessage::userId,
                    Collectors.mapping(OutboundMessage::body, Collectors.toList())));
        }
    }

    private static void drain(CampaignService service) {
        while (service.dispatchOnce(100) > 0) {
            // until nothing is due
        }
    }

    @Test
    void a_journey_waits_sends_once_per_entry_follows_up_and_never_sends_after_its_exit() {
        CampaignService service = service(recording);
        clock.set(T.plusSeconds(1));
        journey(service, "segment_entry", SEGMENT.id());
        entered(service, T.minusSeconds(10), "early");
        entered(service, T.plusSeconds(5), "ann", "bob", "cid");

        clock.set(T.plus(Duration.ofMinutes(30)));
        drain(service);
        assertEquals(Map.of(), bodiesByUser(), "nothing before the delay; entries before activation never enrol");
        purchase("bob", T.plus(Duration.ofMinutes(40)));

        clock.set(T.plus(Duration.ofMinutes(61)));
        drain(service);
        entered(service, T.plusSeconds(5), "ann", "bob", "cid");
        drain(service);
        assertEquals(Map.of("ann", List.of("Hi ann"), "cid", List.of("Hi cid")), bodiesByUser(),
                "bob bought meanwhile and left; the same entry again enrols nobody twice");

        purchase("cid", T.plus(Duration.ofHours(2)));
        clock.set(T.plus(Duration.ofHours(26)));
        drain(service);
        assertEquals(Map.of("ann", List.of("Hi ann", "Still thinking, ann?"), "cid", List.of("Hi cid")),
                bodiesByUser(), "the follow-up goes only to who has not bought since entering");

        // A new entry (ann entered again later) is a new journey.
        entered(service, T.plus(Duration.ofHours(27)), "ann");
        clock.set(T.plus(Duration.ofHours(29)));
        drain(service);
        assertEquals(3, bodiesByUser().get("ann").size());
    }

    @Test
    void a_restarted_sender_neither_drops_nor_repeats_a_step() {
        CampaignService first = service(recording);
        clock.set(T.plusSeconds(1));
        journey(first, "segment_entry", SEGMENT.id());
        entered(first, T.plusSeconds(5), "ann", "bob");
        // The process stops before anything is due; a new one over the same database takes over.
        CampaignService second = service(recording);
        clock.set(T.plus(Duration.ofMinutes(61)));
        drain(second);
        drain(first);
        assertEquals(Map.of("ann", List.of("Hi ann"), "bob", List.of("Hi bob")), bodiesByUser());
    }

    @Test
    void a_sender_that_dies_mid_batch_leaves_unconfirmed_rows_that_are_never_sent_again() {
        AtomicInteger calls = new AtomicInteger();
        MessageChannel dying = new MessageChannel() {
            @Override
            public java.util.Set<ChannelKind> kinds() {
                return java.util.Set.of(ChannelKind.WEBHOOK);
            }

            @Override
            public DeliveryOutcome deliver(ChannelSettings settings, OutboundMessage message) {
                DeliveryOutcome outcome = recording.deliver(settings, message);
                if (calls.incrementAndGet() == 7) {
                    // The process dies right after the channel took the 7th message, before it was recorded.
                    throw new IllegalStateException("killed");
                }
                return outcome;
            }
        };
        CampaignService dies = service(dying);
        clock.set(T.plusSeconds(1));
        Campaign c = journey(dies, "segment_entry", SEGMENT.id());
        String[] users = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "u" + i).toArray(String[]::new);
        entered(dies, T.plusSeconds(5), users);
        clock.set(T.plus(Duration.ofMinutes(61)));
        dies.dispatchOnce(20);

        CampaignService next = service(recording);
        clock.set(T.plus(Duration.ofMinutes(70)));
        assertTrue(next.recoverInFlight(Duration.ofMinutes(5)) > 0);
        drain(next);
        Map<String, List<String>> got = bodiesByUser();
        assertTrue(got.values().stream().allMatch(b -> b.size() == 1), "nobody messaged twice: " + got);
        long unconfirmed = next.deliveries(TENANT, c.id(), DeliveryStatus.UNCONFIRMED, 0, 100).size();
        long delivered = next.deliveries(TENANT, c.id(), DeliveryStatus.SENT, 0, 100).size();
        assertEquals(40, unconfirmed + delivered, "every shopper has a final status");
        assertTrue(got.size() >= delivered, "everyone recorded as sent got it");
        assertEquals(10, unconfirmed, "only the group that was with the channel is unconfirmed");
    }

    @Test
    void a_first_purchase_starts_its_journey_once() {
        CampaignService service = service(recording);
        events.subscribe(service::eventsStored);
        clock.set(T.plusSeconds(1));
        journey(service, "first_purchase", null, false);
        purchase("new-buyer", T.plusSeconds(10));
        purchase("new-buyer", T.plusSeconds(20));
        clock.set(T.plus(Duration.ofMinutes(61)));
        drain(service);
        assertEquals(Map.of("new-buyer", List.of("Hi new-buyer")), bodiesByUser());
    }

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void set(Instant to) {
            now = to;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
