package io.shelfwise.common;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * UUIDs whose first 48 bits are the time in milliseconds (the layout of RFC 9562's version 7), the other 74 random.
 * Rows keyed by them are inserted at the end of their index, not all over it: a batch of recommendation-log rows
 * then touches a few index pages instead of one page per row.
 */
public final class TimeOrderedIds implements Supplier<UUID> {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TimeOrderedIds(Clock clock) {
        this.clock = clock;
    }

    @Override
    public UUID get() {
        long millis = clock.millis();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
