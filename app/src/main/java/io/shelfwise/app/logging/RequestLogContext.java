package io.shelfwise.app.logging;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The request a log record was written for: its id (the caller's {@code X-Request-Id} when it is a plain token,
 * otherwise a new one) and, once authenticated, its tenant. Held per thread: Helidon serves each request on its
 * own virtual thread, and the web filters set and clear it around the request.
 */
public final class RequestLogContext {
    private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ThreadLocal<String[]> CURRENT = new ThreadLocal<>();

    private RequestLogContext() {
    }

    /** Starts a request's context; returns the id it is known by (the caller's, if acceptable). */
    public static String start(String callerRequestId) {
        String id = callerRequestId != null && ACCEPTED_ID.matcher(callerRequestId).matches() ? callerRequestId
                : HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        CURRENT.set(new String[]{id, null});
        return id;
    }

    /** The authenticated tenant of the current request. */
    public static void tenant(String tenant) {
        String[] current = CURRENT.get();
        if (current != null) {
            current[1] = tenant;
        }
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** The current request's id, or null outside a request. */
    public static String requestId() {
        String[] current = CURRENT.get();
        return current == null ? null : current[0];
    }

    /** The current request's tenant, or null outside a request or before authentication. */
    public static String tenant() {
        String[] current = CURRENT.get();
        return current == null ? null : current[1];
    }
}
