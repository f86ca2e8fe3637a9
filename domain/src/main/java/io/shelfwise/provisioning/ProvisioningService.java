package io.shelfwise.provisioning;

import io.shelfwise.common.ConflictException;
import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.provisioning.port.in.ChangeTier;
import io.shelfwise.provisioning.port.in.OffboardTenant;
import io.shelfwise.provisioning.port.in.OnboardTenant;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.port.in.ChangeTenantState;
import io.shelfwise.tenancy.port.in.FindTenants;
import io.shelfwise.tenancy.port.in.RegisterTenant;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;

/**
 * Gives a tenant what its tier needs, in one order everywhere: identity (role + isolation policy), data stores,
 * then infrastructure. Every step is idempotent, so a failed onboarding is finished by running it again.
 */
public final class ProvisioningService implements OnboardTenant, ChangeTier, OffboardTenant {
    private static final System.Logger LOG = System.getLogger(ProvisioningService.class.getName());

    private final RegisterTenant register;
    private final FindTenants find;
    private final ChangeTenantState change;
    private final TenantIdentity identity;
    private final TenantDataStores dataStores;
    private final TenantInfrastructure infrastructure;
    private final PlatformNaming naming;

    public ProvisioningService(RegisterTenant register, FindTenants find, ChangeTenantState change,
                               TenantIdentity identity, TenantDataStores dataStores,
                               TenantInfrastructure infrastructure, PlatformNaming naming) {
        this.register = register;
        this.find = find;
        this.change = change;
        this.identity = identity;
        this.dataStores = dataStores;
        this.infrastructure = infrastructure;
        this.naming = naming;
    }

    @Override
    public Tenant onboard(RegisterTenantCommand command) {
        Tenant tenant;
        try {
            tenant = register.register(command);
        } catch (ConflictException taken) {
            // Sending the same onboarding again finishes one that failed half-way; anything else is a conflict.
            Tenant existing = find.get(command.id());
            if (existing.state() != TenantState.ONBOARDING || existing.tier() != command.tier()) {
                throw taken;
            }
            tenant = existing;
        }
        return finishOnboarding(tenant);
    }

    @Override
    public Tenant activate(TenantId id) {
        Tenant tenant = find.get(id);
        return tenant.state() == TenantState.ONBOARDING ? finishOnboarding(tenant)
                : change.change(id, TenantState.ACTIVE);
    }

    private Tenant finishOnboarding(Tenant tenant) {
        provision(tenant, tenant.tier());
        return change.change(tenant.id(), TenantState.ACTIVE);
    }

    /** Brings a tenant's identity, data stores and infrastructure to what {@code tier} needs. */
    public void provision(Tenant tenant, Tier tier) {
        TenantId id = tenant.id();
        String roleArn = identity.ensure(IsolationPolicy.derive(id, naming));
        dataStores.ensure(TenantScope.of(id, naming));
        TenantPlacement placement = TenantPlacement.of(id, find.policyOf(tier), naming, roleArn);
        infrastructure.apply(placement);
        LOG.log(System.Logger.Level.INFO, "event=tenant_provisioned tenant=" + id + " tier=" + tier.wireName()
                + " deployment=" + placement.policy().deploymentModel().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Tenant changeTier(TenantId id, Tier tier) {
        Tenant tenant = find.get(id);
        if (tenant.state() == TenantState.OFFBOARDED) {
            throw new ConflictException("tenant '" + id + "' is offboarded");
        }
        if (tenant.tier() == tier) {
            return tenant;
        }
        provision(tenant, tier);
        Tenant moved = change.moveToTier(id, tier);
        LOG.log(System.Logger.Level.INFO, "event=tenant_tier_changed tenant=" + id + " from="
                + tenant.tier().wireName() + " to=" + tier.wireName());
        return moved;
    }

    @Override
    public Tenant offboard(TenantId id) {
        // Stop serving first, so nothing writes while the stores are deleted.
        Tenant offboarded = change.change(id, TenantState.OFFBOARDED);
        infrastructure.remove(id);
        dataStores.remove(TenantScope.of(id, naming));
        identity.remove(id);
        LOG.log(System.Logger.Level.INFO, "event=tenant_offboarded tenant=" + id);
        return offboarded;
    }
}
