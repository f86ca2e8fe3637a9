package io.shelfwise.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.shelfwise.archfixture.bad.adapters.SharedHttp;
import io.shelfwise.archfixture.bad.adapters.aws.S3ProductImages;
import io.shelfwise.archfixture.bad.adapters.sql.SqlMigrations;
import io.shelfwise.archfixture.bad.adapters.sql.SqlProductRows;
import io.shelfwise.archfixture.bad.app.AppConfig;
import io.shelfwise.archfixture.bad.app.SmokeCheck;
import io.shelfwise.archfixture.bad.app.web.EventsEndpoint;
import io.shelfwise.archfixture.bad.catalog.CatalogFeed;
import io.shelfwise.archfixture.bad.catalog.ProductImporter;
import io.shelfwise.archfixture.bad.catalog.ProductName;
import io.shelfwise.archfixture.bad.catalog.port.in.ImportProducts;
import io.shelfwise.archfixture.bad.catalog.port.out.ProductStore;
import io.shelfwise.archfixture.bad.events.EventRecorder;
import io.shelfwise.archfixture.bad.events.TrackedEvent;
import io.shelfwise.archfixture.bad.metering.ServedListsMeter;
import io.shelfwise.archfixture.bad.metering.UsageMeter;
import io.shelfwise.archfixture.bad.recommendation.RecommendedItem;
import io.shelfwise.archfixture.bad.recommendation.Recommender;
import io.shelfwise.archfixture.bad.recommendation.evaluation.HoldoutMetrics;
import io.shelfwise.archfixture.bad.recommendation.ranking.ShelfScorer;
import io.shelfwise.archfixture.bad.recommendation.registry.ModelShelf;
import io.shelfwise.archfixture.bad.recommendation.serving.HomeShelf;
import io.shelfwise.archfixture.bad.recommendation.training.NightlyTrainer;
import io.shelfwise.archfixture.bad.sdk.ShelfwiseClient;
import io.shelfwise.archfixture.bad.tenancy.Tenant;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.commons.util.Preconditions;

/**
 * Proves that each {@link HexagonRules} rule bites: it names the offender in a fixture tree that breaks it and stays
 * quiet on a fixture tree that keeps the shape. Without this, a rule with a typo in a package pattern passes forever.
 */
class HexagonRulesCatchViolationsTest {

    private static final HexagonRules BAD = new HexagonRules("io.shelfwise.archfixture.bad");
    private static final HexagonRules CLEAN = new HexagonRules("io.shelfwise.archfixture.clean");

    private static JavaClasses badTree;
    private static JavaClasses cleanTree;

    @BeforeAll
    static void importFixtureTrees() {
        badTree = new ClassFileImporter().importPackages(BAD.root());
        cleanTree = new ClassFileImporter().importPackages(CLEAN.root());
    }

    @Test
    void domain_class_importing_a_library_is_reported() {
        assertReported(BAD.domainDependsOnlyOnTheJdkAndTheDomain(), ProductName.class, Preconditions.class);
    }

    @Test
    void domain_class_importing_javax_is_reported() {
        assertReported(BAD.domainDependsOnlyOnTheJdkAndTheDomain(), CatalogFeed.class, DataSource.class);
    }

    @Test
    void domain_class_in_a_context_no_list_names_is_held_to_the_domain_rule() {
        assertReported(BAD.domainDependsOnlyOnTheJdkAndTheDomain(), UsageMeter.class, Preconditions.class);
    }

    @Test
    void domain_class_using_an_adapter_is_reported_by_the_domain_rule() {
        assertReported(BAD.domainDependsOnlyOnTheJdkAndTheDomain(), ProductImporter.class, SqlProductRows.class);
    }

    @Test
    void domain_class_using_an_adapter_is_reported_by_the_composition_root_rule() {
        assertReported(BAD.onlyTheAppDependsOnAdapters(), ProductImporter.class, SqlProductRows.class);
    }

    @Test
    void app_wiring_an_adapter_is_not_reported_as_using_one() {
        assertNotMentioned(BAD.onlyTheAppDependsOnAdapters(), io.shelfwise.archfixture.bad.app.Main.class);
    }

    @Test
    void adapter_using_another_edge_is_reported() {
        assertReported(BAD.adaptersDoNotDependOnEachOther(), SqlProductRows.class, S3ProductImages.class);
    }

    @Test
    void adapter_class_outside_an_edge_package_is_reported() {
        assertReported(BAD.adaptersLiveInAnEdgePackage(), SharedHttp.class);
    }

    @Test
    void sdk_using_a_domain_class_is_reported() {
        assertReported(BAD.sdkDependsOnNoServerPackage(), ShelfwiseClient.class, RecommendedItem.class);
    }

    @Test
    void server_class_using_the_sdk_is_reported() {
        assertReported(BAD.serverDoesNotDependOnTheSdk(), SmokeCheck.class, ShelfwiseClient.class);
    }

    @Test
    void cycle_between_two_domain_contexts_is_reported() {
        assertReported(BAD.domainContextsAreFreeOfCycles(), Tenant.class, TrackedEvent.class);
        assertReported(BAD.domainContextsAreFreeOfCycles(), TrackedEvent.class, Tenant.class);
    }

