package io.shelfwise.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantLabelsTest {
    @Test
    void tenants_past_the_limit_are_counted_as_other() {
        TenantLabels labels = new TenantLabels(2);
        assertEquals("a", labels.label("a"));
        assertEquals("b", labels.label("b"));
        assertEquals(TenantLabels.OTHER, labels.label("c"));
        assertEquals("a", labels.label("a"), "a named tenant stays named");
    }

    @Test
    void a_rerank_names_the_busiest_and_says_who_lost_the_label() {
        TenantLabels labels = new TenantLabels(2);
        labels.label("a");
        labels.label("b");
        assertEquals(Set.of("a"), labels.rerank(Map.of("c", 500L, "b", 20L, "a", 10L)));
        assertEquals("c", labels.label("c"));
        assertEquals("b", labels.label("b"));
        assertEquals(TenantLabels.OTHER, labels.label("a"));
    }

    @Test
    void quiet_named_tenants_keep_their_places_while_places_remain() {
        TenantLabels labels = new TenantLabels(3);
        labels.label("quiet");
        assertEquals(Set.of(), labels.rerank(Map.of("busy", 7L)));
        assertEquals("quiet", labels.label("quiet"));
        assertEquals("busy", labels.label("busy"));
        assertEquals("new", labels.label("new"));
        assertEquals(TenantLabels.OTHER, labels.label("newer"));
    }

    @Test
    void a_limit_of_zero_names_nobody() {
        assertEquals(TenantLabels.OTHER, new TenantLabels(0).label("a"));
    }
}
