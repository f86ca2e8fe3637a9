package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class ShelfwiseClientTest extends MockServerTest {

    @Test
    void invalid_settings_are_refused_when_building() {
        assertThrows(IllegalArgumentException.class, () -> ShelfwiseClient.builder().baseUrl("http://localhost").build());
        assertThrows(IllegalArgumentException.class, () -> ShelfwiseClient.builder().apiKey(API_KEY).build());
        assertThrows(IllegalArgumentException.class, () -> ShelfwiseClient.builder().baseUrl("ftp://example.com"));
        assertThrows(IllegalArgumentException.class, () -> ShelfwiseClient.builder().eventBatchSize(501));
        assertThrows(IllegalArgumentException.class, () -> ShelfwiseClient.builder().flushInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ShelfwiseClient.builder().maxRetries(-1));
    }

    @Test
    void shared_http_client_stays_usable_after_close() {
        OkHttpClient shared = new OkHttpClient();
        client().httpClient(shared).readTimeout(Duration.ofSeconds(2)).build().close();

        assertFalse(shared.dispatcher().executorService().isShutdown());
    }

    @Test
    void calls_after_close_are_refused() {
        ShelfwiseClient client = client().build();
        client.close();

        assertThrows(IllegalStateException.class, () -> client.recommendations().popular(10));
    }
}
