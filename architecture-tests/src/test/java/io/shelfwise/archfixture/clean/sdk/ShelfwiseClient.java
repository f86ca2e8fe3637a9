package io.shelfwise.archfixture.clean.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/** The SDK speaks HTTP and carries its own types. */
public final class ShelfwiseClient implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI baseUri;

    public ShelfwiseClient(URI baseUri) {
        this.baseUri = baseUri;
    }

    public HttpRequest recommendationsRequest(String surface) {
        return HttpRequest.newBuilder(baseUri.resolve("/v1/recommendations/" + surface)).GET().build();
    }

    @Override
    public void close() {
        http.close();
    }
}
