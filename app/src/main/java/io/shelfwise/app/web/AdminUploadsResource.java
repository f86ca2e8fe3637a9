package io.shelfwise.app.web;

import io.shelfwise.onboarding.Upload;
import io.shelfwise.onboarding.port.in.UploadData;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/**
 * {@code /admin/v1/uploads}: a store's data files sent for an onboarding, each in pieces of at most a request body
 * (1 MiB) at the offset the file has reached; the upload's {@code location} is then the onboarding's data source.
 */
@Audience(Audience.Caller.OPERATOR)
@Path("admin/v1/uploads")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminUploadsResource {
    private final UploadData uploads;

    public AdminUploadsResource(UploadData uploads) {
        this.uploads = uploads;
    }

    @POST
    public Response create() {
        Upload upload = uploads.create();
        return Response.created(URI.create("admin/v1/uploads/" + upload.id())).entity(json(upload)).build();
    }

    @GET
    @Path("{id}")
    public UploadJson get(@PathParam("id") String id) {
        return json(uploads.get(id));
    }

    @PUT
    @Path("{id}/files/{file}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public UploadJson append(@PathParam("id") String id, @PathParam("file") String file,
                             @QueryParam("offset") String offset, byte[] piece) {
        return json(uploads.append(id, file, Bodies.intParam("offset", offset, 0), piece == null ? new byte[0] : piece));
    }

    private static UploadJson json(Upload upload) {
        return new UploadJson(upload.id(), upload.location(), upload.files());
    }

    /** An upload on the wire: give {@code location} as an onboarding's {@code dataLocation}. */
    public record UploadJson(String id, String location, Map<String, Long> files) {
    }
}
