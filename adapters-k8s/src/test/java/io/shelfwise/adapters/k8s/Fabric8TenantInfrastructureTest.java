package io.shelfwise.adapters.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.shelfwise.common.ConflictException;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.tenancy.ComputeProfile;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.TierPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Fabric8TenantInfrastructureTest {
    private static final PlatformNaming NAMING = new PlatformNaming("shelfwise", "shelfwise-artifacts",
            "eu-west-1", "123456789012", "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE");
    private static final TierPolicies TIERS = TierPolicies.defaults();
    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shelfwise:1.4.2";
    private static final KubernetesSettings SETTINGS = KubernetesSettings.builder()
            .appImage(IMAGE)
            .readyTimeout(Duration.ZERO)
            .build();

    /** What a pooled tenant owns (namespace aside), and what a siloed one owns on top. */
    private static final Set<String> POOLED_OBJECTS = Set.of(
            "ServiceAccount shelfwise-acme/tenant-acme", "ResourceQuota shelfwise-acme/tenant-quota",
            "LimitRange shelfwise-acme/tenant-limits", "NetworkPolicy shelfwise-acme/default-deny",
            "NetworkPolicy shelfwise-acme/allow-serving", "Namespace shelfwise-acme");
    private static final Set<String> SILOED_ONLY = Set.of(
            "Deployment shelfwise-acme/shelfwise", "PodDisruptionBudget shelfwise-acme/shelfwise",
            "Service shelfwise-acme/shelfwise", "Ingress shelfwise-acme/shelfwise", "NodePool tenant-acme");

    private MockCluster cluster;
    private Fabric8TenantInfrastructure infrastructure;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
        infrastructure = new Fabric8TenantInfrastructure(cluster.client, SETTINGS);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private static TenantPlacement placement(String tenant, Tier tier) {
        TenantId id = new TenantId(tenant);
        return TenantPlacement.of(id, TIERS.of(tier), NAMING, NAMING.roleArn(id));
    }

    private static Set<String> siloedObjects() {
        return union(POOLED_OBJECTS, SILOED_ONLY);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }

    private <T extends HasMetadata> T get(Class<T> kind, String name) {
        return cluster.client.resources(kind).inNamespace("shelfwise-acme").withName(name).get();
    }

    private Deployment deployment() {
        return get(Deployment.class, "shelfwise");
    }

    private static double amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).doubleValue();
    }

    private static double cores(int millis) {
        return millis / 1000.0;
    }

    private static double bytes(int mebibytes) {
        return mebibytes * 1024.0 * 1024.0;
    }

    // ---- every tier ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Tier.class)
    void every_tier_gets_its_own_namespace_labelled_with_tenant_tier_and_manager(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        Namespace namespace = cluster.namespace("shelfwise-acme");
        assertNotNull(namespace, "namespace shelfwise-acme");
        assertEquals(Map.of("shelfwise.io/tenant", "acme", "shelfwise.io/tier", tier.wireName(),
                "app.kubernetes.io/managed-by", "shelfwise"), namespace.getMetadata().getLabels());
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void every_tier_gets_a_quota_sized_by_its_compute_profile(Tier tier) {
        ComputeProfile compute = TIERS.of(tier).compute();
        infrastructure.apply(placement("acme", tier));

        Map<String, Quantity> hard = get(ResourceQuota.class, "tenant-quota").getSpec().getHard();
        assertEquals(Set.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory"), hard.keySet());
        assertEquals(cores(compute.quotaCpuMillis()), amount(hard.get("requests.cpu")));
        assertEquals(cores(compute.quotaCpuMillis()), amount(hard.get("limits.cpu")));
        assertEquals(bytes(compute.quotaMemoryMiB()), amount(hard.get("requests.memory")));
        assertEquals(bytes(compute.quotaMemoryMiB()), amount(hard.get("limits.memory")));
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void every_tier_gets_container_defaults_that_request_its_compute_profile(Tier tier) {
        ComputeProfile compute = TIERS.of(tier).compute();
        infrastructure.apply(placement("acme", tier));

        List<LimitRangeItem> limits = get(LimitRange.class, "tenant-limits")
                .getSpec().getLimits();
        assertEquals(1, limits.size());
        LimitRangeItem container = limits.getFirst();
        assertEquals("Container", container.getType());
        assertEquals(cores(compute.cpuMillis()), amount(container.getDefaultRequest().get("cpu")));
        assertEquals(bytes(compute.memoryMiB()), amount(container.getDefaultRequest().get("memory")));
        assertTrue(amount(container.getDefault().get("cpu")) >= cores(compute.cpuMillis()));
        assertTrue(amount(container.getDefault().get("memory")) >= bytes(compute.memoryMiB()));
        assertTrue(amount(container.getDefault().get("cpu")) <= cores(compute.quotaCpuMillis()));
        assertTrue(amount(container.getDefault().get("memory")) <= bytes(compute.quotaMemoryMiB()));
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void every_tier_gets_a_service_account_bound_to_the_tenants_own_role(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        ServiceAccount account = get(ServiceAccount.class, "tenant-acme");
        assertNotNull(account, "service account tenant-acme");
        assertEquals(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/shelfwise-tenant-acme"),
                account.getMetadata().getAnnotations());
        assertEquals("acme", account.getMetadata().getLabels().get("shelfwise.io/tenant"));
        assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken());
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void every_tier_denies_all_traffic_by_default(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        NetworkPolicy deny = get(NetworkPolicy.class, "default-deny");
        assertNotNull(deny, "default-deny policy");
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null
                || deny.getSpec().getPodSelector().getMatchLabels().isEmpty(), "selects every pod");
        assertTrue(deny.getSpec().getPodSelector().getMatchExpressions() == null
                || deny.getSpec().getPodSelector().getMatchExpressions().isEmpty(), "selects every pod");
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty(), "no ingress rule");
        assertTrue(deny.getSpec().getEgress() == null || deny.getSpec().getEgress().isEmpty(), "no egress rule");
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void every_tier_lets_in_only_the_ingress_controller_and_the_pool_on_the_app_port(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        NetworkPolicy allow = get(NetworkPolicy.class, "allow-serving");
        assertEquals(List.of("Ingress", "Egress"), allow.getSpec().getPolicyTypes());
        List<NetworkPolicyIngressRule> ingress = allow.getSpec().getIngress();
        assertEquals(1, ingress.size());
        assertEquals(List.of(Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
                        Map.of("kubernetes.io/metadata.name", "shelfwise-pool")),
                ingress.getFirst().getFrom().stream().map(NetworkPolicyPeer::getNamespaceSelector)
                        .map(s -> s.getMatchLabels()).toList());
        assertTrue(ingress.getFirst().getFrom().stream().allMatch(p -> p.getPodSelector() == null
                && p.getIpBlock() == null), "namespaces only, no address ranges");
        assertEquals(List.of("TCP/8080"), ports(ingress.getFirst().getPorts()));
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void every_tier_lets_out_only_dns_https_and_the_database(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        List<NetworkPolicyEgressRule> egress = get(NetworkPolicy.class, "allow-serving").getSpec().getEgress();
        assertEquals(1, egress.size());
        assertEquals(List.of("UDP/53", "TCP/53", "TCP/443", "TCP/5432"), ports(egress.getFirst().getPorts()));
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
    }

    // ---- pooled ----------------------------------------------------------------------------------------------

    @Test
    void standard_tenant_is_routed_by_the_pool_and_runs_no_workload_of_its_own() {
        infrastructure.apply(placement("acme", Tier.STANDARD));

        assertEquals(POOLED_OBJECTS, cluster.objectsOf("acme").keySet());
        assertNull(deployment());
        assertEquals(Map.of("acme", "standard"), cluster.poolRouting(SETTINGS));
    }

    @Test
    void joining_the_pool_keeps_the_entries_and_labels_that_were_already_there() {
        cluster.client.resource(new ConfigMapBuilder()
                .withNewMetadata().withName("shelfwise-pool-routing").withNamespace("shelfwise-pool")
                .addToLabels("app.kubernetes.io/managed-by", "Helm").endMetadata()
                .addToData("globex", "standard")
                .build()).create();

        infrastructure.apply(placement("acme", Tier.STANDARD));

        assertEquals(Map.of("globex", "standard", "acme", "standard"), cluster.poolRouting(SETTINGS));
        assertEquals(Map.of("app.kubernetes.io/managed-by", "Helm"), cluster.client.configMaps()
                .inNamespace("shelfwise-pool").withName("shelfwise-pool-routing").get().getMetadata().getLabels());
    }

    // ---- siloed ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Tier.class, names = {"PREMIUM", "ENTERPRISE"})
    void siloed_tenant_runs_its_own_deployment_of_the_app_under_its_service_account(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        Deployment deployment = deployment();
        assertNotNull(deployment, "deployment shelfwise");
        assertEquals(TIERS.of(tier).compute().replicas(), deployment.getSpec().getReplicas());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals("tenant-acme", pod.getServiceAccountName());
        assertEquals(1, pod.getContainers().size());
        Container app = pod.getContainers().getFirst();
        assertEquals(IMAGE, app.getImage());
        Map<String, String> env = app.getEnv().stream()
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        assertEquals(Map.of("SHELFWISE_TENANT", "acme", "SHELFWISE_HOST", "0.0.0.0", "SHELFWISE_PORT", "8080",
                "SHELFWISE_DATA_DIR", "/data"), env);
        assertEquals(Boolean.TRUE, app.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Map.of("/data", "data", "/tmp", "tmp"), app.getVolumeMounts().stream()
                .collect(Collectors.toMap(m -> m.getMountPath(), m -> m.getName())));
        assertTrue(pod.getVolumes().stream().allMatch(v -> v.getEmptyDir() != null), "scratch volumes only");
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("http", app.getPorts().getFirst().getName());
        assertEquals(8080, app.getPorts().getFirst().getContainerPort());
        assertEquals(Map.of("app.kubernetes.io/name", "shelfwise", "shelfwise.io/tenant", "acme"),
                deployment.getSpec().getSelector().getMatchLabels());
        assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()), "pods match selector");
        assertFalse(cluster.poolRouting(SETTINGS).containsKey("acme"), "not in the pool");
    }

    @ParameterizedTest
    @EnumSource(value = Tier.class, names = {"PREMIUM", "ENTERPRISE"})
    void siloed_tenant_is_pinned_to_its_own_node_group_and_tolerates_only_its_taint(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        assertEquals(Map.of("shelfwise.io/node-group", "tenant-acme"), pod.getNodeSelector());
        assertEquals(1, pod.getTolerations().size());
        Toleration toleration = pod.getTolerations().getFirst();
        assertEquals("shelfwise.io/dedicated", toleration.getKey());
        assertEquals("Equal", toleration.getOperator());
        assertEquals("tenant-acme", toleration.getValue());
        assertEquals("NoSchedule", toleration.getEffect());
    }

    @ParameterizedTest
    @EnumSource(value = Tier.class, names = {"PREMIUM", "ENTERPRISE"})
    @SuppressWarnings("unchecked")
    void siloed_tenant_gets_its_own_karpenter_node_pool_labelled_and_tainted_as_its_pods_expect(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        var pool = cluster.client.genericKubernetesResources(TenantManifests.NODE_POOL).withName("tenant-acme").get();
        assertEquals("karpenter.sh/v1", pool.getApiVersion());
        assertEquals("acme", pool.getMetadata().getLabels().get("shelfwise.io/tenant"));
        Map<String, Object> spec = (Map<String, Object>) pool.getAdditionalProperties().get("spec");
        Map<String, Object> template = (Map<String, Object>) spec.get("template");
        Map<String, Object> nodeLabels = (Map<String, Object>) ((Map<String, Object>) template.get("metadata"))
                .get("labels");
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        assertEquals(pod.getNodeSelector(), nodeLabels, "nodes carry exactly what the pods select");
        Map<String, Object> nodeSpec = (Map<String, Object>) template.get("spec");
        Map<String, Object> taint = ((List<Map<String, Object>>) nodeSpec.get("taints")).getFirst();
        Toleration toleration = pod.getTolerations().getFirst();
        assertEquals(List.of(toleration.getKey(), toleration.getValue(), toleration.getEffect()),
                List.of(taint.get("key"), taint.get("value"), taint.get("effect")));
        assertEquals("default", ((Map<String, Object>) nodeSpec.get("nodeClassRef")).get("name"));
        Map<String, Object> limits = (Map<String, Object>) spec.get("limits");
        assertEquals(TIERS.of(tier).compute().quotaCpuMillis() + "m", limits.get("cpu"));
        assertEquals(tier == Tier.ENTERPRISE ? "WhenEmpty" : "WhenEmptyOrUnderutilized",
                ((Map<String, Object>) spec.get("disruption")).get("consolidationPolicy"));
    }

    @Test
    void a_siloed_tenant_is_reached_on_its_dedicated_host_and_a_pooled_one_through_the_pool() {
        assertEquals(java.util.Optional.of("https://acme." + SETTINGS.baseDomain()),
                infrastructure.dedicatedEndpoint(new TenantId("acme"), true));
        assertEquals(java.util.Optional.empty(), infrastructure.dedicatedEndpoint(new TenantId("acme"), false));
    }

    @Test
    void a_pooled_tenant_has_no_node_pool_and_one_moved_to_the_pool_loses_it() {
        infrastructure.apply(placement("acme", Tier.STANDARD));
        assertNull(cluster.client.genericKubernetesResources(TenantManifests.NODE_POOL).withName("tenant-acme").get());
        infrastructure.apply(placement("acme", Tier.ENTERPRISE));
        assertNotNull(cluster.client.genericKubernetesResources(TenantManifests.NODE_POOL).withName("tenant-acme")
                .get());
        infrastructure.apply(placement("acme", Tier.STANDARD));
        assertNull(cluster.client.genericKubernetesResources(TenantManifests.NODE_POOL).withName("tenant-acme").get());
    }

    @ParameterizedTest
    @EnumSource(value = Tier.class, names = {"PREMIUM", "ENTERPRISE"})
    void siloed_tenant_is_probed_on_the_health_endpoint(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        Container app = deployment().getSpec().getTemplate().getSpec().getContainers().getFirst();
        for (Probe probe : List.of(app.getReadinessProbe(), app.getLivenessProbe())) {
            assertNotNull(probe);
            assertEquals("/observe/health", probe.getHttpGet().getPath());
            assertEquals(new IntOrString("http"), probe.getHttpGet().getPort());
        }
    }

    @Test
    void premium_tenant_requests_its_compute_and_may_burst_above_it_within_the_quota() {
        ComputeProfile compute = TIERS.of(Tier.PREMIUM).compute();
        infrastructure.apply(placement("acme", Tier.PREMIUM));

        Deployment deployment = deployment();
        var resources = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
        assertEquals(2, deployment.getSpec().getReplicas());
        assertEquals(cores(compute.cpuMillis()), amount(resources.getRequests().get("cpu")));
        assertEquals(bytes(compute.memoryMiB()), amount(resources.getRequests().get("memory")));
        double cpuLimit = amount(resources.getLimits().get("cpu"));
        double memoryLimit = amount(resources.getLimits().get("memory"));
        assertTrue(cpuLimit > cores(compute.cpuMillis()), "Burstable: cpu limit above request");
        assertTrue(memoryLimit > bytes(compute.memoryMiB()), "Burstable: memory limit above request");
        int podsDuringRollout = deployment.getSpec().getReplicas()
                + deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal();
        assertTrue(podsDuringRollout * cpuLimit <= cores(compute.quotaCpuMillis()), "rollout fits cpu quota");
        assertTrue(podsDuringRollout * memoryLimit <= bytes(compute.quotaMemoryMiB()), "rollout fits memory quota");
    }

    @Test
    void enterprise_tenant_gets_guaranteed_qos_with_limits_equal_to_requests_and_more_replicas() {
        ComputeProfile compute = TIERS.of(Tier.ENTERPRISE).compute();
        infrastructure.apply(placement("acme", Tier.ENTERPRISE));

        Deployment deployment = deployment();
        assertEquals(3, deployment.getSpec().getReplicas());
        assertTrue(deployment.getSpec().getReplicas() > TIERS.of(Tier.PREMIUM).compute().replicas());
        var resources = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
        assertEquals(Set.of("cpu", "memory"), resources.getRequests().keySet());
        assertEquals(cores(compute.cpuMillis()), amount(resources.getRequests().get("cpu")));
        assertEquals(bytes(compute.memoryMiB()), amount(resources.getRequests().get("memory")));
        assertEquals(amount(resources.getRequests().get("cpu")), amount(resources.getLimits().get("cpu")));
        assertEquals(amount(resources.getRequests().get("memory")), amount(resources.getLimits().get("memory")));
        assertEquals(resources.getRequests().keySet(), resources.getLimits().keySet());
    }

    @ParameterizedTest
    @EnumSource(value = Tier.class, names = {"PREMIUM", "ENTERPRISE"})
    void siloed_tenant_keeps_all_but_one_replica_through_node_drains(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        PodDisruptionBudget budget = get(PodDisruptionBudget.class, "shelfwise");
        assertNotNull(budget, "pod disruption budget");
        int replicas = TIERS.of(tier).compute().replicas();
        assertEquals(new IntOrString(Math.max(1, replicas - 1)), budget.getSpec().getMinAvailable());
        assertEquals(deployment().getSpec().getSelector().getMatchLabels(),
                budget.getSpec().getSelector().getMatchLabels());
    }

    @ParameterizedTest
    @EnumSource(value = Tier.class, names = {"PREMIUM", "ENTERPRISE"})
    void siloed_tenant_is_served_on_its_own_host_through_a_service(Tier tier) {
        infrastructure.apply(placement("acme", tier));

        Service service = get(Service.class, "shelfwise");
        assertNotNull(service, "service");
        assertEquals("ClusterIP", service.getSpec().getType());
        assertEquals(deployment().getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
        ServicePort port = service.getSpec().getPorts().getFirst();
        assertEquals(80, port.getPort());
        assertEquals(new IntOrString("http"), port.getTargetPort());

        Ingress ingress = get(Ingress.class, "shelfwise");
        assertNotNull(ingress, "ingress");
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        assertEquals(1, ingress.getSpec().getRules().size());
        IngressRule rule = ingress.getSpec().getRules().getFirst();
        assertEquals("acme.api.shelfwise.example", rule.getHost());
        HTTPIngressPath path = rule.getHttp().getPaths().getFirst();
        assertEquals("/", path.getPath());
        assertEquals("Prefix", path.getPathType());
        assertEquals("shelfwise", path.getBackend().getService().getName());
        assertEquals("http", path.getBackend().getService().getPort().getName());
    }

    @Test
    void dedicated_ingress_carries_the_configured_annotations_and_class() {
        KubernetesSettings alb = KubernetesSettings.builder().appImage(IMAGE).readyTimeout(Duration.ZERO)
                .ingressClass("alb").baseDomain("shops.example.com")
                .ingressAnnotation("alb.ingress.kubernetes.io/target-type", "ip")
                .build();
        new Fabric8TenantInfrastructure(cluster.client, alb).apply(placement("acme", Tier.PREMIUM));

        Ingress ingress = get(Ingress.class, "shelfwise");
        assertEquals("alb", ingress.getSpec().getIngressClassName());
        assertEquals("acme.shops.example.com", ingress.getSpec().getRules().getFirst().getHost());
        assertEquals(Map.of("alb.ingress.kubernetes.io/target-type", "ip"), ingress.getMetadata().getAnnotations());
    }

    @Test
    void siloed_containers_get_the_configured_environment_and_secret() {
        KubernetesSettings withDb = KubernetesSettings.builder().appImage(IMAGE).readyTimeout(Duration.ZERO)
                .workloadEnv("SHELFWISE_DB_URL", "jdbc:postgresql://db.internal:5432/shelfwise")
                .workloadSecret("shelfwise-db")
                .build();
        new Fabric8TenantInfrastructure(cluster.client, withDb).apply(placement("acme", Tier.PREMIUM));

        Container app = deployment().getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertTrue(app.getEnv().stream().anyMatch(e -> e.getName().equals("SHELFWISE_DB_URL")
                && e.getValue().equals("jdbc:postgresql://db.internal:5432/shelfwise")));
        assertEquals(List.of("shelfwise-db"),
                app.getEnvFrom().stream().map(e -> e.getSecretRef().getName()).toList());
    }

    // ---- idempotency and tier changes ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Tier.class)
    void applying_the_same_placement_twice_leaves_the_same_objects_and_no_duplicates(Tier tier) {
        infrastructure.apply(placement("acme", tier));
        Map<String, String> first = cluster.snapshot(cluster.objectsOf("acme"));
        Map<String, String> firstRouting = cluster.poolRouting(SETTINGS);

        infrastructure.apply(placement("acme", tier));

        assertEquals(first, cluster.snapshot(cluster.objectsOf("acme")));
        assertEquals(firstRouting, cluster.poolRouting(SETTINGS));
        long outsideTheNamespace = first.keySet().stream()
                .filter(k -> k.startsWith("Namespace ") || k.startsWith("NodePool ")).count();
        assertEquals(first.size(), cluster.objectsIn("shelfwise-acme").size() + outsideTheNamespace,
                "nothing unlabelled either");
    }

    @Test
    void upgrading_from_standard_to_premium_adds_the_dedicated_workload_and_takes_the_tenant_out_of_the_pool() {
        infrastructure.apply(placement("acme", Tier.STANDARD));
        infrastructure.apply(placement("acme", Tier.PREMIUM));

        assertEquals(siloedObjects(), cluster.objectsOf("acme").keySet());
        assertEquals(Map.of(), cluster.poolRouting(SETTINGS));
        assertEquals("premium", cluster.namespace("shelfwise-acme").getMetadata().getLabels().get("shelfwise.io/tier"));
        assertEquals(cores(TIERS.of(Tier.PREMIUM).compute().quotaCpuMillis()),
                amount(get(ResourceQuota.class, "tenant-quota").getSpec().getHard().get("limits.cpu")));
    }

    @ParameterizedTest
    @EnumSource(value = Tier.class, names = {"PREMIUM", "ENTERPRISE"})
    void downgrading_to_standard_removes_the_dedicated_workload_and_puts_the_tenant_in_the_pool(Tier from) {
        infrastructure.apply(placement("acme", from));
        infrastructure.apply(placement("acme", Tier.STANDARD));

        assertEquals(POOLED_OBJECTS, cluster.objectsOf("acme").keySet());
        assertEquals(POOLED_OBJECTS.size() - 1, cluster.objectsIn("shelfwise-acme").size(), "nothing unlabelled");
        assertEquals(Map.of("acme", "standard"), cluster.poolRouting(SETTINGS));
        assertEquals(cores(TIERS.of(Tier.STANDARD).compute().quotaCpuMillis()),
                amount(get(ResourceQuota.class, "tenant-quota").getSpec().getHard().get("limits.cpu")));
    }

    @Test
    void moving_from_enterprise_to_premium_resizes_the_one_deployment() {
        infrastructure.apply(placement("acme", Tier.ENTERPRISE));
        infrastructure.apply(placement("acme", Tier.PREMIUM));

        assertEquals(siloedObjects(), cluster.objectsOf("acme").keySet());
        Deployment deployment = deployment();
        assertEquals(2, deployment.getSpec().getReplicas());
        var resources = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
        assertNotEquals(amount(resources.getRequests().get("cpu")), amount(resources.getLimits().get("cpu")),
                "premium is no longer Guaranteed");
        assertEquals(new IntOrString(1), get(PodDisruptionBudget.class, "shelfwise").getSpec().getMinAvailable());
        assertEquals("premium", deployment.getSpec().getTemplate().getMetadata().getLabels().get("shelfwise.io/tier"));
    }

    @Test
    void an_upgrade_keeps_the_tenant_in_the_pool_until_its_own_pods_are_ready() throws Exception {
        KubernetesSettings waiting = KubernetesSettings.builder().appImage(IMAGE)
                .readyTimeout(Duration.ofSeconds(20)).build();
        Fabric8TenantInfrastructure infra = new Fabric8TenantInfrastructure(cluster.client, waiting);
        infra.apply(placement("acme", Tier.STANDARD));

        CompletableFuture<Void> upgrade =
                CompletableFuture.runAsync(() -> infra.apply(placement("acme", Tier.PREMIUM)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (deployment() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertNotNull(deployment(), "the dedicated Deployment is created first");
        Thread.sleep(300);
        assertFalse(upgrade.isDone(), "apply waits for the rollout");
        assertEquals(Map.of("acme", "standard"), cluster.poolRouting(SETTINGS), "the pool still serves the tenant");

        cluster.markRolledOut(deployment());

        upgrade.get(10, TimeUnit.SECONDS);
        assertEquals(Map.of(), cluster.poolRouting(SETTINGS));
    }

    @Test
    void an_upgrade_whose_pods_never_get_ready_fails_naming_the_node_group_and_leaves_the_tenant_in_the_pool() {
        KubernetesSettings impatient = KubernetesSettings.builder().appImage(IMAGE)
                .readyTimeout(Duration.ofMillis(300)).build();
        Fabric8TenantInfrastructure infra = new Fabric8TenantInfrastructure(cluster.client, impatient);
        infra.apply(placement("acme", Tier.STANDARD));

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> infra.apply(placement("acme", Tier.PREMIUM)));

        assertTrue(failure.getMessage().contains("tenant acme"), failure.getMessage());
        assertTrue(failure.getMessage().contains("tenant-acme"), failure.getMessage());
        assertEquals(Map.of("acme", "standard"), cluster.poolRouting(SETTINGS));
    }

    @Test
    void reapplying_keeps_what_other_controllers_and_admins_added() {
        infrastructure.apply(placement("acme", Tier.PREMIUM));
        cluster.client.namespaces().withName("shelfwise-acme").edit(n -> new NamespaceBuilder(n)
                .editMetadata().addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata()
                .build());
        cluster.client.network().v1().ingresses().inNamespace("shelfwise-acme").withName("shelfwise")
                .edit(i -> {
                    i.getMetadata().setFinalizers(List.of("ingress.k8s.aws/resources"));
                    return i;
                });

        infrastructure.apply(placement("acme", Tier.ENTERPRISE));

        assertEquals("restricted", cluster.namespace("shelfwise-acme").getMetadata().getLabels()
                .get("pod-security.kubernetes.io/enforce"));
        assertEquals("enterprise", cluster.namespace("shelfwise-acme").getMetadata().getLabels()
                .get("shelfwise.io/tier"));
        assertEquals(List.of("ingress.k8s.aws/resources"),
                get(Ingress.class, "shelfwise").getMetadata().getFinalizers());
    }

    // ---- offboarding and neighbours --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Tier.class)
    void offboarding_leaves_nothing_of_the_tenant(Tier tier) {
        infrastructure.apply(placement("acme", tier));
        assertFalse(cluster.objectsOf("acme").isEmpty());

        infrastructure.remove(new TenantId("acme"));

        assertEquals(Map.of(), cluster.objectsOf("acme"));
        assertNull(cluster.namespace("shelfwise-acme"));
        assertEquals(Map.of(), cluster.objectsIn("shelfwise-acme"));
        assertFalse(cluster.poolRouting(SETTINGS).containsKey("acme"));
    }

    @Test
    void offboarding_twice_or_offboarding_an_unknown_tenant_is_harmless() {
        infrastructure.apply(placement("globex", Tier.STANDARD));
        Map<String, String> globex = cluster.snapshot(cluster.objectsOf("globex"));

        infrastructure.remove(new TenantId("acme"));
        infrastructure.remove(new TenantId("acme"));

        assertEquals(globex, cluster.snapshot(cluster.objectsOf("globex")));
        assertEquals(Map.of("globex", "standard"), cluster.poolRouting(SETTINGS));
    }

    @Test
    void two_tenants_get_separate_namespaces_and_removing_one_keeps_the_other() {
        infrastructure.apply(placement("acme", Tier.STANDARD));
        infrastructure.apply(placement("globex", Tier.STANDARD));
        infrastructure.apply(placement("initech", Tier.PREMIUM));
        Map<String, String> globex = cluster.snapshot(cluster.objectsOf("globex"));
        Map<String, String> initech = cluster.snapshot(cluster.objectsOf("initech"));

        Set<String> namespaces = Set.of("acme", "globex", "initech").stream()
                .flatMap(t -> cluster.objectsOf(t).values().stream())
                .filter(o -> o instanceof Namespace).map(o -> o.getMetadata().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("shelfwise-acme", "shelfwise-globex", "shelfwise-initech"), namespaces);
        assertTrue(cluster.objectsIn("shelfwise-globex").values().stream()
                .allMatch(o -> "globex".equals(o.getMetadata().getLabels().get("shelfwise.io/tenant"))));

        infrastructure.remove(new TenantId("acme"));

        assertEquals(Map.of(), cluster.objectsOf("acme"));
        assertEquals(globex, cluster.snapshot(cluster.objectsOf("globex")));
        assertEquals(initech, cluster.snapshot(cluster.objectsOf("initech")));
        assertEquals(Map.of("globex", "standard"), cluster.poolRouting(SETTINGS));
    }

    @Test
    void a_namespace_that_belongs_to_another_tenant_is_refused_and_left_alone() {
        infrastructure.apply(placement("globex", Tier.STANDARD));
        Map<String, String> globex = cluster.snapshot(cluster.objectsOf("globex"));
        TenantPlacement clash = new TenantPlacement(new TenantId("acme"), TIERS.of(Tier.PREMIUM),
                "shelfwise-globex", "tenant-acme", NAMING.roleArn(new TenantId("acme")));

        assertThrows(ConflictException.class, () -> infrastructure.apply(clash));

        assertEquals(globex, cluster.snapshot(cluster.objectsOf("globex")));
        assertEquals(Map.of(), cluster.objectsOf("acme"));
    }

    @Test
    void a_namespace_created_outside_shelfwise_is_refused() {
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shelfwise-acme")
                .endMetadata().build()).create();

        assertThrows(ConflictException.class, () -> infrastructure.apply(placement("acme", Tier.STANDARD)));

        assertEquals(Map.of(), cluster.objectsIn("shelfwise-acme"));
    }

    @Test
    void a_tenant_whose_namespace_would_be_the_pools_is_refused() {
        // The domain reserves the id "pool"; a pool installed under another namespace name is guarded here.
        Fabric8TenantInfrastructure blue = new Fabric8TenantInfrastructure(cluster.client, KubernetesSettings.builder()
                .appImage(IMAGE).readyTimeout(Duration.ZERO).poolNamespace("shelfwise-blue").build());
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shelfwise-blue")
                .endMetadata().build()).create();

        assertThrows(ConflictException.class, () -> blue.apply(placement("blue", Tier.STANDARD)));

        assertEquals(Map.of(), cluster.objectsIn("shelfwise-blue"));
    }

    @Test
    void a_placement_with_odd_compute_still_fits_its_quota() {
        var policy = TIERS.of(Tier.PREMIUM);
        var tight = new TierPolicy(Tier.PREMIUM, policy.requestsPerSecond(), policy.burst(),
                policy.eventsPerMonth(), policy.maxCatalogItems(), policy.deploymentModel(), policy.endpoint(),
                policy.resourceClass(), new ComputeProfile(2, 1_000, 1_024, 2_000, 2_048, false),
                new BigDecimal("2499"));
        TenantId acme = new TenantId("acme");
        infrastructure.apply(TenantPlacement.of(acme, tight, NAMING, NAMING.roleArn(acme)));

        Deployment deployment = deployment();
        var rolling = deployment.getSpec().getStrategy().getRollingUpdate();
        assertEquals(new IntOrString(0), rolling.getMaxSurge(), "no room for a surge pod");
        assertEquals(new IntOrString(1), rolling.getMaxUnavailable());
        var limits = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources()
                .getLimits();
        assertEquals(cores(1_000), amount(limits.get("cpu")));
        assertEquals(bytes(1_024), amount(limits.get("memory")));
    }
}
