package io.shelfwise.campaign;

import io.shelfwise.campaign.port.in.ManageCampaigns;
import io.shelfwise.campaign.port.out.CampaignStore;
import io.shelfwise.campaign.port.out.DeliveryOutcome;
import io.shelfwise.campaign.port.out.MessageChannel;
import io.shelfwise.campaign.port.out.MessageTemplate;
import io.shelfwise.campaign.port.out.TemplateEngine;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.common.Checks;
import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.events.port.in.ReadShopperEvents;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.ScoredItem;
import io.shelfwise.recommendation.port.in.RecommendForSurfaces;
import io.shelfwise.segmentation.MembershipChanges;
import io.shelfwise.segmentation.Segment;
import io.shelfwise.segmentation.SegmentMember;
import io.shelfwise.segmentation.port.in.ReadSegments;
import io.shelfwise.tenancy.TenantId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.zip.CRC32C;

/**
 * Campaigns: definitions, sends planned into a delivery log, a dispatcher that works the log (quiet hours, opt-outs,
 * frequency caps, journey exits, rendering with each shopper's own products, delivery with retries and dead
 * letters), journeys started by segment entries and first purchases, coupons redeemed by purchases, and reports
 * against the holdout.
 *
 * <p>Delivery is at most once per log row: a row is marked sending (committed) before the channel gets it, and a
 * row a stopped process left sending becomes unconfirmed instead of being sent again; the row's id travels as the
 * channel's idempotency key.
 */
public final class CampaignService implements ManageCampaigns {
    public static final int MAX_ATTEMPTS = 5;
    public static final int MAX_PREVIEW = 50;
    public static final int MAX_CAMPAIGNS = 200;
    /** The one-off send's entry key: a shopper gets a one-off campaign once, however often it is sent. */
    static final String ONE_OFF = "send";
    private static final System.Logger LOG = System.getLogger(CampaignService.class.getName());
    private static final int PLAN_CHUNK = 1_000;
    /** Messages handed to a channel together (in flight at once) between two writes of the delivery log. */
    private static final int SEND_GROUP = 50;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final String PROCESS_TAG = String.format("%08x", RANDOM.nextInt());
    private static final Object ID_LOCK = new Object();
    private static long idMillis;
    private static long idSeq;

    private final CampaignStore store;
    private final TemplateEngine templates;
    private final Map<ChannelKind, MessageChannel> channels = new EnumMap<>(ChannelKind.class);
    private final ReadSegments segments;
    private final RecommendForSurfaces surfaces;
    private final BrowseCatalog catalog;
    private final ReadShopperEvents shopperEvents;
    private final Clock clock;
    private final Executor workers;
    private final int workerCount;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    public CampaignService(CampaignStore store, TemplateEngine templates, List<MessageChannel> channels,
                           ReadSegments segments, RecommendForSurfaces surfaces, BrowseCatalog catalog,
                           ReadShopperEvents shopperEvents, Clock clock, Executor workers, int workerCount) {
        this.store = store;
        this.templates = templates;
        for (MessageChannel channel : channels) {
            channel.kinds().forEach(k -> this.channels.put(k, channel));
        }
        this.segments = segments;
        this.surfaces = surfaces;
        this.catalog = catalog;
        this.shopperEvents = shopperEvents;
        this.clock = clock;
        this.workers = workers;
        this.workerCount = Math.max(1, workerCount);
    }

    // ---------------------------------------------------------------- definitions

    @Override
    public Campaign create(TenantId tenant, Map<String, Object> definition) {
        Instant now = clock.instant();
        CampaignDefinitions.Parsed p = CampaignDefinitions.parse(definition, templates, now);
        checkSegment(tenant, p.segmentId());
        if (store.list(tenant).size() >= MAX_CAMPAIGNS) {
            throw new ConflictException("a tenant keeps at most " + MAX_CAMPAIGNS + " campaigns");
        }
        CampaignState state = p.journey() != null ? CampaignState.ACTIVE
                : p.sendAt() != null ? CampaignState.SCHEDULED : CampaignState.DRAFT;
        Campaign campaign = new Campaign("cmp-" + UUID.randomUUID().toString().substring(0, 13), p.name(),
                p.segmentId(), p.channel(), p.subject(), p.body(), p.productCount(), p.filters(), p.coupon(),
                p.holdoutPercent(), p.sendAt(), p.journey(), state, 1, now, now,
                state == CampaignState.ACTIVE ? now : null, definition);
        store.save(tenant, campaign);
        return campaign;
    }

