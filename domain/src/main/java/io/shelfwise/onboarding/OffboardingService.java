package io.shelfwise.onboarding;

import io.shelfwise.common.NotFoundException;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.onboarding.port.in.OffboardStore;
import io.shelfwise.onboarding.port.out.DataStaging;
import io.shelfwise.onboarding.port.out.TenantRecords;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.port.in.ChangeTenantState;
import io.shelfwise.tenancy.port.in.FindTenants;
import io.shelfwise.tenancy.port.in.ManageApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Onboarding in reverse: export, keys, serving, infrastructure (with the dedicated nodes), data stores, identity,
 * and last every database row naming the tenant. Each step is idempotent, so a failed offboarding is finished by
 * running it again, and one of a tenant already gone only confirms that nothing of it is left.
 */
public final class OffboardingService implements OffboardStore {
    private static final System.Logger LOG = System.getLogger(OffboardingService.class.getName());
    private static final int ERASE_PASSES = 20;
    private static final Duration ERASE_RETRY_PAUSE = Duration.ofMillis(100);

    private final FindTenants find;
    private final ChangeTenantState change;
    private final ManageApiKeys keys;
    private final TenantInfrastructure infrastructure;
    private final TenantDataStores dataStores;
    private final TenantIdentity identity;
    private final TenantRecords records;
    private final DataStaging staging;
    private final PlatformNaming naming;
    private final Clock clock;

    public OffboardingService(FindTenants find, ChangeTenantState change, ManageApiKeys keys,
                              TenantInfrastructure infrastructure, TenantDataStores dataStores,
                              TenantIdentity identity, TenantRecords records, DataStaging staging,
                              PlatformNaming naming, Clock clock) {
        this.find = find;
        this.change = change;
        this.keys = keys;
        this.infrastructure = infrastructure;
        this.dataStores = dataStores;
        this.identity = identity;
        this.records = records;
        this.staging = staging;
        this.naming = naming;
        this.clock = clock;
    }

    @Override
    public OffboardingReport offboard(TenantId tenant, String exportLocation) {
        Optional<Tenant> known = tenant(tenant);
        if (known.isEmpty() && records.count(tenant).values().stream().allMatch(n -> n == 0)) {
            throw new NotFoundException("tenant", tenant.value());
        }
        List<OffboardingReport.Step> steps = new ArrayList<>();
        if (exportLocation != null && !exportLocation.isBlank()) {
            step(steps, "export", () -> {
                String local = staging.exportDirectory(tenant, exportLocation);
                Map<String, Long> written = records.export(tenant, local);
                staging.publish(tenant, local, exportLocation);
                return written.get("items") + " items and " + written.get("events") + " events written to "
                        + exportLocation + " (catalog.jsonl, events.jsonl)";
            });
        }
        step(steps, "revoke-keys", () -> {
            int revoked = 0;
            if (known.isPresent()) {
                for (ApiKey key : keys.list(tenant)) {
                    if (key.revokedAt() == null) {
                        keys.revoke(tenant, key.id());
                        revoked++;
                    }
                }
            }
            return revoked + " keys revoked";
        });
        step(steps, "stop-serving", () -> {
            if (known.isPresent() && known.get().state() != TenantState.OFFBOARDED) {
                change.change(tenant, TenantState.OFFBOARDED);
            }
            return "offboarded: no request is served for it any more";
        });
        step(steps, "remove-infrastructure", () -> {
            infrastructure.remove(tenant);
            return "namespace, workloads, dedicated node pool and pool routing removed";
        });
        step(steps, "remove-data-stores", () -> {
            dataStores.remove(TenantScope.of(tenant, naming));
            return "tables " + naming.eventTable(tenant) + ", " + naming.recommendationLogTable(tenant)
                    + " and artifacts " + naming.artifactPrefix(tenant) + " removed";
        });
        step(steps, "remove-identity", () -> {
            identity.remove(tenant);
            return "role " + naming.roleName(tenant) + " and its policy removed";
        });
        step(steps, "erase-records", () -> {
            // Work accepted before serving stopped (a metering flush, a queued recommendation-log row, an event
            // batch in flight) can still land while or just after erasing: erase again until nothing is left.
            Map<String, Long> left = Map.of();
            RuntimeException failed = null;
            for (int pass = 1; pass <= ERASE_PASSES; pass++) {
                try {
                    records.erase(tenant);
                } catch (RuntimeException conflict) {
                    // A row being written by one of those late writes: the database refused the delete (lock
                    // timeout, concurrent update). The erase is one transaction, so nothing is half done.
                    LOG.log(System.Logger.Level.WARNING, "event=erase_retried tenant=" + tenant + " pass=" + pass
                            + " error=" + conflict.getMessage());
                    failed = conflict;
                    pause(ERASE_RETRY_PAUSE);
                    continue;
                }
                failed = null;
                left = records.count(tenant);
                if (left.values().stream().allMatch(n -> n == 0)) {
                    return "no row names the tenant in any of " + left.size() + " tables"
                            + (pass == 1 ? "" : " (" + pass + " passes: rows written late were erased too)");
                }
                pause(ERASE_RETRY_PAUSE);
            }
            if (failed != null) {
                throw failed;
            }
            throw new IllegalStateException("rows of " + tenant + " remain after erasing " + ERASE_PASSES
                    + " times: " + left);
        });
        LOG.log(System.Logger.Level.INFO, "event=tenant_erased tenant=" + tenant);
        return new OffboardingReport(tenant, steps);
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while erasing", e);
        }
    }

    private Optional<Tenant> tenant(TenantId tenant) {
        try {
            return Optional.of(find.get(tenant));
        } catch (NotFoundException gone) {
            return Optional.empty();
        }
    }

    private void step(List<OffboardingReport.Step> steps, String name, Supplier<String> work) {
        Instant started = clock.instant();
        String output = work.get();
        steps.add(new OffboardingReport.Step(name, Duration.between(started, clock.instant()), output));
    }
}
