package io.shelfwise.app.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code /openapi}: the API contract, as written in {@code openapi.yaml} and checked by a test. */
@Audience(Audience.Caller.PUBLIC)
@Path("openapi")
public final class OpenApiResource {
    static final String DOCUMENT = "openapi.yaml";

    private final byte[] document;

    public OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the classpath");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces({"application/yaml", "text/yaml", "text/plain"})
    public byte[] document() {
        return document.clone();
    }
}