    @Test
    void cycle_through_the_app_is_left_to_the_app_rule() {
        assertNotMentioned(BAD.domainContextsAreFreeOfCycles(), Recommender.class);
        assertReported(BAD.domainAndAdaptersDoNotDependOnTheApp(), Recommender.class, AppConfig.class);
    }

    @Test
    void domain_class_using_the_app_is_reported() {
        assertReported(BAD.domainAndAdaptersDoNotDependOnTheApp(), Recommender.class, AppConfig.class);
    }

    @Test
    void adapter_using_the_app_is_reported() {
        assertReported(BAD.domainAndAdaptersDoNotDependOnTheApp(), SqlMigrations.class, AppConfig.class);
    }

    @Test
    void outbound_port_written_as_a_class_is_reported() {
        assertReported(BAD.outboundPortsAreInterfaces(), ProductStore.class);
    }

    @Test
    void use_case_written_as_a_plain_class_is_reported() {
        assertReported(BAD.useCasesAreInterfacesOrRecords(), ImportProducts.class);
    }

    @Test
    void serving_importing_evaluation_is_reported() {
        assertReported(BAD.servingUsesNeitherTrainingNorEvaluation(), HomeShelf.class, HoldoutMetrics.class);
    }

    @Test
    void training_calling_serving_is_reported() {
        assertReported(BAD.trainingDoesNotUseServing(), NightlyTrainer.class, HomeShelf.class);
    }

    @Test
    void evaluation_reading_the_registry_is_reported() {
        assertReported(BAD.evaluationUsesOnlyRanking(), HoldoutMetrics.class, ModelShelf.class);
    }

    @Test
    void ranking_reaching_into_evaluation_is_reported() {
        assertReported(BAD.rankingUsesNoOtherRoom(), ShelfScorer.class, HoldoutMetrics.class);
    }

    @Test
    void registry_starting_training_is_reported() {
        assertReported(BAD.registryUsesNeitherServingNorTraining(), ModelShelf.class, NightlyTrainer.class);
    }

    @Test
    void another_context_using_serving_is_reported() {
        assertReported(BAD.onlyTheAppUsesServing(), ServedListsMeter.class, HomeShelf.class);
        assertReported(BAD.onlyTheAppUsesServing(), NightlyTrainer.class, HomeShelf.class);
    }

    @Test
    void segmentation_reaching_into_a_ranker_is_reported() {
        assertReported(BAD.crmUsesRecommendationThroughItsUseCases(),
                io.shelfwise.archfixture.bad.segmentation.AffinityPeek.class, ShelfScorer.class);
    }

    @Test
    void web_resource_holding_a_concrete_service_is_reported() {
        assertReported(BAD.webResourcesUseUseCaseInterfaces(), EventsEndpoint.class, EventRecorder.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cleanRules")
    void tree_that_keeps_the_shape_passes(String description, ArchRule rule) {
        EvaluationResult result = rule.evaluate(cleanTree);
        assertFalse(result.hasViolation(), () -> "expected no violation, got:\n" + result.getFailureReport());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cleanRules")
    void rule_that_finds_nothing_to_check_fails_instead_of_passing(String description, ArchRule rule) {
        JavaClasses nothing = new ClassFileImporter().importPackages("io.shelfwise.archfixture.nosuchpackage");
        assertThrows(AssertionError.class, () -> rule.check(nothing));
    }

    @Test
    void every_rule_has_a_fixture_that_breaks_it() {
        List<String> silent = BAD.all().stream()
                .filter(rule -> !rule.evaluate(badTree).hasViolation())
                .map(ArchRule::getDescription)
                .toList();
        assertTrue(silent.isEmpty(), () -> "rules with no violation in the bad fixture: " + silent);
    }

    static Stream<Arguments> cleanRules() {
        return CLEAN.all().stream().map(rule -> Arguments.of(rule.getDescription(), rule));
    }

    /** The rule fails on the bad tree with a violation line that names both the offending class and its target. */
    private static void assertReported(ArchRule rule, Class<?> offender, Class<?> target) {
        List<String> details = violations(rule);
        assertTrue(
                details.stream().anyMatch(line -> names(line, offender) && names(line, target)),
                () -> "expected a violation from " + offender.getName() + " to " + target.getName()
                        + ", got:\n" + String.join("\n", details));
    }

    private static void assertReported(ArchRule rule, Class<?> offender) {
        List<String> details = violations(rule);
        assertTrue(
                details.stream().anyMatch(line -> names(line, offender)),
                () -> "expected a violation naming " + offender.getName() + ", got:\n" + String.join("\n", details));
    }

    private static void assertNotMentioned(ArchRule rule, Class<?> innocent) {
        List<String> details = violations(rule);
        assertTrue(
                details.stream().noneMatch(line -> names(line, innocent)),
                () -> innocent.getName() + " should not be reported, got:\n" + String.join("\n", details));
    }

    private static List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(badTree);
        assertTrue(result.hasViolation(), () -> "expected a violation of: " + rule.getDescription());
        return result.getFailureReport().getDetails();
    }

    /** True when the line names the class itself or one of its members, not merely a class whose name it prefixes. */
    private static boolean names(String line, Class<?> type) {
        String name = type.getName();
        return line.contains("<" + name + ">") || line.contains("<" + name + ".") || line.contains("<" + name + "$");
    }
}
