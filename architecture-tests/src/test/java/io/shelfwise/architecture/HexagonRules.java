package io.shelfwise.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.List;
import java.util.Set;

/**
 * The Shelfwise hexagon described once, as ArchUnit rules over a root package laid out like {@code io.shelfwise}.
 *
 * <p>Layout under the root: {@code sdk} is the published client, {@code adapters.<edge>} the adapters,
 * {@code app} the composition root, and every other direct sub-package is a bounded context of the domain.
 * The domain is defined by exclusion rather than by a list, so a context added later ({@code tiering},
 * {@code fleet}, ...) is held to the same rules without editing this class. The root is a parameter so that
 * the very same rules can be shown to catch violations in fixture trees.
 *
 * <p>Every rule refuses to pass on an import where it found nothing to check ({@code allowEmptyShould(false)}):
 * a broken classpath must fail the build, not turn it green.
 */
public final class HexagonRules {

    /** The root package of the production code. */
    public static final String SHELFWISE_ROOT = "io.shelfwise";

    private static final String SDK = "sdk";
    private static final String ADAPTERS = "adapters";
    private static final String APP = "app";
    private static final Set<String> NOT_DOMAIN = Set.of(SDK, ADAPTERS, APP);
    private static final String RECOMMENDATION = "recommendation";

    private final String root;
    private final DescribedPredicate<JavaClass> domain;
    private final DescribedPredicate<JavaClass> adapters;
    private final DescribedPredicate<JavaClass> app;
    private final DescribedPredicate<JavaClass> sdk;
    private final DescribedPredicate<JavaClass> server;
    private final DescribedPredicate<JavaClass> jdk;

    public HexagonRules(String rootPackage) {
        if (rootPackage == null || rootPackage.isBlank() || rootPackage.endsWith(".")) {
            throw new IllegalArgumentException("root package must be a package name such as io.shelfwise");
        }
        this.root = rootPackage;
        this.sdk = resideInAPackage(sub(SDK) + "..").as("the SDK (%s..)", sub(SDK));
        this.adapters = resideInAPackage(sub(ADAPTERS) + "..").as("adapters (%s..)", sub(ADAPTERS));
        this.app = resideInAPackage(sub(APP) + "..").as("the app (%s..)", sub(APP));
        this.domain = resideInAPackage(root + ".*..")
                .and(not(resideInAnyPackage(sub(SDK) + "..", sub(ADAPTERS) + "..", sub(APP) + "..")))
                .as("the domain (every %s.* package except sdk, adapters, app)", root);
        this.server = resideInAPackage(root + "..").and(not(sdk))
                .as("the server (every %s package except sdk)", root);
        // Only java.. and the JDK's Vector API (SIMD scoring): javax and jakarta are out too, they drag in
        // persistence, injection or web concerns.
        this.jdk = resideInAnyPackage("java..", "jdk.incubator.vector..")
                .as("the JDK (java.., jdk.incubator.vector)");
    }

    /** The rules for the production tree under {@value #SHELFWISE_ROOT}. */
    public static HexagonRules forShelfwise() {
        return new HexagonRules(SHELFWISE_ROOT);
    }

    public String root() {
        return root;
    }

    /** Classes of a bounded context: every package directly under the root except sdk, adapters and app. */
    public DescribedPredicate<JavaClass> domain() {
        return domain;
    }

    public DescribedPredicate<JavaClass> adapters() {
        return adapters;
    }

    public DescribedPredicate<JavaClass> app() {
        return app;
    }

    public DescribedPredicate<JavaClass> sdk() {
        return sdk;
    }

    /** Rule 1: the domain is pure Java and talks only to itself. */
    public ArchRule domainDependsOnlyOnTheJdkAndTheDomain() {
        return classes().that(domain)
                .should().onlyDependOnClassesThat(jdk.or(domain))
                .as("domain classes should only depend on the JDK (java.., jdk.incubator.vector) and on the domain under %s"
                        .formatted(root))
                .because("the business rules must run and be tested without any library, framework or adapter")
                .allowEmptyShould(false);
    }

    /** Rule 2: one edge never reaches into another; they meet only through domain ports, wired by the app. */
    public ArchRule adaptersDoNotDependOnEachOther() {
        return slices().matching(sub(ADAPTERS) + ".(*)..").namingSlices("adapters.$1")
                .should().notDependOnEachOther()
                .because("each adapter implements domain ports for one edge and is replaceable on its own")
                .allowEmptyShould(false);
    }

