package io.shelfwise.recommendation.serving;

import io.shelfwise.recommendation.RecommendationSettings;
import io.shelfwise.recommendation.port.in.ConfigureRecommendations;
import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.recommendation.registry.PropertiesFiles;
import io.shelfwise.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's {@link RecommendationSettings}, kept in its own artifact space beside its models (so they are as
 * isolated as the models and shared by every replica) and held in memory for {@code ttl}: a change made through
 * another replica counts here after at most that long, one made here at once.
 */
public final class TenantRecommendationSettings implements ConfigureRecommendations {
    static final String NAME = "settings/recommendations.properties";

    private final ModelArtifacts artifacts;
    private final Clock clock;
    private final Duration ttl;
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    public TenantRecommendationSettings(ModelArtifacts artifacts, Clock clock, Duration ttl) {
        this.artifacts = artifacts;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public RecommendationSettings settings(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenant);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.settings();
        }
        RecommendationSettings settings = artifacts.get(tenant, NAME).map(TenantRecommendationSettings::parse)
                .orElse(RecommendationSettings.DEFAULT);
        cache.put(tenant, new Cached(settings, now.plus(ttl)));
        return settings;
    }

    @Override
    public RecommendationSettings update(TenantId tenant, RecommendationSettings settings) {
        Properties p = new Properties();
        p.setProperty("excludeBoughtDays", Integer.toString(settings.excludeBoughtDays()));
        p.setProperty("recentItemsOnHome", Boolean.toString(settings.recentItemsOnHome()));
        List<String> categories = settings.repeatPurchaseCategories().stream().sorted().toList();
        for (int i = 0; i < categories.size(); i++) {
            p.setProperty("repeatPurchaseCategory." + i, categories.get(i));
        }
        artifacts.put(tenant, NAME, PropertiesFiles.write(p));
        cache.put(tenant, new Cached(settings, clock.instant().plus(ttl)));
        return settings;
    }

    private static RecommendationSettings parse(byte[] bytes) {
        Properties p = PropertiesFiles.read(bytes);
        Set<String> categories = new HashSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("repeatPurchaseCategory.")) {
                categories.add(p.getProperty(key));
            }
        }
        // Settings stored before the switch existed keep the default (on).
        return new RecommendationSettings(Integer.parseInt(p.getProperty("excludeBoughtDays")), categories,
                !"false".equals(p.getProperty("recentItemsOnHome")));
    }

    private record Cached(RecommendationSettings settings, Instant until) {
    }
}
