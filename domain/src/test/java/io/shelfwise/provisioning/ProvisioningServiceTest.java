package io.shelfwise.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.common.ConflictException;
import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.tenancy.ApiKeySecrets;
import io.shelfwise.tenancy.TenancyService;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.TierPolicy;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import io.shelfwise.testing.InMemoryApiKeyRepository;
import io.shelfwise.testing.InMemoryTenantRepository;
import io.shelfwise.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningServiceTest {
    private static final PlatformNaming NAMING = new PlatformNaming("sw", "bucket", "eu-west-1", "123456789012",
            "oidc.example/id/1");
    private final List<String> calls = new ArrayList<>();
    private final TenancyService tenancy = new TenancyService(new InMemoryTenantRepository(),
            new InMemoryApiKeyRepository(), TierPolicies.defaults(), new ApiKeySecrets(new SecureRandom()),
            MutableClock.at("2026-03-10T12:00:00Z"), Duration.ZERO);
    private boolean failInfrastructure;
    private final ProvisioningService service = new ProvisioningService(tenancy, tenancy, tenancy,
            new TenantIdentity() {
                @Override
                public String ensure(IsolationPolicy policy) {
                    calls.add("identity " + policy.tenant());
                    return NAMING.roleArn(policy.tenant());
                }

                @Override
                public void remove(TenantId tenant) {
                    calls.add("identity-removed " + tenant);
                }
            },
            new TenantDataStores() {
                @Override
                public void ensure(TenantScope scope) {
                    calls.add("stores " + scope.tenant());
                }

                @Override
                public void remove(TenantScope scope) {
                    calls.add("stores-removed " + scope.tenant());
                }
            },
            new TenantInfrastructure() {
                @Override
                public void apply(TenantPlacement placement) {
                    if (failInfrastructure) {
                        throw new IllegalStateException("cluster unreachable");
                    }
                    calls.add("placement " + placement.tenant() + " " + placement.policy().tier() + " "
                            + placement.policy().deploymentModel() + " " + placement.roleArn());
                }

                @Override
                public void remove(TenantId tenant) {
                    calls.add("placement-removed " + tenant);
                }
            }, NAMING);

    @Test
    void onboarding_provisions_identity_then_stores_then_placement_and_activates() {
        Tenant tenant = service.onboard(RegisterTenantCommand.of("acme", "Acme", "premium"));
        assertEquals(TenantState.ACTIVE, tenant.state());
        assertEquals(List.of("identity acme", "stores acme",
                "placement acme PREMIUM SILOED arn:aws:iam::123456789012:role/sw-tenant-acme"), calls);
    }

    @Test
    void a_failed_onboarding_leaves_the_tenant_onboarding_and_can_be_finished_by_provisioning_again() {
        failInfrastructure = true;
        assertThrows(IllegalStateException.class,
                () -> service.onboard(RegisterTenantCommand.of("acme", "Acme", "standard")));
        assertEquals(TenantState.ONBOARDING, tenancy.get(new TenantId("acme")).state());

        failInfrastructure = false;
        Tenant finished = service.onboard(RegisterTenantCommand.of("acme", "Acme", "standard"));
        assertEquals(TenantState.ACTIVE, finished.state());
        assertTrue(calls.contains("placement acme STANDARD POOLED arn:aws:iam::123456789012:role/sw-tenant-acme"));
        assertThrows(ConflictException.class,
                () -> service.onboard(RegisterTenantCommand.of("acme", "Acme", "standard")),
                "an onboarded tenant's id stays taken");
    }

    @Test
    void activating_a_tenant_whose_onboarding_failed_provisions_it_first() {
        failInfrastructure = true;
        assertThrows(IllegalStateException.class,
                () -> service.onboard(RegisterTenantCommand.of("acme", "Acme", "premium")));
        failInfrastructure = false;
        calls.clear();
        assertEquals(TenantState.ACTIVE, service.activate(new TenantId("acme")).state());
        assertEquals(3, calls.size(), calls.toString());
    }

    @Test
    void a_tier_change_applies_the_new_placement_before_recording_the_new_tier() {
        service.onboard(RegisterTenantCommand.of("acme", "Acme", "standard"));
        calls.clear();
        Tenant moved = service.changeTier(new TenantId("acme"), Tier.ENTERPRISE);
        assertEquals(Tier.ENTERPRISE, moved.tier());
        assertEquals(TierPolicy.DeploymentModel.SILOED, tenancy.policyOf(moved).deploymentModel());
        assertEquals("placement acme ENTERPRISE SILOED arn:aws:iam::123456789012:role/sw-tenant-acme",
                calls.get(calls.size() - 1));
    }

    @Test
    void a_failed_tier_change_keeps_the_old_tier() {
        service.onboard(RegisterTenantCommand.of("acme", "Acme", "standard"));
        failInfrastructure = true;
        assertThrows(IllegalStateException.class, () -> service.changeTier(new TenantId("acme"), Tier.PREMIUM));
        assertEquals(Tier.STANDARD, tenancy.get(new TenantId("acme")).tier());
    }

    @Test
    void the_same_tier_is_no_change() {
        service.onboard(RegisterTenantCommand.of("acme", "Acme", "standard"));
        calls.clear();
        service.changeTier(new TenantId("acme"), Tier.STANDARD);
        assertTrue(calls.isEmpty());
    }

    @Test
    void offboarding_stops_serving_first_then_removes_placement_stores_and_identity() {
        service.onboard(RegisterTenantCommand.of("acme", "Acme", "premium"));
        calls.clear();
        Tenant gone = service.offboard(new TenantId("acme"));
        assertEquals(TenantState.OFFBOARDED, gone.state());
        assertEquals(List.of("placement-removed acme", "stores-removed acme", "identity-removed acme"), calls);
        assertThrows(ConflictException.class, () -> service.changeTier(new TenantId("acme"), Tier.STANDARD));
    }
}
