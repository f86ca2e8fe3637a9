package io.shelfwise.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineFlagsTest {
    private static final Set<String> KNOWN = Set.of("events", "decay", "cart");

    @Test
    void reads_typed_values_with_fallbacks() {
        CommandLineFlags flags = CommandLineFlags.parse(KNOWN, "--events", "1_000_000", "--decay", "0.5");
        assertEquals(1_000_000, flags.number("events", 7, 1, Long.MAX_VALUE));
        assertEquals(0.5, flags.decimal("decay", 1));
        assertEquals("fold-in", flags.text("cart", "fold-in"));
        assertTrue(flags.has("decay"));
    }

    @Test
    void each_mistake_names_the_flag() {
        assertEquals("unknown flag --evnts", assertThrows(IllegalArgumentException.class,
                () -> CommandLineFlags.parse(KNOWN, "--evnts", "5")).getMessage());
        assertEquals("expected --flag value pairs, got '--events'", assertThrows(IllegalArgumentException.class,
                () -> CommandLineFlags.parse(KNOWN, "--events")).getMessage());
        CommandLineFlags flags = CommandLineFlags.parse(KNOWN, "--events", "many", "--decay", "x");
        assertEquals("--events must be a whole number, got 'many'", assertThrows(IllegalArgumentException.class,
                () -> flags.number("events", 1)).getMessage());
        assertEquals("--decay must be a number, got 'x'", assertThrows(IllegalArgumentException.class,
                () -> flags.decimal("decay", 1)).getMessage());
        assertEquals("--events must be between 1 and 10", assertThrows(IllegalArgumentException.class,
                () -> CommandLineFlags.parse(KNOWN, "--events", "11").number("events", 1, 1, 10)).getMessage());
    }
}
