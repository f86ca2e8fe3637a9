package io.shelfwise.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shelfwise.sdk.error.ApiException;
import io.shelfwise.sdk.error.NetworkException;
import io.shelfwise.sdk.error.ShelfwiseException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Sends authenticated JSON requests, maps failures to exceptions and retries what the policy allows. */
final class Transport {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final HttpUrl baseUrl;
    private final String authorization;
    private final String userAgent;
    private final RetryPolicy retryPolicy;
    private volatile boolean closed;

    Transport(OkHttpClient http, boolean ownsHttp, HttpUrl baseUrl, String apiKey, String userAgent, RetryPolicy retryPolicy) {
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.baseUrl = baseUrl;
        this.authorization = "Bearer " + apiKey;
        this.userAgent = userAgent;
        this.retryPolicy = retryPolicy;
    }

    /** Reads a successful response body. */
    @FunctionalInterface
    interface ResponseReader<T> {
        T read(ResponseBody body) throws IOException;

        static <T> ResponseReader<T> json(Class<T> type) {
            return body -> Json.MAPPER.readValue(body.byteStream(), type);
        }
    }

    /** Told before each retry; returning false makes the last failure final. */
    @FunctionalInterface
    interface RetryObserver {
        RetryObserver ALWAYS = failure -> true;

        boolean retrying(ShelfwiseException failure);
    }

    HttpUrl.Builder url(String pathSegments) {
        return baseUrl.newBuilder().addPathSegments(pathSegments);
    }

    Request.Builder request(HttpUrl url) {
        return new Request.Builder()
                .url(url)
                .header("Authorization", authorization)
                .header("User-Agent", userAgent)
                .header("Accept", "application/json, application/problem+json");
    }

    static RequestBody json(Object body) {
        try {
            // Bytes, not a String: OkHttp would append "; charset=utf-8" to the content type of a String body.
            return RequestBody.create(Json.MAPPER.writeValueAsBytes(body), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request could not be written as JSON", e);
        }
    }

    <T> T execute(Request request, ResponseReader<T> reader) {
        return execute(request, reader, RetryObserver.ALWAYS);
    }

    <T> T execute(Request request, ResponseReader<T> reader, RetryObserver observer) {
        ensureOpen();
        for (int retries = 0; ; retries++) {
            try {
                return attempt(request, reader);
            } catch (ShelfwiseException failure) {
                Optional<Duration> delay = retryPolicy.delayBeforeRetry(retries, failure);
                if (delay.isEmpty() || !observer.retrying(failure)) {
                    throw failure;
                }
                sleep(delay.get(), failure);
            }
        }
    }

    <T> CompletableFuture<T> executeAsync(Request request, ResponseReader<T> reader) {
        ensureOpen();
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<Call> current = new AtomicReference<>();
        result.whenComplete((value, failure) -> {
            Call call = current.get();
            if (result.isCancelled() && call != null) {
                call.cancel();
            }
        });
        attemptAsync(request, reader, 0, result, current);
        return result;
    }

    /** Cancels the running calls whose request matches, e.g. by tag. */
    void cancel(Predicate<Request> which) {
        for (Call call : http.dispatcher().runningCalls()) {
            if (which.test(call.request())) {
                call.cancel();
            }
        }
    }

    void close() {
        closed = true;
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("ShelfwiseClient is closed");
        }
    }

    private <T> T attempt(Request request, ResponseReader<T> reader) {
        try (Response response = http.newCall(request).execute()) {
            return read(request, response, reader);
        } catch (IOException e) {
            throw networkFailure(request, e);
        }
    }

    private <T> void attemptAsync(Request request, ResponseReader<T> reader, int retries,
                                  CompletableFuture<T> result, AtomicReference<Call> current) {
        if (result.isDone()) {
            return;
        }
        Call call = http.newCall(request);
        current.set(call);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                retryOrFail(networkFailure(request, e));
            }

            @Override
            public void onResponse(Call answered, Response response) {
                try (response) {
                    result.complete(read(request, response, reader));
                } catch (ShelfwiseException failure) {
                    retryOrFail(failure);
                }
            }

            private void retryOrFail(ShelfwiseException failure) {
                Optional<Duration> delay = retryPolicy.delayBeforeRetry(retries, failure);
                if (delay.isEmpty() || closed) {
                    result.completeExceptionally(failure);
                    return;
                }
                CompletableFuture.delayedExecutor(delay.get().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> attemptAsync(request, reader, retries + 1, result, current));
            }
        });
    }

    private static <T> T read(Request request, Response response, ResponseReader<T> reader) {
        if (!response.isSuccessful()) {
            throw Problems.toException(response);
        }
        try {
            return reader.read(response.body());
        } catch (JsonProcessingException e) {
            throw new ApiException(Problems.unreadable(response.code(), e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw networkFailure(request, e);
        }
    }

    private static NetworkException networkFailure(Request request, IOException e) {
        return new NetworkException(request.method() + " " + request.url().encodedPath() + " failed: " + e, e);
    }

    private static void sleep(Duration delay, ShelfwiseException failure) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
