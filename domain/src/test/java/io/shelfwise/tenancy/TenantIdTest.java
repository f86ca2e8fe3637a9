package io.shelfwise.tenancy;

import io.shelfwise.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TenantIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "shop-1", "acme-outdoor-gear", "a1b", "x9-9", "a-b-c"})
    void lower_case_slug_starting_with_a_letter_is_a_valid_tenant_id(String slug) {
        assertEquals(slug, new TenantId(slug).value());
        assertEquals(slug, new TenantId(slug).toString());
    }

    @Test
    void tenant_id_may_be_three_to_forty_characters_long() {
        String forty = "a" + "b".repeat(39);
        assertEquals(40, new TenantId(forty).value().length());
        assertEquals(3, new TenantId("abc").value().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "1shop", "-shop", "shop-", "Shop", "sh_op", "sh op", "shöp", "shop.eu",
            "shop\n"})
    void slug_breaking_a_rule_is_rejected_on_the_id_field(String slug) {
        ValidationException e = assertThrows(ValidationException.class, () -> new TenantId(slug));
        assertEquals(1, e.errors().size());
        assertEquals("id", e.errors().get(0).field());
        assertEquals("must be 3..40 characters of a-z, 0-9 and '-', start with a letter and not end with '-'",
                e.errors().get(0).message());
    }

    @Test
    void tenant_id_of_forty_one_characters_is_rejected() {
        String fortyOne = "a" + "b".repeat(40);
        ValidationException e = assertThrows(ValidationException.class, () -> new TenantId(fortyOne));
        assertEquals("id", e.errors().get(0).field());
    }

    @Test
    void missing_tenant_id_is_reported_as_required() {
        ValidationException e = assertThrows(ValidationException.class, () -> new TenantId(null));
        assertEquals("id: is required", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void ids_that_would_collide_with_the_platforms_own_names_are_reserved() {
        for (String reserved : java.util.List.of("pool", "admin", "kube-system", "shelfwise")) {
            io.shelfwise.common.ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.shelfwise.common.ValidationException.class, () -> new TenantId(reserved));
            org.junit.jupiter.api.Assertions.assertEquals("id", e.errors().get(0).field());
        }
        org.junit.jupiter.api.Assertions.assertEquals("pools", new TenantId("pools").value());
    }
}
