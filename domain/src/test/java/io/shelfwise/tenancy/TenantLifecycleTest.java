package io.shelfwise.tenancy;

import io.shelfwise.common.ConflictException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantLifecycleTest {
    private static final Instant CREATED = Instant.parse("2026-01-15T09:00:00Z");

    private static Tenant tenantIn(TenantState state) {
        return new Tenant(new TenantId("acme"), "Acme", Tier.PREMIUM, state, CREATED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "ONBOARDING, ACTIVE",
            "ONBOARDING, OFFBOARDED",
            "ACTIVE, SUSPENDED",
            "ACTIVE, OFFBOARDED",
            "SUSPENDED, ACTIVE",
            "SUSPENDED, OFFBOARDED"})
    void lifecycle_allows_transition(TenantState from, TenantState to) {
        Tenant moved = tenantIn(from).transitionTo(to);
        assertEquals(to, moved.state());
        assertEquals(new TenantId("acme"), moved.id());
        assertEquals("Acme", moved.displayName());
        assertEquals(Tier.PREMIUM, moved.tier());
        assertEquals(CREATED, moved.createdAt());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "ONBOARDING, SUSPENDED",
            "ACTIVE, ONBOARDING",
            "SUSPENDED, ONBOARDING",
            "OFFBOARDED, ACTIVE",
            "OFFBOARDED, SUSPENDED",
            "OFFBOARDED, ONBOARDING"})
    void lifecycle_forbids_transition_with_a_conflict(TenantState from, TenantState to) {
        ConflictException e = assertThrows(ConflictException.class, () -> tenantIn(from).transitionTo(to));
        assertEquals("tenant 'acme' cannot go from " + from.wireName() + " to " + to.wireName(), e.getMessage());
    }

    @Test
    void moving_to_the_current_state_changes_nothing() {
        Tenant offboarded = tenantIn(TenantState.OFFBOARDED);
        assertSame(offboarded, offboarded.transitionTo(TenantState.OFFBOARDED));
    }

    @Test
    void offboarded_is_final() {
        for (TenantState next : TenantState.values()) {
            assertFalse(TenantState.OFFBOARDED.canBecome(next), "offboarded -> " + next);
        }
    }

    @Test
    void only_an_active_tenant_is_served() {
        assertTrue(tenantIn(TenantState.ACTIVE).isServed());
        assertFalse(tenantIn(TenantState.ONBOARDING).isServed());
        assertFalse(tenantIn(TenantState.SUSPENDED).isServed());
        assertFalse(tenantIn(TenantState.OFFBOARDED).isServed());
    }
}
