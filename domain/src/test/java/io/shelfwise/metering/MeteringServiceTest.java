package io.shelfwise.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.metering.port.out.UsageStore;
import io.shelfwise.tenancy.ApiKeySecrets;
import io.shelfwise.tenancy.TenancyService;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import io.shelfwise.testing.InMemoryApiKeyRepository;
import io.shelfwise.testing.InMemoryTenantRepository;
import io.shelfwise.testing.MutableClock;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeteringServiceTest {
    private final MutableClock clock = MutableClock.at("2026-03-31T23:59:00Z");
    private final TenancyService tenancy = new TenancyService(new InMemoryTenantRepository(),
            new InMemoryApiKeyRepository(), TierPolicies.defaults(), new ApiKeySecrets(new SecureRandom()), clock,
            Duration.ZERO);
    private final Map<String, Long> stored = new HashMap<>();
    private final List<Integer> writes = new ArrayList<>();
    private int failuresToCome;
    private final UsageStore store = new UsageStore() {
        @Override
        public void add(TenantId tenant, YearMonth period, Map<UsageMetric, Long> amounts) {
            if (failuresToCome > 0) {
                failuresToCome--;
                throw new IllegalStateException("database unavailable");
            }
            writes.add(amounts.size());
            amounts.forEach((m, v) -> stored.merge(tenant + "/" + period + "/" + m, v, Long::sum));
        }

        @Override
        public Map<UsageMetric, Long> usage(TenantId tenant, YearMonth period) {
            Map<UsageMetric, Long> usage = new EnumMap<>(UsageMetric.class);
            for (UsageMetric m : UsageMetric.values()) {
                Long v = stored.get(tenant + "/" + period + "/" + m);
                if (v != null) {
                    usage.put(m, v);
                }
            }
            return usage;
        }

        @Override
        public Map<TenantId, Map<UsageMetric, Long>> counters(YearMonth period) {
            Map<TenantId, Map<UsageMetric, Long>> all = new HashMap<>();
            stored.forEach((key, v) -> {
                String[] parts = key.split("/");
                if (parts[1].equals(period.toString())) {
                    all.computeIfAbsent(new TenantId(parts[0]), t -> new EnumMap<>(UsageMetric.class))
                            .put(UsageMetric.valueOf(parts[2]), v);
                }
            });
            return all;
        }
    };
    private final MeteringService metering = new MeteringService(store, tenancy, clock);
    private final TenantId acme = new TenantId("acme");

    @Test
    void counts_of_a_tenant_erased_before_the_flush_are_not_written() {
        tenancy.register(RegisterTenantCommand.of("acme", "Acme", "premium"));
        metering.record(acme, UsageMetric.RECOMMENDATION_REQUESTS, 3);
        metering.record(new TenantId("gone-shop"), UsageMetric.RECOMMENDATION_REQUESTS, 5);
        metering.flush();
        assertEquals(List.of(1), writes, "only the tenant that still exists is written");
        assertEquals(Map.of(acme, Map.of(UsageMetric.RECOMMENDATION_REQUESTS, 3L)), store.counters(
                YearMonth.of(2026, 3)));
        metering.flush();
        assertEquals(List.of(1), writes, "the dropped counts do not come back");
    }

    @Test
    void counts_are_buffered_and_written_once_per_flush() {
        tenancy.register(RegisterTenantCommand.of("acme", "Acme", "premium"));
        for (int i = 0; i < 100; i++) {
            metering.record(acme, UsageMetric.RECOMMENDATION_REQUESTS, 1);
        }
        assertEquals(0, writes.size());
        metering.flush();
        assertEquals(List.of(1), writes);
        metering.flush();
        assertEquals(List.of(1), writes, "nothing new, nothing written");
        assertEquals(100L, stored.get("acme/2026-03/RECOMMENDATION_REQUESTS"));
    }

    @Test
    void counts_a_failed_write_could_not_store_are_written_by_the_next_flush() {
        tenancy.register(RegisterTenantCommand.of("acme", "Acme", "premium"));
        metering.record(acme, UsageMetric.MODELS_TRAINED, 1);
        metering.record(acme, UsageMetric.RECOMMENDATION_REQUESTS, 7);
        failuresToCome = 1;
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, metering::flush);
        metering.record(acme, UsageMetric.RECOMMENDATION_REQUESTS, 3);
        metering.flush();
        assertEquals(1L, stored.get("acme/2026-03/MODELS_TRAINED"));
        assertEquals(10L, stored.get("acme/2026-03/RECOMMENDATION_REQUESTS"));
    }

    @Test
    void usage_falls_into_the_month_it_happened_in_utc() {
        tenancy.register(RegisterTenantCommand.of("acme", "Acme", "standard"));
        metering.record(acme, UsageMetric.RECOMMENDATION_REQUESTS, 2);
        clock.advance(Duration.ofMinutes(2));
        metering.record(acme, UsageMetric.RECOMMENDATION_REQUESTS, 5);
        assertEquals(2, metering.report(acme, YearMonth.of(2026, 3)).get(UsageMetric.RECOMMENDATION_REQUESTS));
        assertEquals(5, metering.report(acme, YearMonth.of(2026, 4)).get(UsageMetric.RECOMMENDATION_REQUESTS));
    }

    @Test
    void a_report_carries_the_tiers_quota_and_price_and_zero_for_unused_metrics() {
        tenancy.register(RegisterTenantCommand.of("acme", "Acme", "enterprise"));
        tenancy.register(RegisterTenantCommand.of("beta", "Beta", "standard"));
        UsageReport report = metering.report(acme, YearMonth.of(2026, 3));
        assertEquals(new BigDecimal("9999"), report.priceUsd());
        assertEquals(500_000_000, report.eventsIncluded());
        assertEquals(0, report.get(UsageMetric.MODELS_TRAINED));
        assertEquals(List.of("acme", "beta"), metering.fleet(YearMonth.of(2026, 3)).stream()
                .map(r -> r.tenant().value()).toList());
    }
}