    /**
     * Rule 2, closing its loophole: a class directly in the adapters package belongs to no edge, so the slices of
     * rule 2 would not see two edges sharing it.
     */
    public ArchRule adaptersLiveInAnEdgePackage() {
        return classes().that(adapters)
                .should().resideInAPackage(sub(ADAPTERS) + ".*..")
                .as("adapter classes should reside in an edge package %s.<edge>..".formatted(sub(ADAPTERS)))
                .because("code shared by several edges would couple them; share through the domain instead")
                .allowEmptyShould(false);
    }

    /** Rule 3: the app is the only composition root, so nothing but the app (and an adapter itself) sees adapters. */
    public ArchRule onlyTheAppDependsOnAdapters() {
        return noClasses().that(resideInAPackage(root + "..").and(not(app)).and(not(adapters)))
                .should().dependOnClassesThat(adapters)
                .as("no classes under %s outside the app and the adapters should depend on adapters".formatted(root))
                .because("only the composition root in the app picks concrete adapters for ports")
                .allowEmptyShould(false);
    }

    /** Rule 4, first half: the published SDK ships without any server code. */
    public ArchRule sdkDependsOnNoServerPackage() {
        return noClasses().that(sdk)
                .should().dependOnClassesThat(server)
                .as("SDK classes should not depend on any server package under %s".formatted(root))
                .because("tenants embed the SDK; it speaks the HTTP API, not the server's classes")
                .allowEmptyShould(false);
    }

    /** Rule 4, second half: the server never calls itself through its own client. */
    public ArchRule serverDoesNotDependOnTheSdk() {
        return noClasses().that(server)
                .should().dependOnClassesThat(sdk)
                .as("server classes under %s should not depend on the SDK".formatted(root))
                .because("the SDK is released on its own schedule; the server must not be pinned to it")
                .allowEmptyShould(false);
    }

    /** Rule 5: contexts talk through each other's public API, one way only. */
    public ArchRule domainContextsAreFreeOfCycles() {
        DescribedPredicate<Slice> domainContext = DescribedPredicate.describe(
                "are domain contexts", slice -> !NOT_DOMAIN.contains(slice.getNamePart(1)));
        return slices().matching(root + ".(*)..").namingSlices("context $1")
                .that(domainContext)
                .should().beFreeOfCycles()
                .because("a cycle between contexts makes them one context that cannot change or be split alone")
                .allowEmptyShould(false);
    }

    /** Rule 6: the app sits on top; nothing below it may reach up. */
    public ArchRule domainAndAdaptersDoNotDependOnTheApp() {
        return noClasses().that(domain.or(adapters))
                .should().dependOnClassesThat(app)
                .as("domain and adapter classes under %s should not depend on the app".formatted(root))
                .because("the app depends on everything else; a dependency back would make a cycle through it")
                .allowEmptyShould(false);
    }

    /**
     * Outbound ports are interfaces, so the domain states what it needs and an adapter supplies it. Only top-level
     * types: a record nested in a port (its page or result type) is part of that port.
     */
    public ArchRule outboundPortsAreInterfaces() {
        return classes().that(domain).and().resideInAPackage("..port.out..").and().areTopLevelClasses()
                .should().beInterfaces()
                .as("top-level classes in the domain's port.out packages should be interfaces")
                .because("an outbound port is a contract that adapters implement, not an implementation")
                .allowEmptyShould(false);
    }

    /** Inbound ports are use-case interfaces and the records (commands, results) they take and return. */
    public ArchRule useCasesAreInterfacesOrRecords() {
        return classes().that(domain).and().resideInAPackage("..port.in..").and().areTopLevelClasses()
                .should().beInterfaces().orShould().beRecords()
                .as("top-level classes in the domain's port.in packages should be interfaces or records")
                .because("the implementation of a use case lives in the context, behind its interface")
                .allowEmptyShould(false);
    }

    /**
     * Rooms of the recommendation context, rule 1: a request's hot path ({@code serving}) reads the rankers and the
     * registry only, never code named for offline work.
     */
    public ArchRule servingUsesNeitherTrainingNorEvaluation() {
        return noClasses().that(room("serving"))
                .should().dependOnClassesThat(room("training").or(room("evaluation")))
                .as("recommendation.serving should not depend on recommendation.training or recommendation.evaluation")
                .because("serving answers every request; it may use ranking and the registry, never offline work")
                .allowEmptyShould(false);
    }

    /** Rooms, rule 2: training uses ranking, evaluation and the registry; it hands a promotion to serving by a port. */
    public ArchRule trainingDoesNotUseServing() {
        return noClasses().that(room("training"))
                .should().dependOnClassesThat(room("serving"))
                .as("recommendation.training should not depend on recommendation.serving")
                .because("training runs off the request path and tells serving about a new model through the registry")
                .allowEmptyShould(false);
    }

