package io.shelfwise.app.web;

import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.events.TrackResult;
import io.shelfwise.events.port.in.ReadShopperEvents;
import io.shelfwise.events.port.in.TrackEvents;
import io.shelfwise.tenancy.TenantAccess;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code /v1/events}: shopper event tracking. */
@Audience(Audience.Caller.TENANT)
@Path("v1/events")
@Produces(MediaType.APPLICATION_JSON)
public final class EventsResource {
    private static final System.Logger LOG = System.getLogger(EventsResource.class.getName());

    private final TrackEvents track;
    private final ReadShopperEvents read;

    @Context
    private SecurityContext security;

    public EventsResource(TrackEvents track, ReadShopperEvents read) {
        this.track = track;
        this.read = read;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public TrackResult track(TrackRequest request) {
        TenantAccess caller = TenantPrincipal.of(security);
        List<EventJson> raw = Bodies.required(request, "events", TrackRequest::events);
        // Checked before each event is validated, so a huge batch costs no per-event work.
        track.checkBatchSize(raw.size());
        Instant latest = track.latestAcceptedTimestamp();
        List<ShopperEvent> events = Bodies.convertAll("events", raw, "an event object", e -> ShopperEvent.of(
                e.eventId(), e.type(), e.userId(), e.anonymousId(), e.itemIds(), e.quantity(), e.price(),
                e.currency(), e.query(), e.recommendationId(), e.timestamp(), latest, e.couponCode()));
        TrackResult result = track.track(caller, events);
        LOG.log(System.Logger.Level.DEBUG, () -> "event=events_tracked tenant=" + caller.tenantId()
                + " accepted=" + result.accepted() + " duplicates=" + result.duplicates());
        return result;
    }

    @GET
    public ShopperEvents recent(@QueryParam("userId") String userId,
                                @QueryParam("limit") String limit) {
        TenantAccess caller = TenantPrincipal.of(security);
        List<StoredEvent> events = read.recentOf(caller.tenantId(), userId, Bodies.intParam("limit", limit, 50));
        return new ShopperEvents(events.stream().map(EventsResource::json).toList());
    }

    private static StoredEventJson json(StoredEvent stored) {
        ShopperEvent e = stored.event();
        return new StoredEventJson(e.eventId(), e.type().wireName(), e.userId(), e.anonymousId(),
                e.itemIds().stream().map(id -> id.value()).toList(), e.quantity(), e.price(), e.currency(), e.query(),
                e.recommendationId(), e.occurredAt().toString(), stored.receivedAt().toString(), e.couponCode());
    }

    /** Body of {@code POST /v1/events}. */
    public record TrackRequest(List<EventJson> events) {
    }

    /** One event as a client sends it. */
    public record EventJson(String eventId, String type, String userId, String anonymousId, List<String> itemIds,
                            Integer quantity, BigDecimal price, String currency, String query,
                            String recommendationId, String timestamp, String couponCode) {
    }

    /** Answer of {@code GET /v1/events}. */
    public record ShopperEvents(List<StoredEventJson> events) {
    }

    /** One stored event. */
    public record StoredEventJson(String eventId, String type, String userId, String anonymousId,
                                  List<String> itemIds, Integer quantity, BigDecimal price, String currency,
                                  String query, String recommendationId, String timestamp, String receivedAt,
                                  String couponCode) {
    }
}
