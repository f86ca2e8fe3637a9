package io.shelfwise.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;

/**
 * The web server's own error answers (a body over the hard size limit, a request line or header block too long, too
 * many requests in flight, a malformed request) as RFC 9457 problem documents, like every answer of the API. The
 * server's message is never echoed: it may quote what the client sent.
 */
public final class ServerProblems {
    /** Seconds a client should wait after a 503 for saturation; the server drains in well under that. */
    static final int OVERLOADED_RETRY_SECONDS = 1;
    private static final ObjectMapper JSON = JsonMapper.create();

    private ServerProblems() {
    }

    /** One handler for every kind of event: the status decides the answer. */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = (request, type, status, headers, message) -> {
            Status answered = status.code() == 400 && "Header size exceeded".equals(message)
                    ? Status.create(431, "Request Header Fields Too Large") : status;
            DirectHandler.TransportResponse.Builder response = DirectHandler.TransportResponse.builder()
                    .status(answered)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
            if (answered.code() == 503) {
                response.header(HeaderNames.RETRY_AFTER, Integer.toString(OVERLOADED_RETRY_SECONDS));
            }
            return response.entity(json(problemFor(answered))).build();
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    static Problem problemFor(Status status) {
        return switch (status.code()) {
            case 413 -> Problem.of("payload-too-large", "Payload too large", 413,
                    "the body is larger than the server accepts at all; send at most 1 MiB per request");
            case 414 -> Problem.of("uri-too-long", "URI too long", 414,
                    "the request line is too long; send fewer or shorter query parameters (a cart holds at most 100"
                            + " items)");
            case 431 -> Problem.of("headers-too-large", "Request header fields too large", 431,
                    "the request headers are too large; send fewer or shorter headers");
            case 503 -> Problem.of("overloaded", "Service unavailable", 503,
                    "the server is at its limit of requests in flight; retry after " + OVERLOADED_RETRY_SECONDS
                            + " s");
            case 505 -> Problem.of("http-version-not-supported", "HTTP version not supported", 505,
                    "use HTTP/1.1 or HTTP/2");
            case 404 -> Problem.of("not-found", "Not found", 404, "no such resource");
            default -> status.code() >= 500
                    ? Problem.of("internal", "Internal error", status.code(), "the request failed on our side")
                    : Problem.of("bad-request", "Bad request", status.code(),
                            "the request is not valid HTTP/1.1 (request line, headers or body framing)");
        };
    }

    static byte[] json(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            // A record of strings and an int always serialises; keep an answer even if that ever changes.
            return ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