    /** Rooms, rule 3: evaluation scores rankers and knows nothing of how they are trained, stored or served. */
    public ArchRule evaluationUsesOnlyRanking() {
        return noClasses().that(room("evaluation"))
                .should().dependOnClassesThat(room("serving").or(room("training")).or(room("registry")))
                .as("recommendation.evaluation should not depend on recommendation.serving, .training or .registry")
                .because("the harness judges any ranker the same way, in the gate and in the offline tools")
                .allowEmptyShould(false);
    }

    /** Rooms, rule 4: the rankers are pure functions over interactions and models, below every other room. */
    public ArchRule rankingUsesNoOtherRoom() {
        return noClasses().that(room("ranking"))
                .should().dependOnClassesThat(room("serving").or(room("training")).or(room("evaluation"))
                        .or(room("registry")))
                .as("recommendation.ranking should not depend on recommendation.serving, .training, .evaluation or"
                        + " .registry")
                .because("serving, training and evaluation all build on the same rankers")
                .allowEmptyShould(false);
    }

    /** Rooms, rule 5: the registry stores what training produced and serving loads; it calls neither. */
    public ArchRule registryUsesNeitherServingNorTraining() {
        return noClasses().that(room("registry"))
                .should().dependOnClassesThat(room("serving").or(room("training")))
                .as("recommendation.registry should not depend on recommendation.serving or recommendation.training")
                .because("both sides read the registry; a dependency back would tie storage to one of them")
                .allowEmptyShould(false);
    }

    /** Rooms, rule 6: nothing but the app (which wires it) reaches into serving. */
    public ArchRule onlyTheAppUsesServing() {
        return noClasses().that(domain.or(adapters)).and(not(room("serving")))
                .should().dependOnClassesThat(room("serving"))
                .as("no domain or adapter class outside recommendation.serving should depend on it")
                .because("serving is an implementation detail behind the recommendation use cases; only the app"
                        + " wires it")
                .allowEmptyShould(false);
    }

    /**
     * The CRM contexts (segmentation, campaign) ask the recommendation context for lists and scores through its
     * {@code port.in} use cases and root values, never its rooms.
     */
    public ArchRule crmUsesRecommendationThroughItsUseCases() {
        DescribedPredicate<JavaClass> crm = resideInAnyPackage(sub("segmentation") + "..", sub("campaign") + "..")
                .as("segmentation and campaign");
        return noClasses().that(crm)
                .should().dependOnClassesThat(room("ranking").or(room("serving")).or(room("training"))
                        .or(room("registry")).or(room("evaluation")))
                .as("segmentation and campaign should use recommendation only through its port.in use cases and"
                        + " root values")
                .because("CRM asks for shoppers' lists and scores like any client; the rooms change behind the ports")
                .allowEmptyShould(false);
    }

    /** Web resources call use cases through their {@code port.in} interfaces, never the services behind them. */
    public ArchRule webResourcesUseUseCaseInterfaces() {
        DescribedPredicate<JavaClass> useCaseImplementation = DescribedPredicate.describe(
                "implement a port.in use case", type -> !type.isInterface() && type.getAllRawInterfaces().stream()
                        .anyMatch(i -> i.getPackageName().contains(".port.in")));
        return noClasses().that(resideInAPackage(sub(APP) + ".web.."))
                .should().dependOnClassesThat(domain.and(useCaseImplementation))
                .as("web classes under %s.web should not depend on classes that implement a port.in use case"
                        .formatted(sub(APP)))
                .because("a resource depends on what it asks for, so a use case's implementation can change alone")
                .allowEmptyShould(false);
    }

    /** Every rule above, in the order they are described. */
    public List<ArchRule> all() {
        return List.of(
                domainDependsOnlyOnTheJdkAndTheDomain(),
                adaptersDoNotDependOnEachOther(),
                adaptersLiveInAnEdgePackage(),
                onlyTheAppDependsOnAdapters(),
                sdkDependsOnNoServerPackage(),
                serverDoesNotDependOnTheSdk(),
                domainContextsAreFreeOfCycles(),
                domainAndAdaptersDoNotDependOnTheApp(),
                outboundPortsAreInterfaces(),
                useCasesAreInterfacesOrRecords(),
                servingUsesNeitherTrainingNorEvaluation(),
                crmUsesRecommendationThroughItsUseCases(),
                trainingDoesNotUseServing(),
                evaluationUsesOnlyRanking(),
                rankingUsesNoOtherRoom(),
                registryUsesNeitherServingNorTraining(),
                onlyTheAppUsesServing(),
                webResourcesUseUseCaseInterfaces());
    }

    private DescribedPredicate<JavaClass> room(String name) {
        String pkg = sub(RECOMMENDATION) + "." + name;
        return resideInAPackage(pkg + "..").as("%s..", pkg);
    }

    private String sub(String name) {
        return root + "." + name;
    }
}
