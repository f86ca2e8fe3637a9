package io.shelfwise.common;

import java.time.Duration;

/** A request over one of the caller's limits; {@link #kind()} says which, so the edge can answer fittingly. */
public final class LimitExceededException extends DomainException {
    /** Which limit was hit. */
    public enum Kind {
        /** Too much in one request (batch size, body size): the request can never succeed as it is. */
        REQUEST_SIZE,
        /** Too many requests right now: retry after {@link #retryAfter()}. */
        RATE,
        /** A quota for the billing period or the tier (events per month, catalog size). */
        QUOTA
    }

    private final Kind kind;
    private final String field;
    private final Duration retryAfter;

    public LimitExceededException(Kind kind, String field, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field the limit applies to, or null when it is about the request as a whole. */
    public String field() {
        return field;
    }

    /** When a retry may succeed, or null when waiting will not help. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
