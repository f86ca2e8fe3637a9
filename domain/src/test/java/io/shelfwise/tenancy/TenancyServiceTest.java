package io.shelfwise.tenancy;

import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import io.shelfwise.testing.InMemoryApiKeyRepository;
import io.shelfwise.testing.InMemoryTenantRepository;
import io.shelfwise.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Registering tenants and moving them through their lifecycle. */
class TenancyServiceTest {
    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryTenantRepository tenants = new InMemoryTenantRepository();
    private final TenancyService service = new TenancyService(tenants, new InMemoryApiKeyRepository(),
            TierPolicies.defaults(), new ApiKeySecrets(new SecureRandom()), clock, Duration.ofSeconds(30));

    private Tenant register(String id, String tier) {
        Tenant onboarding = service.register(RegisterTenantCommand.of(id, "Store " + id, tier));
        assertEquals(TenantState.ONBOARDING, onboarding.state());
        return service.change(onboarding.id(), TenantState.ACTIVE);
    }

    @Test
    void registered_tenant_waits_in_onboarding_until_activated_and_is_stamped_with_the_clock() {
        Tenant tenant = register("acme", "premium");
        assertEquals(new Tenant(new TenantId("acme"), "Store acme", Tier.PREMIUM, TenantState.ACTIVE,
                Instant.parse("2026-03-10T12:00:00Z")), tenant);
        assertEquals(tenant, service.get(new TenantId("acme")));
    }

    @Test
    void registering_a_taken_id_is_a_conflict_and_keeps_the_first_tenant() {
        register("acme", "premium");
        ConflictException e = assertThrows(ConflictException.class,
                () -> service.register(RegisterTenantCommand.of("acme", "Impostor", "standard")));
        assertEquals("tenant 'acme' already exists", e.getMessage());
        assertEquals("Store acme", service.get(new TenantId("acme")).displayName());
        assertEquals(Tier.PREMIUM, service.get(new TenantId("acme")).tier());
    }

    @Test
    void unknown_tenant_is_not_found() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> service.get(new TenantId("nobody")));
        assertEquals("tenant", e.resource());
        assertEquals("nobody", e.id());
    }

    @Test
    void tenants_are_listed_with_their_policy_by_tier() {
        register("beta", "standard");
        register("alpha", "enterprise");
        assertEquals(List.of("alpha", "beta"), service.list().stream().map(t -> t.id().value()).toList());
        TierPolicy policy = service.policyOf(service.get(new TenantId("alpha")));
        assertEquals(Tier.ENTERPRISE, policy.tier());
        assertEquals(5_000, policy.requestsPerSecond());
    }

    @Test
    void active_tenant_can_be_suspended_and_reactivated() {
        register("acme", "standard");
        assertEquals(TenantState.SUSPENDED, service.change(new TenantId("acme"), TenantState.SUSPENDED).state());
        assertEquals(TenantState.SUSPENDED, service.get(new TenantId("acme")).state());
        assertEquals(TenantState.ACTIVE, service.change(new TenantId("acme"), TenantState.ACTIVE).state());
        assertEquals(TenantState.ACTIVE, service.get(new TenantId("acme")).state());
    }

    @Test
    void offboarded_tenant_cannot_come_back() {
        register("acme", "standard");
        service.change(new TenantId("acme"), TenantState.SUSPENDED);
        service.change(new TenantId("acme"), TenantState.OFFBOARDED);
        ConflictException e = assertThrows(ConflictException.class,
                () -> service.change(new TenantId("acme"), TenantState.ACTIVE));
        assertEquals("tenant 'acme' cannot go from offboarded to active", e.getMessage());
        assertEquals(TenantState.OFFBOARDED, service.get(new TenantId("acme")).state());
    }

    @Test
    void active_tenant_cannot_go_back_to_onboarding() {
        register("acme", "standard");
        assertThrows(ConflictException.class, () -> service.change(new TenantId("acme"), TenantState.ONBOARDING));
        assertEquals(TenantState.ACTIVE, service.get(new TenantId("acme")).state());
    }

    @Test
    void changing_the_state_of_an_unknown_tenant_is_not_found() {
        assertThrows(NotFoundException.class, () -> service.change(new TenantId("nobody"), TenantState.SUSPENDED));
    }

    @Test
    void rename_keeps_everything_but_the_name_and_validates_it() {
        Tenant before = register("acme", "premium");
        Tenant renamed = service.rename(new TenantId("acme"), "Acme Outdoor");
        assertEquals("Acme Outdoor", service.get(new TenantId("acme")).displayName());
        assertEquals(before.createdAt(), renamed.createdAt());
        assertEquals(before.tier(), renamed.tier());
        ValidationException e = assertThrows(ValidationException.class,
                () -> service.rename(new TenantId("acme"), ""));
        assertEquals("displayName: must not be blank", e.getMessage());
        assertEquals("Acme Outdoor", service.get(new TenantId("acme")).displayName());
    }

    @Test
    void a_guessed_key_id_is_looked_up_once_a_minute_not_on_every_try() {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        InMemoryApiKeyRepository stored = new InMemoryApiKeyRepository();
        io.shelfwise.tenancy.port.out.ApiKeyRepository counting = new io.shelfwise.tenancy.port.out.ApiKeyRepository() {
            @Override
            public void insert(ApiKey key) {
                stored.insert(key);
            }

            @Override
            public void update(ApiKey key) {
                stored.update(key);
            }

            @Override
            public java.util.Optional<ApiKey> find(ApiKeyId id) {
                lookups.incrementAndGet();
                return stored.find(id);
            }

            @Override
            public java.util.List<ApiKey> listFor(TenantId tenant) {
                return stored.listFor(tenant);
            }
        };
        TenancyService guarded = new TenancyService(tenants, counting, TierPolicies.defaults(),
                new ApiKeySecrets(new SecureRandom()), clock, Duration.ZERO);
        String guess = "sw_key_aaaaaaaaaaaaaaaa_" + "B".repeat(40);
        for (int i = 0; i < 50; i++) {
            assertThrows(io.shelfwise.common.AuthenticationException.class, () -> guarded.authenticate(guess));
        }
        assertEquals(1, lookups.get());
        clock.advance(Duration.ofMinutes(2));
        assertThrows(io.shelfwise.common.AuthenticationException.class, () -> guarded.authenticate(guess));
        assertEquals(2, lookups.get());
    }
}
