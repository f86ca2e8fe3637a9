package io.shelfwise.recommendation.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.catalog.ItemId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PositionsTest {
    @Test
    void finds_every_id_at_its_position_and_nothing_else_like_the_hash_map_it_replaces() {
        Random random = new Random(7);
        ItemId[] ids = new ItemId[5_000];
        Map<ItemId, Integer> expected = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new ItemId("sku-" + random.nextInt(1_000_000));
            expected.putIfAbsent(ids[i], i);
        }
        Positions<ItemId> positions = Positions.of(ids);
        for (ItemId id : ids) {
            assertEquals(expected.get(id), positions.indexOf(new ItemId(id.value())),
                    "an equal id, not the same object");
        }
        for (int i = 0; i < 1_000; i++) {
            ItemId other = new ItemId("other-" + i);
            assertEquals(-1, positions.indexOf(other));
        }
        assertEquals(-1, positions.indexOf(null));
        assertEquals(ids.length, positions.size());
    }

    @Test
    void an_id_listed_twice_is_found_at_its_first_position_and_colliding_hashes_are_told_apart() {
        // "Aa" and "BB" have the same String hash code.
        Positions<String> positions = Positions.of(new String[] {"Aa", "x", "BB", "Aa"});
        assertEquals(0, positions.indexOf("Aa"));
        assertEquals(2, positions.indexOf("BB"));
        assertEquals(1, positions.indexOf("x"));
        assertEquals(-1, positions.indexOf("C#"));
        assertEquals(-1, Positions.of(new String[0]).indexOf("x"), "an empty table finds nothing");
        assertThrows(NullPointerException.class, () -> Positions.of(new String[] {"a", null}));
    }
}