    @Override
    public Campaign update(TenantId tenant, String campaignId, Map<String, Object> definition) {
        Campaign old = get(tenant, campaignId);
        if (old.state() == CampaignState.SENDING || old.state() == CampaignState.SENT
                || old.state() == CampaignState.CANCELLED) {
            throw new ConflictException("campaign " + campaignId + " is " + old.state().wireName()
                    + " and can no longer change");
        }
        Instant now = clock.instant();
        CampaignDefinitions.Parsed p = CampaignDefinitions.parse(definition, templates, now);
        checkSegment(tenant, p.segmentId());
        CampaignState state = p.journey() != null ? (old.state() == CampaignState.PAUSED ? CampaignState.PAUSED
                : CampaignState.ACTIVE) : p.sendAt() != null ? CampaignState.SCHEDULED : CampaignState.DRAFT;
        Campaign campaign = new Campaign(old.id(), p.name(), p.segmentId(), p.channel(), p.subject(), p.body(),
                p.productCount(), p.filters(), p.coupon(), p.holdoutPercent(), p.sendAt(), p.journey(), state,
                old.version() + 1, old.createdAt(), now,
                state == CampaignState.ACTIVE && old.activatedAt() == null ? now : old.activatedAt(), definition);
        store.save(tenant, campaign);
        return campaign;
    }

    private void checkSegment(TenantId tenant, String segmentId) {
        if (segmentId != null) {
            try {
                segments.sizes(tenant, segmentId, clock.instant());
            } catch (NotFoundException e) {
                throw io.shelfwise.common.ValidationException.of("segmentId", "no segment '" + segmentId
                        + "' in this store");
            }
        }
    }

    @Override
    public Campaign get(TenantId tenant, String campaignId) {
        return store.find(tenant, campaignId).orElseThrow(() -> new NotFoundException("campaign", campaignId));
    }

    @Override
    public List<Campaign> list(TenantId tenant) {
        return store.list(tenant);
    }

    @Override
    public Campaign pause(TenantId tenant, String campaignId) {
        Campaign c = get(tenant, campaignId);
        if (c.state() != CampaignState.ACTIVE) {
            throw new ConflictException("only an active triggered campaign pauses; this one is "
                    + c.state().wireName());
        }
        return transition(tenant, c, CampaignState.PAUSED);
    }

    @Override
    public Campaign resume(TenantId tenant, String campaignId) {
        Campaign c = get(tenant, campaignId);
        if (c.state() != CampaignState.PAUSED) {
            throw new ConflictException("only a paused campaign resumes; this one is " + c.state().wireName());
        }
        return transition(tenant, c, CampaignState.ACTIVE);
    }

    @Override
    public Campaign cancel(TenantId tenant, String campaignId) {
        Campaign c = get(tenant, campaignId);
        if (c.state() == CampaignState.CANCELLED || c.state() == CampaignState.SENT) {
            throw new ConflictException("campaign " + campaignId + " is already " + c.state().wireName());
        }
        Campaign cancelled = transition(tenant, c, CampaignState.CANCELLED);
        int n = store.cancelPending(tenant, campaignId);
        LOG.log(System.Logger.Level.INFO, "event=campaign_cancelled tenant=" + tenant + " campaign=" + campaignId
                + " pending_cancelled=" + n);
        return cancelled;
    }

    private Campaign transition(TenantId tenant, Campaign c, CampaignState next) {
        Campaign changed = c.withState(next, clock.instant());
        store.save(tenant, changed);
        return changed;
    }

    // ---------------------------------------------------------------- settings, channels, profiles

    @Override
    public void configureChannel(TenantId tenant, ChannelSettings settings) {
        Checks checks = Checks.start();
        switch (settings.kind()) {
            case WEBHOOK -> {
                checks.text("endpoint", settings.endpoint(), 2000).text("secret", settings.secret(), 500);
                if (settings.endpoint() != null && !settings.endpoint().matches("https?://.+")) {
                    checks.add("endpoint", "must be an http or https URL");
                }
                if (settings.secret() != null && settings.secret().length() < 16) {
                    checks.add("secret", "must be at least 16 characters");
                }
            }
            case EMAIL_SES, SMS_SNS -> {
                checks.text("region", settings.region(), 40).text("accessKeyId", settings.accessKeyId(), 128)
                        .text("secretAccessKey", settings.secretAccessKey(), 256);
                if (settings.kind() == ChannelKind.EMAIL_SES) {
                    checks.text("sender", settings.sender(), 320);
                }
                if (settings.endpoint() != null && !settings.endpoint().matches("https?://.+")) {
                    checks.add("endpoint", "must be an http or https URL");
                }
            }
        }
        checks.optionalText("sender", settings.sender(), 320).orThrow();
        if (!channels.containsKey(settings.kind())) {
            throw new ConflictException("this platform has no " + settings.kind().wireName() + " channel configured");
        }
        store.saveChannel(tenant, settings);
    }

    @Override
    public List<ChannelSettings> channels(TenantId tenant) {
        return store.channels(tenant).stream().map(CampaignService::masked).toList();
    }

    @Override
    public ChannelSettings channel(TenantId tenant, ChannelKind kind) {
        return store.channel(tenant, kind).map(CampaignService::masked)
                .orElseThrow(() -> new NotFoundException("channel", kind.wireName()));
    }

    /** The settings as shown back: secrets reduced to their last four characters. */
    static ChannelSettings masked(ChannelSettings s) {
        return new ChannelSettings(s.kind(), s.preset(), s.endpoint(), mask(s.secret()), s.sender(), s.region(),
                mask(s.accessKeyId()), mask(s.secretAccessKey()));
    }

