package io.shelfwise.adapters.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart's RBAC (deploy/helm/shelfwise/templates/rbac.yaml) against the requests the adapter really
 * makes through a whole tenant lifecycle: a call the chart does not allow would fail only on a real cluster.
 */
class ChartRbacTest {
    private static final Path RBAC = Path.of("..", "deploy", "helm", "shelfwise", "templates", "rbac.yaml");
    private static final PlatformNaming NAMING = new PlatformNaming("shelfwise", "shelfwise-artifacts",
            "eu-west-1", "123456789012", "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE");
    private static final KubernetesSettings SETTINGS = KubernetesSettings.builder()
            .appImage("shelfwise:1").readyTimeout(Duration.ofSeconds(20)).build();

    private MockCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** One request as RBAC sees it. */
    record Access(String group, String resource, String verb, String namespace) {
        static Access of(String request) {
            String[] methodAndPath = request.split(" ", 2);
            String[] pathAndQuery = methodAndPath[1].split("\\?", 2);
            String query = pathAndQuery.length > 1 ? pathAndQuery[1] : "";
            List<String> segments = List.of(pathAndQuery[0].replaceFirst("^/", "").split("/"));
            String group;
            List<String> rest;
            if (segments.getFirst().equals("api")) {
                group = "";
                rest = segments.subList(2, segments.size());
            } else {
                group = segments.get(1);
                rest = segments.subList(3, segments.size());
            }
            String namespace = null;
            if (rest.getFirst().equals("namespaces") && rest.size() >= 3) {
                namespace = rest.get(1);
                rest = rest.subList(2, rest.size());
            }
            String resource = rest.size() > 2 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
            boolean named = rest.size() > 1;
            String verb = switch (methodAndPath[0]) {
                case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> throw new IllegalArgumentException(request);
            };
            return new Access(group, resource, verb, namespace);
        }

        boolean allowedBy(List<PolicyRule> rules) {
            return rules.stream().anyMatch(rule -> rule.getApiGroups().contains(group)
                    && rule.getResources().contains(resource) && rule.getVerbs().contains(verb));
        }
    }

    /** The chart's RBAC documents with their template lines dropped (names and labels are not checked here). */
    private List<KubernetesResource> chartRbac() throws IOException {
        List<KubernetesResource> documents = new ArrayList<>();
        for (String document : Files.readString(RBAC).split("(?m)^---$")) {
            String plain = document.lines().filter(line -> !line.contains("{{"))
                    .collect(Collectors.joining("\n"));
            documents.add(cluster.client.getKubernetesSerialization().unmarshal(plain));
        }
        return documents;
    }

    private void runWholeLifecycle() throws Exception {
        Fabric8TenantInfrastructure infrastructure = new Fabric8TenantInfrastructure(cluster.platformClient,
                SETTINGS);
        TenantId acme = new TenantId("acme");
        TierPolicies tiers = TierPolicies.defaults();
        infrastructure.apply(TenantPlacement.of(acme, tiers.of(Tier.STANDARD), NAMING, NAMING.roleArn(acme)));
        var rollout = cluster.rollOutWhenCreated("shelfwise-acme", "shelfwise");
        infrastructure.apply(TenantPlacement.of(acme, tiers.of(Tier.PREMIUM), NAMING, NAMING.roleArn(acme)));
        rollout.get(20, TimeUnit.SECONDS);
        infrastructure.apply(TenantPlacement.of(acme, tiers.of(Tier.STANDARD), NAMING, NAMING.roleArn(acme)));
        infrastructure.remove(acme);
    }

    @Test
    void the_charts_rbac_allows_every_request_of_a_whole_tenant_lifecycle() throws Exception {
        List<KubernetesResource> rbac = chartRbac();
        List<PolicyRule> clusterRules = rbac.stream().filter(ClusterRole.class::isInstance)
                .flatMap(r -> ((ClusterRole) r).getRules().stream()).toList();
        List<PolicyRule> poolRules = rbac.stream().filter(Role.class::isInstance)
                .flatMap(r -> ((Role) r).getRules().stream()).toList();
        assertFalse(clusterRules.isEmpty(), "the chart has a ClusterRole");
        assertFalse(poolRules.isEmpty(), "the chart has a Role for the pool namespace");

        runWholeLifecycle();
        List<String> requests = cluster.platformRequests();

        Set<String> denied = new TreeSet<>();
        for (String request : requests) {
            Access access = Access.of(request);
            boolean inPool = SETTINGS.poolNamespace().equals(access.namespace());
            if (!access.allowedBy(clusterRules) && !(inPool && access.allowedBy(poolRules))) {
                denied.add(access + " <- " + request);
            }
        }
        assertTrue(requests.size() > 20, "the lifecycle was recorded: " + requests);
        assertTrue(requests.stream().anyMatch(r -> r.contains("deployments?fieldSelector=metadata.name")),
                "the rollout wait was exercised: " + requests);
        assertEquals(Set.of(), denied);
        // The wait lists, then may watch; the watch did not show among the recorded requests here, so the
        // chart's grant for it is checked directly.
        assertTrue(new Access("apps", "deployments", "watch", "shelfwise-acme").allowedBy(clusterRules),
                "the rollout wait may watch the tenant's Deployment");
    }

    @Test
    void the_platform_touches_configmaps_only_in_the_pool_namespace() throws Exception {
        runWholeLifecycle();

        Set<String> namespaces = cluster.platformRequests().stream().map(Access::of)
                .filter(a -> a.resource().equals("configmaps")).map(Access::namespace)
                .collect(Collectors.toSet());

        assertEquals(Set.of(SETTINGS.poolNamespace()), namespaces);
    }
}
