package io.shelfwise.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.CatalogService;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.FieldError;
import io.shelfwise.common.ValidationException;
import io.shelfwise.events.EventService;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ShopperScore;
import io.shelfwise.recommendation.ShopperTouch;
import io.shelfwise.recommendation.port.in.ScoreShoppers;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelRegistryTest;
import io.shelfwise.recommendation.serving.ServingModels;
import io.shelfwise.recommendation.serving.ShopperAffinities;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.InMemoryModelArtifacts;
import io.shelfwise.testing.InMemorySegmentStore;
import io.shelfwise.testing.MapTenantCaches;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SegmentationServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final TenantAccess A = TestAccess.of("alpha");
    private static final TenantAccess B = TestAccess.of("bravo");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryEventStore eventStore = new InMemoryEventStore();
    private final EventService events = new EventService(eventStore, clock);
    private final CatalogService catalog = new CatalogService(new InMemoryItemStore(), new MapTenantCaches());
    private final InMemorySegmentStore segmentStore = new InMemorySegmentStore();
    /** The fake model scores a shopper by the last item of the history it is handed. */
    private final Map<String, Double> scoreByLastItem = new HashMap<>();
    /** The shoppers whose histories the last affinity search handed the model. */
    private final Set<String> searched = new java.util.HashSet<>();
    private final SegmentationService segments = service();
    private int eventNo;

    private SegmentationService service() {
        return service(fakeScores());
    }

    private ScoreShoppers fakeScores() {
        return new ScoreShoppers() {
            @Override
            public OptionalDouble affinity(TenantId tenant, List<ShopperTouch> history, List<ItemId> items) {
                Double s = history.isEmpty() ? null : scoreByLastItem.get(history.getLast().item().value());
                return s == null ? OptionalDouble.empty() : OptionalDouble.of(s);
            }

            @Override
            public List<ShopperScore> topShoppers(TenantId tenant, Map<String, List<ShopperTouch>> histories,
                                                  List<ItemId> items, int limit) {
                searched.clear();
                searched.addAll(histories.keySet());
                return histories.entrySet().stream()
                        .filter(e -> affinity(tenant, e.getValue(), items).isPresent())
                        .map(e -> new ShopperScore(e.getKey(), affinity(tenant, e.getValue(), items).getAsDouble()))
                        .sorted(java.util.Comparator.comparingDouble(ShopperScore::score).reversed()).limit(limit)
                        .toList();
            }
        };
    }

    private SegmentationService service(ScoreShoppers scores) {
        SegmentationService service = new SegmentationService(segmentStore, (tenant, consumer) ->
                eventStore.eventsOf(tenant).forEach(e -> consumer.accept(e.event())), catalog, scores, examples -> {
                    throw new AssertionError("no churn training here");
                }, clock, Runnable::run);
        events.subscribe(service::stored);
        return service;
    }

    private void items(TenantAccess tenant) {
        catalog.upsert(tenant, List.of(
                item("shoe-1", "Nike", "Shoes", 80), item("shoe-2", "Nike", "Shoes", 120),
                item("shoe-3", "Adidas", "Shoes", 90), item("sock-1", "Nike", "Socks", 10),
                item("hat-1", "Puma", "Hats", 25)));
    }

    private static Item item(String id, String brand, String category, int price) {
        return Item.of(id, id, brand, List.of("Clothing", category), BigDecimal.valueOf(price), "EUR", true, Map.of());
    }

    private ShopperEvent event(String user, EventType type, String item, Instant at) {
        boolean purchase = type == EventType.PURCHASE;
        return new ShopperEvent("e" + eventNo++, type, user, null, List.of(new ItemId(item)), purchase ? 1 : null,
                purchase ? new BigDecimal("50.00") : null, purchase ? "EUR" : null, null, null, at);
    }

    private void track(TenantAccess tenant, ShopperEvent... batch) {
        events.track(tenant, List.of(batch));
    }

    private static SegmentDraft draft(String name, Map<String, Object> definition) {
        return new SegmentDraft(name, null, definition);
    }

    private Set<String> members(TenantAccess tenant, Segment s) {
        return segments.allMembers(tenant.tenantId(), s.id()).stream().map(SegmentMember::userId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A small store: ann loves Nike, bob left a cart, cid buys a lot, dan is new, eve only looked at a hat. */
    private void handMadeStore() {
        items(A);
        Instant d = T0;
        track(A, event("ann", EventType.VIEW, "shoe-1", d.minusSeconds(86_400 * 20)),
                event("ann", EventType.VIEW, "shoe-2", d.minusSeconds(86_400 * 10)),
                event("ann", EventType.ADD_TO_CART, "sock-1", d.minusSeconds(86_400 * 10 - 60)),
                event("ann", EventType.PURCHASE, "sock-1", d.minusSeconds(86_400 * 10 - 120)),
                event("bob", EventType.VIEW, "shoe-3", d.minusSeconds(86_400 * 40)),
                event("bob", EventType.ADD_TO_CART, "shoe-3", d.minusSeconds(86_400 * 2)),
                event("cid", EventType.PURCHASE, "shoe-2", d.minusSeconds(86_400 * 50)),
                event("cid", EventType.PURCHASE, "shoe-1", d.minusSeconds(86_400 * 30)),
                event("cid", EventType.PURCHASE, "shoe-3", d.minusSeconds(86_400 * 5)),
                event("dan", EventType.VIEW, "shoe-1", d.minusSeconds(86_400 * 3)),
                event("eve", EventType.VIEW, "hat-1", d.minusSeconds(86_400 * 60)),
                event("eve", EventType.VIEW, "hat-1", d));
    }

    @Test
    void each_kind_of_rule_finds_the_expected_shoppers_of_a_hand_made_store() {
        handMadeStore();
        Segment nikeFans = segments.create(A.tenantId(), draft("Nike fans", Map.of("kind", "interest",
                "brand", "nike", "minCount", 2, "days", 30)));
        Segment abandoners = segments.create(A.tenantId(), draft("carts", Map.of("kind", "cart_abandoners",
                "hours", 24, "days", 7)));
        Segment big = segments.create(A.tenantId(), draft("big", Map.of("kind", "high_value", "percentile", 60,
                "days", 365)));
        Segment fresh = segments.create(A.tenantId(), draft("new", Map.of("kind", "new_shoppers", "days", 7)));
        Segment shoesNotNike = segments.create(A.tenantId(), draft("shoes, not Nike", Map.of("kind", "all", "of",
                List.of(Map.of("kind", "interest", "category", "Shoes", "days", 90),
                        Map.of("kind", "not", "rule", Map.of("kind", "interest", "brand", "Nike", "days", 90))))));

        // ann: 2 Nike views + Nike cart + Nike purchase in 30 days; cid's Nike purchase 30 days before the newest
        // event falls just outside (the window counts back from the newest event's hour, rounded up); dan one view.
        assertEquals(Set.of("ann"), members(A, nikeFans));
        assertEquals(Set.of("bob"), members(A, abandoners));
        // Buyers' spend: ann 50, cid 150; the 60th percentile by nearest rank is cid's.
        assertEquals(Set.of("cid"), members(A, big));
        assertEquals(Set.of("dan"), members(A, fresh));
        assertEquals(Set.of("bob"), members(A, shoesNotNike));

        SegmentMember ann = segments.allMembers(A.tenantId(), nikeFans.id()).getFirst();
        assertEquals("ann", ann.userId());
        assertEquals(4.0, ann.score());
        assertEquals("2 view, 1 add_to_cart, 1 purchase of brand 'nike' in the last 30 days", ann.reason());
        assertEquals(List.of(nikeFans.id()), segments.segmentsOf(A.tenantId(), "ann").stream()
                .map(ShopperSegment::segmentId).toList());
    }

    @Test
    void a_purchase_takes_an_abandoner_out_and_a_model_rule_follows_the_scores() {
        handMadeStore();
        Segment abandoners = segments.create(A.tenantId(), draft("carts", Map.of("kind", "cart_abandoners",
                "hours", 24)));
        assertEquals(Set.of("bob"), members(A, abandoners));
        track(A, event("bob", EventType.PURCHASE, "shoe-3", T0.plusSeconds(60)));
        assertEquals(Set.of(), members(A, abandoners));

        scoreByLastItem.put("sock-1", 0.9);  // ann's latest item
        scoreByLastItem.put("hat-1", 0.2);   // eve's
        Segment likely = segments.create(A.tenantId(), draft("likely Nike", Map.of("kind", "interest",
                "brand", "Nike", "minAffinity", 0.5)));
        assertEquals(Set.of("ann"), members(A, likely));
        assertEquals(List.of("ann", "eve"), segments.find(A.tenantId(), new SegmentRule.Target(
                SegmentRule.Target.Kind.BRAND, "Nike"), 10).stream().map(AffinityMatch::userId).toList());
        assertEquals(Set.of("ann", "bob", "cid", "dan", "eve"), searched, "every known shopper, by their history");
    }

    @Test
    void a_model_rule_and_the_affinity_search_fold_shoppers_into_the_served_model() {
        // Shoes and socks along one axis, the hat along the other; served as the platform serves it.
        ModelRegistry registry = new ModelRegistry(new InMemoryModelArtifacts());
        List<ItemId> ids = List.of(new ItemId("shoe-1"), new ItemId("shoe-2"), new ItemId("shoe-3"),
                new ItemId("sock-1"), new ItemId("hat-1"));
        registry.add(A.tenantId(), ModelRegistryTest.version(1, true), new FactorModel(new LearnedFactors(2, ids,
                new float[] {1, 0, 1, 0, 1, 0, 1, 0, 0, 1}, List.of(), new float[0]), 10, 0.03));
        registry.promote(A.tenantId(), 1);
        ServingModels serving = new ServingModels(registry, clock, Duration.ofDays(1), Runnable::run,
                new MapTenantCaches(), 64L << 20, Duration.ofHours(1));
        SegmentationService real = service(new ShopperAffinities(serving));
        handMadeStore();

        Segment likely = real.create(A.tenantId(), draft("likely Nike", Map.of("kind", "interest",
                "brand", "Nike", "minAffinity", 0.01)));
        assertEquals(Set.of("ann", "bob", "cid", "dan"), real.allMembers(A.tenantId(), likely.id()).stream()
                .map(SegmentMember::userId).collect(Collectors.toSet()), "every shopper of shoes or socks, not eve");
        List<AffinityMatch> found = real.find(A.tenantId(), new SegmentRule.Target(SegmentRule.Target.Kind.BRAND,
                "Nike"), 5);
        assertEquals(5, found.size(), found.toString());
        assertEquals("eve", found.getLast().userId(), "the hat's shopper is the furthest from Nike: " + found);
        assertTrue(found.getFirst().score() > found.getLast().score(), found.toString());
    }

    @Test
    void incremental_membership_equals_a_full_recompute_after_a_random_event_stream() {
        items(A);
        List<Segment> defined = List.of(
                segments.create(A.tenantId(), draft("nike", Map.of("kind", "interest", "brand", "Nike",
                        "minCount", 2, "days", 3))),
                segments.create(A.tenantId(), draft("carts", Map.of("kind", "cart_abandoners", "hours", 5,
                        "days", 2))),
                segments.create(A.tenantId(), draft("big", Map.of("kind", "high_value", "percentile", 75,
                        "days", 2))),
                segments.create(A.tenantId(), draft("new", Map.of("kind", "new_shoppers", "days", 1))),
                segments.create(A.tenantId(), draft("mix", Map.of("kind", "any", "of", List.of(
                        Map.of("kind", "interest", "category", "Hats", "minCount", 1, "days", 1),
                        Map.of("kind", "not", "rule", Map.of("kind", "interest", "category", "Shoes",
                                "days", 2)))))));
        SplittableRandom random = new SplittableRandom(7);
        String[] itemIds = {"shoe-1", "shoe-2", "shoe-3", "sock-1", "hat-1"};
        EventType[] types = {EventType.VIEW, EventType.VIEW, EventType.ADD_TO_CART, EventType.PURCHASE};
        Instant at = T0;
        for (int batch = 0; batch < 300; batch++) {
            List<ShopperEvent> list = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                at = at.plusSeconds(random.nextInt(1_200));
                // Now and then an event arrives late, up to a day behind.
                Instant when = random.nextInt(10) == 0 ? at.minusSeconds(random.nextInt(86_400)) : at;
                list.add(event("u" + random.nextInt(10 + batch / 4), types[random.nextInt(types.length)],
                        itemIds[random.nextInt(itemIds.length)], when));
            }
            events.track(A, list);
        }
        Map<String, Map<String, Double>> incremental = snapshot(A, defined);
        assertTrue(incremental.values().stream().allMatch(m -> !m.isEmpty()), "every segment has members: "
                + incremental);

        segments.recompute(A.tenantId());
        assertEquals(incremental, snapshot(A, defined));
        SegmentationService fresh = service();
        assertEquals(incremental, snapshot(fresh, A, defined));
    }

    private Map<String, Map<String, Double>> snapshot(TenantAccess tenant, List<Segment> defined) {
        return snapshot(segments, tenant, defined);
    }

    private static Map<String, Map<String, Double>> snapshot(SegmentationService service, TenantAccess tenant,
                                                             List<Segment> defined) {
        Map<String, Map<String, Double>> all = new TreeMap<>();
        for (Segment s : defined) {
            all.put(s.name(), service.allMembers(tenant.tenantId(), s.id()).stream()
                    .collect(Collectors.toMap(SegmentMember::userId, SegmentMember::score, (a, b) -> a,
                            TreeMap::new)));
        }
        return all;
    }

    @Test
    void a_tenants_segment_never_holds_another_tenants_shoppers() {
        handMadeStore();
        items(B);
        track(B, event("zed", EventType.VIEW, "shoe-1", T0), event("zed", EventType.VIEW, "shoe-2", T0));
        Segment nikeA = segments.create(A.tenantId(), draft("Nike", Map.of("kind", "interest", "brand", "Nike",
                "days", 60)));
        Segment nikeB = segments.create(B.tenantId(), draft("Nike", Map.of("kind", "interest", "brand", "Nike",
                "days", 60)));
        assertEquals(Set.of("ann", "cid", "dan"), members(A, nikeA));
        assertEquals(Set.of("zed"), members(B, nikeB));
        assertThrows(io.shelfwise.common.NotFoundException.class, () -> segments.allMembers(B.tenantId(),
                nikeA.id()));
        assertEquals(List.of(), segments.segmentsOf(B.tenantId(), "ann"));
    }

    @Test
    void a_restart_keeps_when_members_entered_and_reports_only_true_changes() {
        handMadeStore();
        Segment nike = segments.create(A.tenantId(), draft("Nike", Map.of("kind", "interest", "brand", "Nike")));
        Instant since = segments.allMembers(A.tenantId(), nike.id()).getFirst().since();
        clock.advance(java.time.Duration.ofHours(5));
        SegmentationService restarted = service();
        List<MembershipChanges> told = new ArrayList<>();
        restarted.addListener((tenant, segment, changes) -> told.add(changes));
        assertEquals(since, restarted.allMembers(A.tenantId(), nike.id()).getFirst().since());
        assertEquals(List.of(), told);
        track(A, event("eve", EventType.VIEW, "shoe-1", T0.plusSeconds(10)));
        restarted.awaitApplied(A.tenantId());
        assertEquals(1, told.size());
        assertEquals("eve", told.getFirst().entered().getFirst().userId());
    }

    @Test
    void bad_definitions_name_every_faulty_field() {
        ValidationException e = assertThrows(ValidationException.class, () -> segments.create(A.tenantId(),
                draft("", Map.of("kind", "all", "of", List.of(
                        Map.of("kind", "interest", "days", 0),
                        Map.of("kind", "interest", "brand", "x", "minCount", 2, "minAffinity", 0.5),
                        Map.of("kind", "bogus"),
                        Map.of("kind", "high_value", "percentile", 150, "color", "red"))))));
        Set<String> fields = e.errors().stream().map(FieldError::field).collect(Collectors.toSet());
        assertEquals(Set.of("name", "definition.of[0]", "definition.of[0].days", "definition.of[1].minAffinity",
                "definition.of[2].kind", "definition.of[3].percentile", "definition.of[3].color"), fields);
        assertThrows(ValidationException.class, () -> segments.create(A.tenantId(), draft("x", Map.of(
                "kind", "interest", "brand", "x", "events", List.of("search")))));
    }
}