    private static String mask(String secret) {
        return secret == null ? null : "****" + secret.substring(Math.max(0, secret.length() - 4));
    }

    @Override
    public CampaignSettings settings(TenantId tenant) {
        return store.settings(tenant).orElse(CampaignSettings.DEFAULTS);
    }

    @Override
    public void configure(TenantId tenant, CampaignSettings settings) {
        store.saveSettings(tenant, settings);
    }

    @Override
    public void saveProfile(TenantId tenant, ShopperProfile profile) {
        store.saveProfile(tenant, profile);
    }

    @Override
    public ShopperProfile profile(TenantId tenant, String userId) {
        return store.profile(tenant, userId).orElseThrow(() -> new NotFoundException("shopper profile", userId));
    }

    // ---------------------------------------------------------------- sends

    @Override
    public SendSummary send(TenantId tenant, String campaignId) {
        Campaign c = get(tenant, campaignId);
        if (c.triggered()) {
            throw new ConflictException("a triggered campaign sends per shopper as they enter; it is not sent at once");
        }
        if (c.state() == CampaignState.CANCELLED) {
            throw new ConflictException("campaign " + campaignId + " is cancelled");
        }
        return plan(tenant, c);
    }

    private SendSummary plan(TenantId tenant, Campaign c) {
        ChannelSettings channel = store.channel(tenant, c.channel()).orElseThrow(() -> new ConflictException(
                "the store has no " + c.channel().wireName() + " channel yet: configure it with PUT /v1/channels/"
                        + c.channel().wireName()));
        CampaignSettings settings = settings(tenant);
        Instant now = clock.instant();
        long started = System.nanoTime();
        // In shopper order, each with a delivery id later than the one before: every chunk then adds to one end of
        // the log's indexes instead of all over them (on H2 this halved the work of each commit), and the dispatcher
        // takes them in the same order.
        List<SegmentMember> members = new ArrayList<>(segments.allMembers(tenant, c.segmentId()));
        members.sort(Comparator.comparing(SegmentMember::userId));
        if (c.productCount() > 0) {
            // The audience's activity read in one go (for a large audience, in one pass over the tenant's log), where
            // every batch of recipients would otherwise look its shoppers up. It loads while the deliveries are
            // written (both take seconds for 100k recipients, on different cores); a worker ranking the first
            // recipients waits for it.
            shopperEvents.prefetchActivityInBackground(tenant, members.stream().map(SegmentMember::userId).toList());
        }
        Map<String, Long> byStatus = new LinkedHashMap<>();
        long planned = 0;
        for (int from = 0; from < members.size(); from += PLAN_CHUNK) {
            List<SegmentMember> chunk = members.subList(from, Math.min(members.size(), from + PLAN_CHUNK));
            Map<String, ShopperProfile> profiles = store.profiles(tenant, chunk.stream().map(SegmentMember::userId)
                    .toList());
            List<Delivery> rows = new ArrayList<>(chunk.size());
            for (SegmentMember m : chunk) {
                ShopperProfile profile = profiles.getOrDefault(m.userId(), ShopperProfile.unknown(m.userId()));
                DeliveryStatus status = initialStatus(c, settings, channel, profile, ONE_OFF);
                rows.add(new Delivery(deliveryId(), c.id(), ONE_OFF, m.userId(), 0, status, 0, now, now, null, null,
                        null, null, null));
            }
            int inserted = store.insertDeliveries(tenant, rows);
            planned += inserted;
            if (inserted == rows.size()) {
                rows.forEach(r -> byStatus.merge(r.status().wireName(), 1L, Long::sum));
            }
        }
        // Sending only once every recipient is in the log: the dispatcher, which may already be delivering the first
        // chunks, takes a sending campaign without pending deliveries for a finished one.
        transitionIfNeeded(tenant, c, CampaignState.SENDING);
        LOG.log(System.Logger.Level.INFO, "event=campaign_planned tenant=" + tenant + " campaign=" + c.id()
                + " audience=" + members.size() + " new_deliveries=" + planned + " ms="
                + (System.nanoTime() - started) / 1_000_000);
        return new SendSummary(c.id(), ONE_OFF, members.size(), planned, byStatus);
    }

    private void transitionIfNeeded(TenantId tenant, Campaign c, CampaignState next) {
        if (c.state() != next) {
            store.save(tenant, c.withState(next, clock.instant()));
        }
    }

    private DeliveryStatus initialStatus(Campaign c, CampaignSettings settings, ChannelSettings channel,
                                         ShopperProfile profile, String entryKey) {
        int holdout = c.holdoutPercent() != null ? c.holdoutPercent() : settings.holdoutPercent();
        if (inHoldout(c.id(), profile.userId(), entryKey, holdout)) {
            return DeliveryStatus.HOLDOUT;
        }
        if (profile.optedOut()) {
            return DeliveryStatus.SKIPPED_OPT_OUT;
        }
        boolean reachable = switch (channel.kind()) {
            case WEBHOOK -> channel.preset() == WebhookPreset.GENERIC
                    || profile.phone() != null;
            case EMAIL_SES -> profile.email() != null;
            case SMS_SNS -> profile.phone() != null;
        };
        return reachable ? DeliveryStatus.PENDING : DeliveryStatus.SKIPPED_NO_ADDRESS;
    }

