package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.adapters.djl.DjlChurnModelTrainer;
import io.shelfwise.adapters.djl.DjlRuntime;
import io.shelfwise.adapters.sql.JdbiItemStore;
import io.shelfwise.adapters.sql.JdbiSegmentStore;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.catalog.CatalogService;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.recommendation.ShopperScore;
import io.shelfwise.recommendation.port.in.ScoreShoppers;
import io.shelfwise.segmentation.ChurnReport;
import io.shelfwise.segmentation.SegmentationService;
import io.shelfwise.tenancy.TenantId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The churn model, trained with DJL on the generator's store (shoppers join, come back at their own pace and some
 * stop for good), predicts who stays away better than the recency-only rule on the held-out period.
 */
class ChurnModelTest {
    private static final TenantId TENANT = new TenantId("churny");

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @Test
    void the_churn_model_beats_the_recency_rule_on_the_generators_store() throws Exception {
        DjlRuntime.configure(Path.of(System.getProperty("DJL_CACHE_DIR", "target/djl-cache")));
        SyntheticStore store = SyntheticStore.generate(SyntheticStore.Spec.sized(300_000, 11));
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.h2File(dir))) {
            ScoreShoppers noModel = new ScoreShoppers() {
                @Override
                public OptionalDouble affinity(TenantId t, List<io.shelfwise.recommendation.ShopperTouch> h,
                                               List<io.shelfwise.catalog.ItemId> i) {
                    return OptionalDouble.empty();
                }

                @Override
                public List<ShopperScore> topShoppers(TenantId t,
                        java.util.Map<String, List<io.shelfwise.recommendation.ShopperTouch>> h,
                        List<io.shelfwise.catalog.ItemId> i, int l) {
                    return List.of();
                }
            };
            SegmentationService segments = new SegmentationService(new JdbiSegmentStore(db),
                    (tenant, consumer) -> store.events().forEach(consumer),
                    new CatalogService(new JdbiItemStore(db, Clock.systemUTC()),
                            new io.shelfwise.adapters.memory.CaffeineTenantCaches(Runnable::run)), noModel,
                    new DjlChurnModelTrainer(), Clock.systemUTC(), Runnable::run);
            ChurnReport report = segments.train(TENANT, 14);
            System.out.printf("churn model on the generator's store (300k events, %d held-out shoppers, %.1f %% not "
                            + "returning within 14 days): AUC %.4f, recency-only rule AUC %.4f%n",
                    report.heldOutExamples(), 100 * report.churnRate(), report.auc(), report.baselineAuc());
            assertTrue(report.heldOutExamples() > 1_000, "enough shoppers to compare: " + report.heldOutExamples());
            assertTrue(report.auc() > report.baselineAuc() + 0.01, "the model beats recency: " + report.auc() + " vs "
                    + report.baselineAuc());
            assertEquals(report.auc(), segments.current(TENANT).orElseThrow().auc(), 1e-12, "the model is kept");
        }
    }
}
