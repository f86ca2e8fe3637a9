package io.shelfwise.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.testing.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void ids_are_version_7_unique_carry_their_millisecond_and_sort_by_it() {
        MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
        TimeOrderedIds ids = new TimeOrderedIds(clock);
        Set<UUID> seen = new HashSet<>();
        String previous = "";
        for (int i = 0; i < 1_000; i++) {
            UUID id = ids.get();
            assertEquals(7, id.version());
            assertEquals(2, id.variant());
            assertEquals(clock.millis(), id.getMostSignificantBits() >>> 16);
            assertTrue(seen.add(id));
            String prefix = id.toString().substring(0, 13);
            assertTrue(prefix.compareTo(previous) > 0, "the time prefix only grows: " + prefix + " after " + previous);
            previous = prefix;
            clock.advance(Duration.ofMillis(3));
        }
    }
}
