package io.shelfwise.metering;

import io.shelfwise.metering.port.in.RecordUsage;
import io.shelfwise.metering.port.in.ReportUsage;
import io.shelfwise.metering.port.out.UsageStore;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TierPolicy;
import io.shelfwise.tenancy.port.in.FindTenants;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Meters usage per tenant and billing period (calendar month, UTC). Request counts are added up in memory and
 * written by {@link #flush()}, which the app runs every few seconds and on shutdown, so metering adds no write
 * to a request; a crash loses at most the counts since the last flush.
 */
public final class MeteringService implements RecordUsage, ReportUsage {
    private final UsageStore store;
    private final FindTenants tenants;
    private final Clock clock;
    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();

    public MeteringService(UsageStore store, FindTenants tenants, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public void record(TenantId tenant, UsageMetric metric, long amount) {
        YearMonth period = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        pending.computeIfAbsent(new Key(tenant, period, metric), k -> new LongAdder()).add(amount);
    }

    /** Writes the counts recorded so far. */
    public synchronized void flush() {
        Map<TenantId, Map<YearMonth, Map<UsageMetric, Long>>> batch = new java.util.HashMap<>();
        for (Key key : List.copyOf(pending.keySet())) {
            LongAdder adder = pending.get(key);
            long amount = adder == null ? 0 : adder.sumThenReset();
            if (amount != 0) {
                batch.computeIfAbsent(key.tenant, t -> new java.util.HashMap<>())
                        .computeIfAbsent(key.period, p -> new EnumMap<>(UsageMetric.class))
                        .merge(key.metric, amount, Long::sum);
            }
        }
        RuntimeException failure = null;
        for (var tenant : batch.entrySet()) {
            if (!exists(tenant.getKey())) {
                // Counted just before the store was offboarded and erased: writing them would leave a row naming
                // a tenant that is gone.
                continue;
            }
            for (var period : tenant.getValue().entrySet()) {
                try {
                    store.add(tenant.getKey(), period.getKey(), period.getValue());
                } catch (RuntimeException e) {
                    // Put the counts back, so the next flush writes them: usage is billed, never dropped.
                    period.getValue().forEach((metric, amount) -> pending
                            .computeIfAbsent(new Key(tenant.getKey(), period.getKey(), metric), k -> new LongAdder())
                            .add(amount));
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private boolean exists(TenantId tenant) {
        try {
            tenants.get(tenant);
            return true;
        } catch (io.shelfwise.common.NotFoundException gone) {
            return false;
        }
    }

    @Override
    public UsageReport report(TenantId tenantId, YearMonth period) {
        return report(tenants.get(tenantId), period);
    }

    /** Tenants that existed in the period (registered before its end), offboarded ones included. */
    @Override
    public List<UsageReport> fleet(YearMonth period) {
        java.time.Instant end = period.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return tenants.list().stream().filter(t -> t.createdAt().isBefore(end)).map(t -> report(t, period)).toList();
    }

    @Override
    public Map<TenantId, Map<UsageMetric, Long>> counters(YearMonth period) {
        flush();
        return store.counters(period);
    }

    private UsageReport report(Tenant tenant, YearMonth period) {
        flush();
        TierPolicy policy = tenants.policyOf(tenant);
        Map<UsageMetric, Long> usage = new EnumMap<>(UsageMetric.class);
        for (UsageMetric metric : UsageMetric.values()) {
            usage.put(metric, 0L);
        }
        usage.putAll(store.usage(tenant.id(), period));
        return new UsageReport(tenant.id(), tenant.tier(), period, usage, policy.eventsPerMonth(),
                policy.monthlyPriceUsd());
    }

    private record Key(TenantId tenant, YearMonth period, UsageMetric metric) {
    }
}
