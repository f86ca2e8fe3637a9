package io.shelfwise.tenancy;

import io.shelfwise.common.ValidationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TierAndStateParsingTest {

    @Test
    void every_tier_parses_from_its_wire_name() {
        assertEquals(Tier.STANDARD, Tier.fromWire("tier", "standard"));
        assertEquals(Tier.PREMIUM, Tier.fromWire("tier", "premium"));
        assertEquals(Tier.ENTERPRISE, Tier.fromWire("tier", "enterprise"));
    }

    @Test
    void unknown_tier_is_rejected_naming_the_field_and_the_allowed_values() {
        ValidationException e = assertThrows(ValidationException.class, () -> Tier.fromWire("plan", "gold"));
        assertEquals(1, e.errors().size());
        assertEquals("plan", e.errors().get(0).field());
        assertEquals("unknown tier 'gold'; expected one of standard, premium, enterprise",
                e.errors().get(0).message());
    }

    @Test
    void tier_wire_names_are_case_sensitive() {
        ValidationException e = assertThrows(ValidationException.class, () -> Tier.fromWire("tier", "PREMIUM"));
        assertEquals("tier: unknown tier 'PREMIUM'; expected one of standard, premium, enterprise", e.getMessage());
    }

    @Test
    void missing_tier_is_reported_as_required() {
        ValidationException e = assertThrows(ValidationException.class, () -> Tier.fromWire("tier", null));
        assertEquals("tier: is required", e.getMessage());
    }

    @Test
    void every_state_parses_from_its_wire_name() {
        assertEquals(TenantState.ONBOARDING, TenantState.fromWire("state", "onboarding"));
        assertEquals(TenantState.ACTIVE, TenantState.fromWire("state", "active"));
        assertEquals(TenantState.SUSPENDED, TenantState.fromWire("state", "suspended"));
        assertEquals(TenantState.OFFBOARDED, TenantState.fromWire("state", "offboarded"));
    }

    @Test
    void unknown_state_is_rejected_naming_the_field_and_the_allowed_values() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> TenantState.fromWire("state", "deleted"));
        assertEquals("state: unknown state 'deleted'; expected one of onboarding, active, suspended, offboarded",
                e.getMessage());
    }

    @Test
    void missing_state_is_reported_as_required() {
        ValidationException e = assertThrows(ValidationException.class, () -> TenantState.fromWire("state", null));
        assertEquals("state: is required", e.getMessage());
    }
}
