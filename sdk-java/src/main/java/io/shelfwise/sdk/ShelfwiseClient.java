package io.shelfwise.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The entry point of the Shelfwise SDK: build one per API key, share it between threads, and
 * close it on shutdown so that buffered events are sent.
 *
 * <pre>{@code
 * try (ShelfwiseClient client = ShelfwiseClient.builder().apiKey(key).baseUrl(url).build()) {
 *     client.events().track(Event.view("u-42", "sku-1"));
 * }
 * }</pre>
 */
public final class ShelfwiseClient implements AutoCloseable {

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private final Transport transport;
    private final EventPipeline pipeline;
    private final Duration closeTimeout;
    private final EventsClient events;
    private final CatalogClient catalog;
    private final RecommendationsClient recommendations;
    private final SegmentsClient segments;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ShelfwiseClient(Builder builder) {
        boolean ownsHttp = builder.httpClient == null;
        // newBuilder() keeps sharing the given client's connection pool and dispatcher.
        OkHttpClient.Builder http = ownsHttp
                ? new OkHttpClient.Builder().connectTimeout(DEFAULT_CONNECT_TIMEOUT).readTimeout(DEFAULT_READ_TIMEOUT)
                : builder.httpClient.newBuilder();
        if (builder.connectTimeout != null) {
            http.connectTimeout(builder.connectTimeout);
        }
        if (builder.readTimeout != null) {
            http.readTimeout(builder.readTimeout);
        }
        RetryPolicy retryPolicy = new RetryPolicy(builder.maxRetries, builder.retryBaseDelay, builder.maxRetryDelay);
        this.transport = new Transport(http.build(), ownsHttp, builder.baseUrl, builder.apiKey, builder.userAgent, retryPolicy);
        this.pipeline = new EventPipeline(transport, builder.eventBatchSize, builder.flushInterval,
                builder.maxBufferedEvents, builder.droppedEventsListener, builder.maxConcurrentBatches);
        this.closeTimeout = builder.closeTimeout;
        this.events = new EventsClient(transport, pipeline, closeTimeout);
        this.catalog = new CatalogClient(transport);
        this.recommendations = new RecommendationsClient(transport);
        this.segments = new SegmentsClient(transport);
    }

    /** A builder; {@code apiKey} and {@code baseUrl} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Tracking shopper events. */
    public EventsClient events() {
        return events;
    }

    /** Managing catalog items. */
    public CatalogClient catalog() {
        return catalog;
    }

    /** Reading recommendations. */
    /** Shopper segments and who is in them. */
    public SegmentsClient segments() {
        return segments;
    }

    public RecommendationsClient recommendations() {
        return recommendations;
    }

    /**
     * Sends the buffered events, waiting at most {@code closeTimeout} (events still unsent then are
     * reported as dropped), and releases the threads and connections this client created.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pipeline.close(closeTimeout);
            transport.close();
        }
    }

    /** Configures a {@link ShelfwiseClient}; invalid settings throw {@link IllegalArgumentException}. */
    public static final class Builder {
        private String apiKey;
        private HttpUrl baseUrl;
        private OkHttpClient httpClient;
        private Duration connectTimeout;
        private Duration readTimeout;
        private int maxRetries = 3;
        private Duration retryBaseDelay = Duration.ofMillis(200);
        private Duration maxRetryDelay = Duration.ofSeconds(30);
        private int eventBatchSize = 100;
        private Duration flushInterval = Duration.ofSeconds(1);
        private int maxBufferedEvents = 10_000;
        private int maxConcurrentBatches = 2;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private String userAgent = "shelfwise-java-sdk";
        private DroppedEventsListener droppedEventsListener;

        private Builder() {
        }

        /** The tenant's API key, sent as {@code Authorization: Bearer <key>}. */
        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** Where the API is, e.g. {@code https://api.shelfwise.io}; a path prefix is kept. */
        public Builder baseUrl(String baseUrl) {
            HttpUrl parsed = baseUrl == null ? null : HttpUrl.parse(baseUrl);
            if (parsed == null) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL: " + baseUrl);
            }
            this.baseUrl = parsed;
            return this;
        }

        /** An OkHttpClient to share (its pool and dispatcher); the SDK then leaves it open on close. */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** Default 10 seconds. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** Default 30 seconds. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive(readTimeout, "readTimeout");
            return this;
        }

        /** Retries after the first attempt on 429, 5xx and network failures; 0 disables them. Default 3. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The first backoff, doubled on each retry, with jitter. Default 200 ms. */
        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = positive(retryBaseDelay, "retryBaseDelay");
            return this;
        }

        /** The longest wait before a retry; a longer Retry-After fails at once. Default 30 seconds. */
        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = positive(maxRetryDelay, "maxRetryDelay");
            return this;
        }

        /** Events per background batch, 1..500. Default 100. */
        public Builder eventBatchSize(int eventBatchSize) {
            if (eventBatchSize < 1 || eventBatchSize > EventBatch.MAX_EVENTS) {
                throw new IllegalArgumentException("eventBatchSize must be 1.." + EventBatch.MAX_EVENTS);
            }
            this.eventBatchSize = eventBatchSize;
            return this;
        }

        /** The longest a tracked event waits for its batch to fill. Default 1 second. */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = positive(flushInterval, "flushInterval");
            return this;
        }

        /** Events the buffer holds before {@code track} drops new ones. Default 10 000. */
        public Builder maxBufferedEvents(int maxBufferedEvents) {
            if (maxBufferedEvents < 1) {
                throw new IllegalArgumentException("maxBufferedEvents must be >= 1");
            }
            this.maxBufferedEvents = maxBufferedEvents;
            return this;
        }

        /**
         * Event batches sent at the same time by the background pipeline. Default 2: the server commits batches
         * that arrive together in one transaction, so two in flight roughly double what one client sends. With
         * more than one, batches may arrive out of tracking order (events carry their own timestamps).
         */
        public Builder maxConcurrentBatches(int maxConcurrentBatches) {
            if (maxConcurrentBatches < 1 || maxConcurrentBatches > 16) {
                throw new IllegalArgumentException("maxConcurrentBatches must be 1..16");
            }
            this.maxConcurrentBatches = maxConcurrentBatches;
            return this;
        }

        /** The longest {@code close()} and {@code events().flush()} wait for buffered events. Default 10 seconds. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = positive(closeTimeout, "closeTimeout");
            return this;
        }

        /** The {@code User-Agent} header. Default {@code shelfwise-java-sdk}. */
        public Builder userAgent(String userAgent) {
            if (userAgent == null || userAgent.isBlank()) {
                throw new IllegalArgumentException("userAgent must not be blank");
            }
            this.userAgent = userAgent;
            return this;
        }

        /** Told about tracked events that are given up; without one, drops are logged as warnings. */
        public Builder onDropped(DroppedEventsListener listener) {
            this.droppedEventsListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public ShelfwiseClient build() {
            if (apiKey == null) {
                throw new IllegalArgumentException("apiKey is required");
            }
            if (baseUrl == null) {
                throw new IllegalArgumentException("baseUrl is required");
            }
            return new ShelfwiseClient(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