    /** A stable coin per campaign, shopper and entry: the same shopper lands on the same side on every retry. */
    static boolean inHoldout(String campaignId, String userId, String entryKey, int percent) {
        if (percent <= 0) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update((campaignId + "\u0000" + userId + "\u0000" + entryKey).getBytes(StandardCharsets.UTF_8));
        long mixed = crc.getValue() * 0x9E3779B97F4A7C15L;
        return Long.remainderUnsigned(mixed >>> 16, 10_000) < percent * 100L;
    }

    /**
     * Unique across processes and increasing within one: the time in milliseconds, a counter for the ids of one
     * millisecond, and this process's random tag, in fixed-width hex (so that ids sort in the order they were made).
     */
    private static String deliveryId() {
        long millis = System.currentTimeMillis();
        long seq;
        synchronized (ID_LOCK) {
            if (millis > idMillis) {
                idMillis = millis;
                idSeq = 0;
            }
            // A clock that steps back keeps the last millisecond and counts on.
            millis = idMillis;
            seq = idSeq++;
        }
        return String.format("dlv-%012x%08x%s", millis, seq, PROCESS_TAG);
    }

    @Override
    public List<RenderedMessage> preview(TenantId tenant, String campaignId, int limit) {
        if (limit < 1 || limit > MAX_PREVIEW) {
            throw io.shelfwise.common.ValidationException.of("limit", "must be between 1 and " + MAX_PREVIEW);
        }
        Campaign c = get(tenant, campaignId);
        List<String> users = c.segmentId() == null ? List.of() : segments.allMembers(tenant, c.segmentId()).stream()
                .map(SegmentMember::userId).limit(limit).toList();
        Map<String, ShopperProfile> profiles = store.profiles(tenant, users);
        List<RenderedMessage> rendered = new ArrayList<>();
        for (String user : users) {
            ShopperProfile profile = profiles.getOrDefault(user, ShopperProfile.unknown(user));
            Coupon coupon = c.coupon() == null ? null : newCoupon(c, user, "PREVIEW", clock.instant());
            rendered.add(render(tenant, c, profile, 0, coupon));
        }
        return rendered;
    }

    // ---------------------------------------------------------------- dispatcher

    /**
     * One round of the dispatcher: starts due scheduled campaigns, works up to {@code batch} due deliveries
     * (in parallel on the workers), and marks finished sends as sent. Returns how many deliveries it worked.
     */
    public int dispatchOnce(int batch) {
        Instant now = clock.instant();
        for (CampaignStore.TenantCampaign tc : store.inState(CampaignState.SCHEDULED)) {
            if (tc.campaign().sendAt() != null && !tc.campaign().sendAt().isAfter(now)) {
                try {
                    plan(tc.tenant(), tc.campaign());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "scheduled send failed tenant=" + tc.tenant() + " campaign="
                            + tc.campaign().id() + " error=" + e.getClass().getSimpleName());
                }
            }
        }
        List<CampaignStore.TenantDelivery> claimed = store.claimDue(now, batch);
        if (!claimed.isEmpty()) {
            Map<TenantId, List<Delivery>> byTenant = new LinkedHashMap<>();
            claimed.forEach(td -> byTenant.computeIfAbsent(td.tenant(), t -> new ArrayList<>()).add(td.delivery()));
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (var entry : byTenant.entrySet()) {
                List<Delivery> rows = entry.getValue();
                int chunk = Math.max(1, (rows.size() + workerCount - 1) / workerCount);
                for (int from = 0; from < rows.size(); from += chunk) {
                    List<Delivery> part = rows.subList(from, Math.min(rows.size(), from + chunk));
                    running.add(CompletableFuture.runAsync(() -> work(entry.getKey(), part), workers));
                }
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } else {
            finishSends();
        }
        return claimed.size();
    }

    /** Run once at start: what a stopped process left with the channel is never sent again. */
    public int recoverInFlight(Duration olderThan) {
        int n = store.abandonInFlight(clock.instant().minus(olderThan));
        if (n > 0) {
            LOG.log(System.Logger.Level.WARNING, "event=deliveries_unconfirmed count=" + n
                    + " reason=a process stopped while sending them; they are not sent again");
        }
        return n;
    }

    private void finishSends() {
        for (CampaignStore.TenantCampaign tc : store.inState(CampaignState.SENDING)) {
            Map<DeliveryStatus, Long> counts = store.countByStatus(tc.tenant(), tc.campaign().id());
            if (counts.getOrDefault(DeliveryStatus.PENDING, 0L) == 0 && counts.getOrDefault(DeliveryStatus.CLAIMED, 0L) == 0
                    && counts.getOrDefault(DeliveryStatus.SENDING, 0L) == 0) {
                store.save(tc.tenant(), tc.campaign().withState(CampaignState.SENT, clock.instant()));
            }
        }
    }

