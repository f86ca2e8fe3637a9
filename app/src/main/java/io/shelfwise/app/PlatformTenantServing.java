package io.shelfwise.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.onboarding.port.out.TenantServing;
import io.shelfwise.recommendation.serving.SurfaceService;
import io.shelfwise.tenancy.TenantId;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Onboarding's view of serving in this process: warming goes to the surfaces directly; the smoke test goes over
 * real HTTP to this platform's own port with the tenant's key, exactly as the store's backend will ask.
 */
final class PlatformTenantServing implements TenantServing {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SurfaceService surfaces;
    private final IntSupplier port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PlatformTenantServing(SurfaceService surfaces, IntSupplier port) {
        this.surfaces = surfaces;
        this.port = port;
    }

    @Override
    public void warm(TenantId tenant) {
        surfaces.warm(tenant);
    }

    @Override
    public String smokeTest(TenantId tenant, String endpoint, String apiKey, String shopper, String item) {
        String base = endpoint != null ? endpoint : "http://127.0.0.1:" + port.getAsInt();
        List<String> problems = new ArrayList<>();
        String user = encode(shopper);
        String seed = encode(item);
        check(base, apiKey, "home", "/v1/recommendations/home?limit=10&userId=" + user, problems);
        check(base, apiKey, "similar", "/v1/recommendations/similar?limit=10&itemId=" + seed, problems);
        check(base, apiKey, "cart", "/v1/recommendations/cart?limit=10&itemIds=" + seed + "&userId=" + user,
                problems);
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private void check(String base, String apiKey, String surface, String path, List<String> problems) {
        try {
            JsonNode list = get(base, apiKey, path);
            if (list == null) {
                problems.add(surface + " did not answer 200");
                return;
            }
            JsonNode items = list.path("items");
            if (items.isEmpty()) {
                problems.add(surface + " answered an empty list");
                return;
            }
            for (JsonNode listed : items) {
                JsonNode stored = get(base, apiKey, "/v1/items/" + encode(listed.path("id").asText()));
                if (stored == null || !stored.path("inStock").asBoolean(false)) {
                    problems.add(surface + " listed " + listed.path("id").asText() + ", which is not in stock");
                    return;
                }
            }
        } catch (IOException e) {
            problems.add(surface + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(surface + ": interrupted");
        }
    }

    private JsonNode get(String base, String apiKey, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
