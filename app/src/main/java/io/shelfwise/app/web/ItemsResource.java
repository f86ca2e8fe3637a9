package io.shelfwise.app.web;

import io.shelfwise.catalog.CatalogPage;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.catalog.port.in.DeleteItem;
import io.shelfwise.catalog.port.in.UpsertItems;
import io.shelfwise.tenancy.TenantAccess;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** {@code /v1/items}: the tenant's catalog. */
@Audience(Audience.Caller.TENANT)
@Path("v1/items")
@Produces(MediaType.APPLICATION_JSON)
public final class ItemsResource {
    private final UpsertItems upsert;
    private final DeleteItem delete;
    private final BrowseCatalog browse;

    @Context
    private SecurityContext security;

    public ItemsResource(UpsertItems upsert, DeleteItem delete, BrowseCatalog browse) {
        this.upsert = upsert;
        this.delete = delete;
        this.browse = browse;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Upserted upsert(UpsertRequest request) {
        TenantAccess caller = TenantPrincipal.of(security);
        List<ItemJson> raw = Bodies.required(request, "items", UpsertRequest::items);
        upsert.checkBatchSize(raw.size());
        List<Item> items = Bodies.convertAll("items", raw, "an item object", j -> Item.of(j.id(), j.title(),
                j.brand(), j.categoryPath(), j.price(), j.currency(), j.inStock(), j.attributes()));
        return new Upserted(upsert.upsert(caller, items));
    }

    @GET
    @Path("{id}")
    public ItemJson get(@PathParam("id") String id) {
        return json(browse.get(TenantPrincipal.of(security).tenantId(), new ItemId(id)));
    }

    @GET
    public ItemPage list(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        CatalogPage page = browse.page(TenantPrincipal.of(security).tenantId(),
                after == null || after.isEmpty() ? null : new ItemId(after), Bodies.intParam("limit", limit, 100));
        return new ItemPage(page.items().stream().map(ItemsResource::json).toList(),
                page.next() == null ? null : page.next().value());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        delete.delete(TenantPrincipal.of(security).tenantId(), new ItemId(id));
        return Response.noContent().build();
    }

    static ItemJson json(Item item) {
        return new ItemJson(item.id().value(), item.title(), item.brand(), item.categoryPath(), item.price(),
                item.currency(), item.inStock(), item.attributes());
    }

    /** Body of {@code PUT /v1/items}. */
    public record UpsertRequest(List<ItemJson> items) {
    }

    /** Answer of {@code PUT /v1/items}. */
    public record Upserted(int upserted) {
    }

    /** One catalog item on the wire. */
    public record ItemJson(String id, String title, String brand, List<String> categoryPath, BigDecimal price,
                           String currency, Boolean inStock, Map<String, String> attributes) {
    }

    /** A page of items and the cursor of the next one. */
    public record ItemPage(List<ItemJson> items, String next) {
    }
}