    /** Works one tenant's claimed deliveries: checks, renders, delivers, and records every outcome. */
    private void work(TenantId tenant, List<Delivery> claimed) {
        try {
            List<Delivery> done = new ArrayList<>(claimed.size());
            List<Coupon> coupons = new ArrayList<>();
            Map<String, Campaign> campaigns = new HashMap<>();
            CampaignSettings settings = settings(tenant);
            Instant now = clock.instant();
            Map<String, ShopperProfile> profiles = store.profiles(tenant, claimed.stream().map(Delivery::userId)
                    .toList());
            Map<String, Integer> recent = settings.capMessages() == 0 ? Map.of() : store.sentSince(tenant,
                    claimed.stream().map(Delivery::userId).toList(), now.minus(Duration.ofDays(settings.capDays())));
            Optional<Instant> quiet = settings.quietUntil(now);
            boolean exitChecks = false;
            boolean ranking = false;
            for (Delivery d : claimed) {
                Campaign c = campaigns.computeIfAbsent(d.campaignId(), id -> store.find(tenant, id).orElse(null));
                exitChecks |= c != null && c.triggered() && c.journey().exitOnPurchase();
                ranking |= c != null && c.productCount() > 0;
            }
            // Every recipient's recent events in one read, where exit checks and ranking would read them one by one;
            // ranking alone needs only their activity, which a one-off send has already loaded when it was planned.
            List<String> recipients = claimed.stream().map(Delivery::userId).toList();
            if (exitChecks) {
                shopperEvents.prefetch(tenant, recipients);
            } else if (ranking) {
                shopperEvents.prefetchActivity(tenant, recipients);
            }
            List<Prepared> ready = new ArrayList<>();
            for (Delivery d : claimed) {
                Campaign c = campaigns.get(d.campaignId());
                ShopperProfile profile = profiles.getOrDefault(d.userId(), ShopperProfile.unknown(d.userId()));
                Delivery decided = precheck(tenant, d, c, profile, settings, recent, quiet, now);
                if (decided != null) {
                    done.add(decided);
                    continue;
                }
                Coupon coupon = c.coupon() == null || d.step() > 0 ? null : newCoupon(c, d.userId(), null, now);
                if (coupon != null) {
                    coupons.add(coupon);
                }
                ready.add(new Prepared(d, c, profile, coupon));
            }
            // Decisions that send nothing are final now, and the coupons exist before any message carries them;
            // then small groups go to the channel: each group is marked as handed over in the same commit that
            // records the one before, so a sender that dies leaves at most one group uncertain.
            List<List<Prepared>> groups = new ArrayList<>();
            for (int from = 0; from < ready.size(); from += SEND_GROUP) {
                groups.add(ready.subList(from, Math.min(ready.size(), from + SEND_GROUP)));
            }
            store.complete(tenant, done, coupons, groups.isEmpty() ? List.of() : ids(groups.get(0)));
            List<Delivery> followUps = new ArrayList<>();
            Map<ChannelKind, Optional<ChannelSettings>> channelSettings = new EnumMap<>(ChannelKind.class);
            for (int g = 0; g < groups.size(); g++) {
                List<Delivery> results = deliver(tenant, groups.get(g), channelSettings, followUps);
                store.complete(tenant, results, List.of(), g + 1 < groups.size() ? ids(groups.get(g + 1)) : List.of());
                if (!followUps.isEmpty()) {
                    store.insertDeliveries(tenant, followUps);
                    followUps.clear();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "delivery batch failed tenant=" + tenant + " error="
                    + e.getClass().getName(), e);
        }
    }

    private record Prepared(Delivery delivery, Campaign campaign, ShopperProfile profile, Coupon coupon) {
    }

    private static List<String> ids(List<Prepared> group) {
        return group.stream().map(p -> p.delivery().id()).toList();
    }

    /** The final or postponed state of a delivery that must not go out now, or null when it may. */
    private Delivery precheck(TenantId tenant, Delivery d, Campaign c, ShopperProfile profile,
                              CampaignSettings settings, Map<String, Integer> recent, Optional<Instant> quiet,
                              Instant now) {
        int attemptsBefore = d.attempts() - 1;
        if (c == null || c.state() == CampaignState.CANCELLED) {
            return d.with(DeliveryStatus.CANCELLED, attemptsBefore, d.dueAt(), null, null, null, null, null);
        }
        if (c.state() == CampaignState.PAUSED) {
            return d.with(DeliveryStatus.PENDING, attemptsBefore, now.plus(Duration.ofMinutes(15)), null, null, null,
                    null, null);
        }
        if (quiet.isPresent()) {
            return d.with(DeliveryStatus.PENDING, attemptsBefore, quiet.get(), null, null, null, null, null);
        }
        if (profile.optedOut()) {
            return d.with(DeliveryStatus.SKIPPED_OPT_OUT, attemptsBefore, d.dueAt(), null, null, null, null, null);
        }
        if (c.triggered() && c.journey().exitOnPurchase() && purchasedSince(tenant, d.userId(), d.reference())) {
            return d.with(DeliveryStatus.EXITED, attemptsBefore, d.dueAt(), null, null, null, null, null);
        }
        if (settings.capMessages() > 0 && recent.getOrDefault(d.userId(), 0) >= settings.capMessages()) {
            return d.with(DeliveryStatus.SKIPPED_CAP, attemptsBefore, d.dueAt(), null, null, null, null, null);
        }
        return null;
    }

    private boolean purchasedSince(TenantId tenant, String userId, Instant since) {
        for (StoredEvent e : shopperEvents.recentOf(tenant, userId, 50)) {
            if (!e.event().occurredAt().isAfter(since)) {
                // Newest first: the rest happened before the entry (or is the event that started it).
                break;
            }
            if (e.event().type() == EventType.PURCHASE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Renders each delivery of a group and hands the group to its channels, all of a channel's messages in flight
     * together; returns each delivery's new state, in order.
     */
    private List<Delivery> deliver(TenantId tenant, List<Prepared> group,
                                   Map<ChannelKind, Optional<ChannelSettings>> settings, List<Delivery> followUps) {
        Delivery[] results = new Delivery[group.size()];
        RenderedMessage[] rendered = new RenderedMessage[group.size()];
        Map<ChannelKind, List<Integer>> byChannel = new EnumMap<>(ChannelKind.class);
        OutboundMessage[] outbound = new OutboundMessage[group.size()];
        for (int i = 0; i < group.size(); i++) {
            Prepared p = group.get(i);
            Delivery d = p.delivery();
            if (settings.computeIfAbsent(p.campaign().channel(), kind -> store.channel(tenant, kind)).isEmpty()) {
                results[i] = d.with(DeliveryStatus.FAILED, d.attempts(), d.dueAt(), null, null, null, null,
                        "the " + p.campaign().channel().wireName() + " channel is not configured");
                continue;
            }
            try {
                rendered[i] = render(tenant, p.campaign(), p.profile(), d.step(), p.coupon());
            } catch (RuntimeException e) {
                results[i] = d.with(DeliveryStatus.FAILED, d.attempts(), d.dueAt(), null, null, null, null,
                        "rendering failed: " + e.getClass().getSimpleName());
                continue;
            }
            RenderedMessage m = rendered[i];
            outbound[i] = new OutboundMessage(d.id(), tenant.value(), d.campaignId(), d.userId(),
                    p.profile().email(), p.profile().phone(), m.subject(), m.body(), m.products(),
                    m.recommendationId(), m.couponCode());
            byChannel.computeIfAbsent(p.campaign().channel(), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<ChannelKind, List<Integer>> entry : byChannel.entrySet()) {
            List<Integer> indices = entry.getValue();
            List<DeliveryOutcome> outcomes = channels.get(entry.getKey()).deliverAll(
                    settings.get(entry.getKey()).orElseThrow(), indices.stream().map(i -> outbound[i]).toList());
            Instant now = clock.instant();
            for (int j = 0; j < indices.size(); j++) {
                int i = indices.get(j);
                results[i] = recorded(group.get(i), rendered[i], outcomes.get(j), now, followUps);
            }
        }
        return List.of(results);
    }

    /** The delivery's state after its channel's {@code outcome}; a follow-up step is planned after a first send. */
    private Delivery recorded(Prepared p, RenderedMessage message, DeliveryOutcome outcome, Instant now,
                              List<Delivery> followUps) {
        Delivery d = p.delivery();
        return switch (outcome) {
            case DeliveryOutcome.Delivered ok -> {
                Journey journey = p.campaign().journey();
                if (journey != null && d.step() == 0 && journey.followUpAfter() != null) {
                    followUps.add(new Delivery(deliveryId(), d.campaignId(), d.entryKey(), d.userId(), 1,
                            DeliveryStatus.PENDING, 0, now.plus(journey.followUpAfter()), d.reference(), null, null,
                            null, null, null));
                }
                yield d.with(DeliveryStatus.SENT, d.attempts(), d.dueAt(), message.recommendationId(),
                        message.couponCode(), now, ok.providerMessageId(), null);
            }
            case DeliveryOutcome.Failed failed when failed.retryable() && d.attempts() < MAX_ATTEMPTS ->
                    d.with(DeliveryStatus.PENDING, d.attempts(), now.plus(backoff(d.attempts())),
                            message.recommendationId(), message.couponCode(), null, null, failed.reason());
            case DeliveryOutcome.Failed failed -> d.with(failed.retryable() ? DeliveryStatus.DEAD
                            : DeliveryStatus.FAILED, d.attempts(), d.dueAt(), message.recommendationId(),
                    message.couponCode(), null, null, failed.reason());
        };
    }

    /** 2 s, 8 s, 32 s, 2 min... before attempt {@code attempts + 1}. */
    static Duration backoff(int attempts) {
        return Duration.ofSeconds((long) Math.min(3_600, 2 * Math.pow(4, Math.max(0, attempts - 1))));
    }

    private Coupon newCoupon(Campaign c, String userId, String prefix, Instant now) {
        StringBuilder code = new StringBuilder(prefix == null ? "" : prefix + "-");
        for (int i = 0; i < 10; i++) {
            code.append(CODE[RANDOM.nextInt(CODE.length)]);
        }
        return new Coupon(code.toString(), c.id(), userId, c.coupon(), now,
                now.plus(Duration.ofDays(c.coupon().validDays())), null, null);
    }

    private RenderedMessage render(TenantId tenant, Campaign c, ShopperProfile profile, int step, Coupon coupon) {
        Compiled t = compiled.computeIfAbsent(c.id() + "@" + c.version(), k -> new Compiled(
                c.subject() == null ? null : templates.compile("template.subject", c.subject(),
                        CampaignDefinitions.VOCABULARY),
                templates.compile("template.body", c.body(), CampaignDefinitions.VOCABULARY),
                c.journey() == null || c.journey().followUpBody() == null ? null
                        : templates.compile("trigger.followUp.body", c.journey().followUpBody(),
                        CampaignDefinitions.VOCABULARY)));
        List<MessageProduct> products = new ArrayList<>();
        String recommendationId = null;
        if (c.productCount() > 0) {
            Recommendations recs = surfaces.homeForMessage(tenant, profile.userId(), c.productCount(), c.filters());
            recommendationId = recs.recommendationId();
            for (ScoredItem s : recs.items()) {
                Item item = s.item();
                products.add(new MessageProduct(item.id().value(), item.title(), item.price(), item.currency(),
                        item.attributes().get("url"), item.attributes().getOrDefault("imageUrl",
                        item.attributes().get("image"))));
            }
        }
        Map<String, Object> scope = new HashMap<>();
        Map<String, Object> shopper = new HashMap<>();
        shopper.put("userId", profile.userId());
        putIf(shopper, "firstName", profile.firstName());
        putIf(shopper, "email", profile.email());
        putIf(shopper, "phone", profile.phone());
        scope.put("shopper", shopper);
        scope.put("campaign", Map.of("name", c.name()));
        putIf(scope, "recommendationId", recommendationId);
        if (coupon != null) {
            scope.put("coupon", Map.of("code", coupon.code(), "text", coupon.spec().text(), "expiresAt",
                    coupon.expiresAt().toString()));
        }
        List<Map<String, Object>> productScope = new ArrayList<>();
        for (int i = 0; i < products.size(); i++) {
            MessageProduct mp = products.get(i);
            Map<String, Object> m = new HashMap<>();
            m.put("rank", i + 1);
            m.put("itemId", mp.itemId());
            putIf(m, "title", mp.title());
            putIf(m, "price", mp.price() == null ? null : mp.price().toPlainString());
            putIf(m, "currency", mp.currency());
            putIf(m, "url", mp.url());
            putIf(m, "imageUrl", mp.imageUrl());
            productScope.add(m);
        }
        scope.put("products", productScope);
        String body = (step > 0 && t.followUp != null ? t.followUp : t.body).render(scope);
        String subject = t.subject == null ? null : t.subject.render(scope);
        return new RenderedMessage(profile.userId(), subject, body, products, recommendationId,
                coupon == null ? null : coupon.code());
    }

    private static void putIf(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private record Compiled(MessageTemplate subject, MessageTemplate body, MessageTemplate followUp) {
    }

    // ---------------------------------------------------------------- triggers

    /** A segment's entries start the journeys of active campaigns on that segment (entries before activation do not). */
    public void membershipChanged(TenantId tenant, Segment segment, MembershipChanges changes) {
        if (changes.entered().isEmpty()) {
            return;
        }
        for (Campaign c : store.list(tenant)) {
            if (c.state() != CampaignState.ACTIVE || !c.triggered()
                    || c.journey().trigger() != Journey.Trigger.SEGMENT_ENTRY || !segment.id().equals(c.segmentId())) {
                continue;
            }
            List<SegmentMember> entered = changes.entered().stream()
                    .filter(m -> c.activatedAt() == null || !m.since().isBefore(c.activatedAt())).toList();
            enrol(tenant, c, entered.stream().map(m -> new Entry(m.userId(), m.since().toString(), m.since()))
                    .toList());
        }
    }

    private record Entry(String userId, String key, Instant at) {
    }

    private void enrol(TenantId tenant, Campaign c, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Optional<ChannelSettings> channel = store.channel(tenant, c.channel());
        if (channel.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "event=journey_not_enrolled tenant=" + tenant + " campaign=" + c.id()
                    + " reason=channel " + c.channel().wireName() + " not configured");
            return;
        }
        CampaignSettings settings = settings(tenant);
        Map<String, ShopperProfile> profiles = store.profiles(tenant, entries.stream().map(Entry::userId).toList());
        Instant now = clock.instant();
        List<Delivery> rows = new ArrayList<>();
        for (Entry e : entries) {
            ShopperProfile profile = profiles.getOrDefault(e.userId(), ShopperProfile.unknown(e.userId()));
            DeliveryStatus status = initialStatus(c, settings, channel.get(), profile, e.key());
            Instant due = e.at().plus(c.journey().delay());
            rows.add(new Delivery(deliveryId(), c.id(), e.key(), e.userId(), 0, status, 0,
                    due.isBefore(now) ? now : due, e.at(), null, null, null, null, null));
        }
        int n = store.insertDeliveries(tenant, rows);
        LOG.log(System.Logger.Level.INFO, "event=journey_enrolled tenant=" + tenant + " campaign=" + c.id()
                + " entries=" + entries.size() + " new=" + n);
    }

    /** Newly stored events: purchases redeem the coupons they cite and start first-purchase journeys. */
    public void eventsStored(TenantId tenant, List<ShopperEvent> fresh) {
        List<Campaign> firstPurchase = null;
        for (ShopperEvent e : fresh) {
            if (e.type() != EventType.PURCHASE || e.userId() == null) {
                continue;
            }
            if (e.couponCode() != null) {
                BigDecimal revenue = e.price() == null ? BigDecimal.ZERO
                        : e.price().multiply(BigDecimal.valueOf(e.quantity() == null ? 1 : e.quantity()));
                boolean redeemed = store.redeem(tenant, e.couponCode(), e.userId(), e.eventId(), revenue,
                        e.occurredAt());
                LOG.log(System.Logger.Level.INFO, "event=coupon_" + (redeemed ? "redeemed" : "not_redeemed")
                        + " tenant=" + tenant);
            }
            if (firstPurchase == null) {
                firstPurchase = store.list(tenant).stream().filter(c -> c.state() == CampaignState.ACTIVE
                        && c.triggered() && c.journey().trigger() == Journey.Trigger.FIRST_PURCHASE).toList();
            }
            if (!firstPurchase.isEmpty() && firstPurchaseOf(tenant, e)) {
                for (Campaign c : firstPurchase) {
                    if (c.segmentId() != null && segments.segmentsOf(tenant, e.userId()).stream()
                            .noneMatch(s -> s.segmentId().equals(c.segmentId()))) {
                        continue;
                    }
                    enrol(tenant, c, List.of(new Entry(e.userId(), e.eventId(), e.occurredAt())));
                }
            }
        }
    }

    private boolean firstPurchaseOf(TenantId tenant, ShopperEvent purchase) {
        for (StoredEvent s : shopperEvents.recentOf(tenant, purchase.userId(), 500)) {
            ShopperEvent e = s.event();
            if (e.type() == EventType.PURCHASE && !e.eventId().equals(purchase.eventId())
                    && !e.occurredAt().isAfter(purchase.occurredAt())) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- reports

    @Override
    public List<Delivery> deliveries(TenantId tenant, String campaignId, DeliveryStatus status, int offset,
                                     int limit) {
        get(tenant, campaignId);
        Checks checks = Checks.start();
        if (offset < 0) {
            checks.add("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > 1000) {
            checks.add("limit", "must be between 1 and 1000");
        }
        checks.orThrow();
        return store.deliveries(tenant, campaignId, status, offset, limit);
    }

    @Override
    public CampaignReport report(TenantId tenant, String campaignId) {
        get(tenant, campaignId);
        int window = settings(tenant).attributionDays();
        CampaignOutcomes o = store.outcomes(tenant, campaignId, window);
        long holdout = o.byStatus().getOrDefault(DeliveryStatus.HOLDOUT, 0L);
        long total = o.byStatus().values().stream().mapToLong(Long::longValue).sum();
        long targeted = total - holdout;
        long delivered = o.byStatus().getOrDefault(DeliveryStatus.SENT, 0L);
        long sent = delivered + o.byStatus().getOrDefault(DeliveryStatus.UNCONFIRMED, 0L);
        long failed = o.byStatus().getOrDefault(DeliveryStatus.FAILED, 0L)
                + o.byStatus().getOrDefault(DeliveryStatus.DEAD, 0L);
        double rate = targeted == 0 ? 0 : o.converted() / (double) targeted;
        double holdoutRate = holdout == 0 ? 0 : o.holdoutConverted() / (double) holdout;
        Double uplift = null;
        Double low = null;
        Double high = null;
        if (holdout > 0 && targeted > 0) {
            uplift = rate - holdoutRate;
            double se = Math.sqrt(rate * (1 - rate) / targeted + holdoutRate * (1 - holdoutRate) / holdout);
            low = uplift - 1.96 * se;
            high = uplift + 1.96 * se;
        }
        Map<String, Long> byStatus = new LinkedHashMap<>();
        o.byStatus().forEach((k, v) -> byStatus.put(k.wireName(), v));
        return new CampaignReport(campaignId, targeted, holdout, byStatus, sent, delivered, failed, o.clicked(),
                o.converted(), o.holdoutConverted(), rate, holdoutRate, uplift, low, high, o.revenue(),
                o.attributedRevenue(), o.couponsIssued(), o.couponsRedeemed(), o.couponRevenue(), window);
    }
}
