package io.shelfwise.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the production classes of every Shelfwise module against the hexagon described in {@link HexagonRules}. */
class ShelfwiseArchitectureTest {

    private static final HexagonRules RULES = HexagonRules.forShelfwise();

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // DO_NOT_INCLUDE_TESTS knows the Maven and Gradle output folders; this keeps the fixtures and these
                // tests out under any other layout (an IDE's), where they would pass for contexts of the domain.
                .withImportOption(location -> !location.contains("/io/shelfwise/archfixture/")
                        && !location.contains("/io/shelfwise/architecture/"))
                .importPackages(RULES.root());
    }

    @Test
    void import_holds_the_domain_the_sql_adapters_the_app_and_the_sdk() {
        // A broken classpath imports nothing, and "no class breaks the rule" would then be vacuously true.
        assertImported(RULES.domain());
        assertImported(resideInAPackage(RULES.root() + ".adapters.sql..").as("the SQL adapters"));
        assertImported(RULES.app());
        assertImported(RULES.sdk());
    }

    @Test
    void import_holds_no_test_or_fixture_classes() {
        assertFalse(production.containPackage(RULES.root() + ".archfixture"), "fixtures leaked into the import");
        assertFalse(production.containPackage(RULES.root() + ".architecture"), "tests leaked into the import");
    }

    @Test
    void domain_depends_only_on_the_jdk_and_the_domain() {
        RULES.domainDependsOnlyOnTheJdkAndTheDomain().check(production);
    }

    @Test
    void adapters_do_not_depend_on_each_other() {
        RULES.adaptersDoNotDependOnEachOther().check(production);
    }

    @Test
    void adapters_live_in_an_edge_package() {
        RULES.adaptersLiveInAnEdgePackage().check(production);
    }

    @Test
    void only_the_app_depends_on_adapters() {
        RULES.onlyTheAppDependsOnAdapters().check(production);
    }

    @Test
    void sdk_depends_on_no_server_package() {
        RULES.sdkDependsOnNoServerPackage().check(production);
    }

    @Test
    void server_does_not_depend_on_the_sdk() {
        RULES.serverDoesNotDependOnTheSdk().check(production);
    }

    @Test
    void domain_contexts_are_free_of_cycles() {
        RULES.domainContextsAreFreeOfCycles().check(production);
    }

    @Test
    void domain_and_adapters_do_not_depend_on_the_app() {
        RULES.domainAndAdaptersDoNotDependOnTheApp().check(production);
    }

    @Test
    void outbound_ports_are_interfaces() {
        RULES.outboundPortsAreInterfaces().check(production);
    }

    @Test
    void use_cases_are_interfaces_or_records() {
        RULES.useCasesAreInterfacesOrRecords().check(production);
    }

    @Test
    void serving_uses_neither_training_nor_evaluation() {
        RULES.servingUsesNeitherTrainingNorEvaluation().check(production);
    }

    @Test
    void training_does_not_use_serving() {
        RULES.trainingDoesNotUseServing().check(production);
    }

    @Test
    void evaluation_uses_only_ranking() {
        RULES.evaluationUsesOnlyRanking().check(production);
    }

    @Test
    void ranking_uses_no_other_room() {
        RULES.rankingUsesNoOtherRoom().check(production);
    }

    @Test
    void registry_uses_neither_serving_nor_training() {
        RULES.registryUsesNeitherServingNorTraining().check(production);
    }

    @Test
    void only_the_app_uses_serving() {
        RULES.onlyTheAppUsesServing().check(production);
    }

    @Test
    void crm_uses_recommendation_through_its_use_cases() {
        RULES.crmUsesRecommendationThroughItsUseCases().check(production);
    }

    @Test
    void web_resources_use_use_case_interfaces() {
        RULES.webResourcesUseUseCaseInterfaces().check(production);
    }

    private static void assertImported(DescribedPredicate<JavaClass> part) {
        assertFalse(production.that(part).isEmpty(),
                () -> "no production class of " + part.getDescription() + " was imported from the classpath");
    }
}
