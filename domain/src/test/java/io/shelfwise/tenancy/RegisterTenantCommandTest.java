package io.shelfwise.tenancy;

import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static io.shelfwise.testing.FieldErrors.fields;
import static io.shelfwise.testing.FieldErrors.fieldsRejectedBy;
import static io.shelfwise.testing.FieldErrors.messageFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegisterTenantCommandTest {

    @Test
    void valid_input_becomes_a_command_with_parsed_values() {
        RegisterTenantCommand command = RegisterTenantCommand.of("acme-outdoor", "Acme Outdoor", "enterprise");
        assertEquals(new TenantId("acme-outdoor"), command.id());
        assertEquals("Acme Outdoor", command.displayName());
        assertEquals(Tier.ENTERPRISE, command.tier());
    }

    @Test
    void every_bad_field_is_reported_at_once() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> RegisterTenantCommand.of("Acme!", " ", "gold"));
        assertEquals(3, e.errors().size());
        assertEquals(Set.of("id", "displayName", "tier"), fields(e));
        assertEquals("must not be blank", messageFor(e, "displayName"));
        assertEquals("unknown tier 'gold'; expected one of standard, premium, enterprise", messageFor(e, "tier"));
        assertEquals("3 fields are invalid", e.getMessage());
    }

    @Test
    void missing_fields_are_each_reported_as_required() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> RegisterTenantCommand.of(null, null, null));
        assertEquals("is required", messageFor(e, "id"));
        assertEquals("is required", messageFor(e, "displayName"));
        assertEquals("is required", messageFor(e, "tier"));
    }

    @Test
    void display_name_may_be_two_hundred_characters_but_not_more() {
        assertEquals(200, RegisterTenantCommand.of("acme", "n".repeat(200), "standard").displayName().length());
        assertEquals(Set.of("displayName"),
                fieldsRejectedBy(() -> RegisterTenantCommand.of("acme", "n".repeat(201), "standard")));
    }

    @Test
    void display_name_with_control_characters_is_rejected() {
        assertEquals(Set.of("displayName"),
                fieldsRejectedBy(() -> RegisterTenantCommand.of("acme", "Acme\u0000Outdoor", "standard")));
    }
}
