package io.shelfwise.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.recommendation.ServedLists;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClickThroughGateTest {
    private final ClickThroughGate gate = new ClickThroughGate(200, 0.10);

    @Test
    void a_large_significant_fall_loses() {
        Optional<String> problem = gate.problem(new ServedLists(1_000, 100), new ServedLists(1_000, 60));
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("10.0 % of 1,000 lists to 6.0 % of 1,000 lists (-40.0 %"), problem.get());
    }

    @Test
    void a_fall_within_noise_passes_even_when_it_is_large() {
        // -40 % on 10 against 6 clicked lists of 200: not significant.
        assertEquals(Optional.empty(), gate.problem(new ServedLists(200, 10), new ServedLists(200, 6)));
    }

    @Test
    void a_significant_fall_smaller_than_the_allowed_drop_passes() {
        // -5 % on a million lists is significant, but within the 10 % allowed.
        assertEquals(Optional.empty(), gate.problem(new ServedLists(1_000_000, 100_000),
                new ServedLists(1_000_000, 95_000)));
    }

    @Test
    void a_rise_and_too_few_lists_pass() {
        assertEquals(Optional.empty(), gate.problem(new ServedLists(1_000, 100), new ServedLists(1_000, 150)));
        assertEquals(Optional.empty(), gate.problem(new ServedLists(199, 100), new ServedLists(5_000, 0)));
        assertEquals(Optional.empty(), gate.problem(new ServedLists(5_000, 0), new ServedLists(5_000, 0)));
    }

    @Test
    void settings_and_counts_are_checked() {
        assertThrows(IllegalArgumentException.class, () -> new ClickThroughGate(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ClickThroughGate(10, 1));
        assertThrows(IllegalArgumentException.class, () -> new ServedLists(10, 11));
    }
}
