package io.shelfwise.sdk;

/** Why tracked events were given up. */
public enum DropReason {
    /** The in-memory buffer held {@code maxBufferedEvents} already; the new event was not taken. */
    BUFFER_FULL,
    /** The server refused the events for good (401, 403, 413 for a single event, 422); see the cause. */
    REJECTED,
    /** 429, 5xx or network failures outlasted {@code maxRetries}, or the server asked to wait beyond {@code maxRetryDelay}. */
    RETRIES_EXHAUSTED,
    /** The client was closed, or its close timeout ran out, before the events could be sent. */
    CLIENT_CLOSED
}
