package io.shelfwise.sdk.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The README's example is this package's ReadmeExample, so it compiles; here it also runs. */
class ReadmeExampleTest {

    private static final Path EXAMPLE = Path.of("src/test/java/io/shelfwise/sdk/readme/ReadmeExample.java");

    @Test
    void readme_shows_the_tested_example() throws IOException {
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        String example = Files.readString(EXAMPLE).replaceFirst("package [\\w.]+;\\n\\n", "");

        assertEquals(List.of(example), blocks);
    }

    @Test
    void readme_example_runs_against_the_api() throws IOException {
        List<String> calls = new CopyOnWriteArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    calls.add(request.getMethod() + " " + request.getUrl().encodedPath()
                            + " " + request.getHeaders().get("Authorization"));
                    String body = switch (request.getUrl().encodedPath()) {
                        case "/v1/items" -> "{\"upserted\":1}";
                        case "/v1/events" -> "{\"accepted\":1,\"duplicates\":0}";
                        default -> """
                                {"recommendationId":"3f2a","surface":"popular",
                                 "items":[{"id":"sku-1","title":"Trail runner","price":89.00,"currency":"EUR","score":12.5}]}""";
                    };
                    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
                }
            });
            server.start();

            ReadmeExample.run(server.url("/").toString(), "sk_live_example");
        }

        assertEquals(List.of(
                "PUT /v1/items Bearer sk_live_example",
                "POST /v1/events Bearer sk_live_example",
                "GET /v1/recommendations/popular Bearer sk_live_example",
                "GET /v1/recommendations/popular Bearer sk_live_example",
                "POST /v1/events Bearer sk_live_example"), calls);
    }
}
