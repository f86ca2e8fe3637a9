package io.shelfwise.adapters.k8s;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.tenancy.ComputeProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects a {@link TenantPlacement} asks for, built as plain values (nothing here talks to a
 * cluster). Every object carries the tenant label, which is how the adapter finds what to update or delete.
 */
final class TenantManifests {
    static final String TENANT_LABEL = "shelfwise.io/tenant";
    static final String TIER_LABEL = "shelfwise.io/tier";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "shelfwise";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String APP_NAME = "shelfwise";
    static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
    /** Namespaces carry this label since Kubernetes 1.21; network policies select namespaces by it. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    static final String WORKLOAD = "shelfwise";
    static final String QUOTA = "tenant-quota";
    static final String LIMITS = "tenant-limits";
    static final String DENY_ALL = "default-deny";
    static final String ALLOW_SERVING = "allow-serving";
    static final String HEALTH_PATH = "/observe/health";
    static final String PORT_NAME = "http";
    static final int SERVICE_PORT = 80;
    static final String DATA_DIR = "/data";

    private final TenantPlacement placement;
    private final KubernetesSettings settings;
    private final String tenant;
    private final String namespace;

    private final String image;

    TenantManifests(TenantPlacement placement, KubernetesSettings settings) {
        this(placement, settings, settings.appImage());
    }

    /** @param image what the tenant's Deployment runs (the fleet's current image, which rollouts change) */
    TenantManifests(TenantPlacement placement, KubernetesSettings settings, String image) {
        this.placement = placement;
        this.settings = settings;
        this.image = image;
        this.tenant = placement.tenant().value();
        this.namespace = placement.namespace();
    }

    /** The labels every object of the tenant carries; selecting by them finds all of its objects. */
    static Map<String, String> ownership(String tenantId) {
        return Map.of(TENANT_LABEL, tenantId, MANAGED_BY_LABEL, MANAGED_BY);
    }

    /** Karpenter's NodePool kind, cluster-scoped; the CRD Karpenter installs on the cluster. */
    static final ResourceDefinitionContext NODE_POOL = new ResourceDefinitionContext.Builder()
            .withGroup("karpenter.sh").withVersion("v1").withKind("NodePool").withPlural("nodepools")
            .withNamespaced(false).build();

    /**
     * The tenant's dedicated nodes as a Karpenter NodePool: nodes labelled and tainted {@code tenant-<id>} exactly
     * as the tenant's pods select and tolerate, on-demand capacity, limited to the tenant's namespace quota
     * (Guaranteed tiers are never consolidated away while a node runs pods).
     */
    GenericKubernetesResource nodePool() {
        String tenant = placement.tenant().value();
        ComputeProfile compute = placement.policy().compute();
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("template", Map.of(
                "metadata", Map.of("labels", Map.of(settings.nodeGroupLabelKey(), nodeGroup(tenant))),
                "spec", Map.of(
                        "nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass",
                                "name", settings.nodeClass()),
                        "taints", List.of(Map.of("key", settings.taintKey(), "value", nodeGroup(tenant),
                                "effect", "NoSchedule")),
                        "requirements", List.of(
                                Map.of("key", "karpenter.sh/capacity-type", "operator", "In",
                                        "values", List.of("on-demand")),
                                Map.of("key", "kubernetes.io/arch", "operator", "In", "values", List.of("amd64"))))));
        spec.put("limits", Map.of("cpu", compute.quotaCpuMillis() + "m", "memory", compute.quotaMemoryMiB() + "Mi"));
        spec.put("disruption", Map.of("consolidationPolicy",
                compute.guaranteed() ? "WhenEmpty" : "WhenEmptyOrUnderutilized", "consolidateAfter", "5m"));
        GenericKubernetesResource pool = new GenericKubernetesResource();
        pool.setApiVersion("karpenter.sh/v1");
        pool.setKind("NodePool");
        pool.setMetadata(new ObjectMetaBuilder().withName(nodeGroup(tenant)).withLabels(labels()).build());
        pool.setAdditionalProperty("spec", spec);
        return pool;
    }

    /** Node label value and taint value of the tenant's dedicated node group. */
    static String nodeGroup(String tenantId) {
        return "tenant-" + tenantId;
    }

    Namespace namespace() {
        return new NamespaceBuilder().withMetadata(new ObjectMetaBuilder()
                .withName(namespace)
                .withLabels(labels())
                .build()).build();
    }

    ServiceAccount serviceAccount() {
        return new ServiceAccountBuilder()
                .withMetadata(metaBuilder(placement.serviceAccount())
                        .addToAnnotations(ROLE_ARN_ANNOTATION, placement.roleArn())
                        .build())
                // Tenant pods never call the Kubernetes API; IRSA mounts its own web-identity token.
                .withAutomountServiceAccountToken(false)
                .build();
    }

    ResourceQuota resourceQuota() {
        ComputeProfile compute = placement.policy().compute();
        Quantity cpu = millis(compute.quotaCpuMillis());
        Quantity memory = mebibytes(compute.quotaMemoryMiB());
        return new ResourceQuotaBuilder()
                .withMetadata(meta(QUOTA))
                .withNewSpec()
                .addToHard("requests.cpu", cpu)
                .addToHard("requests.memory", memory)
                .addToHard("limits.cpu", cpu)
                .addToHard("limits.memory", memory)
                .endSpec()
                .build();
    }

    LimitRange limitRange() {
        PodSizing sizing = sizing();
        return new LimitRangeBuilder()
                .withMetadata(meta(LIMITS))
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .addToDefaultRequest("cpu", millis(sizing.cpuRequestMillis()))
                .addToDefaultRequest("memory", mebibytes(sizing.memoryRequestMiB()))
                .addToDefault("cpu", millis(sizing.cpuLimitMillis()))
                .addToDefault("memory", mebibytes(sizing.memoryLimitMiB()))
                .endLimit()
                .endSpec()
                .build();
    }

    /** Denies all traffic to and from every pod of the namespace; {@link #allowServing()} opens what serving needs. */
    NetworkPolicy denyAll() {
        return new NetworkPolicyBuilder()
                .withMetadata(meta(DENY_ALL))
                .withNewSpec()
                .withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    /**
     * Lets the ingress controller and the pool reach the app port, and lets pods resolve names and reach AWS
     * APIs and the database; nothing else, in particular no other tenant's namespace.
     */
    NetworkPolicy allowServing() {
        List<NetworkPolicyPort> egressPorts = new ArrayList<>();
        egressPorts.add(port("UDP", 53));
        egressPorts.add(port("TCP", 53));
        settings.egressTcpPorts().forEach(p -> egressPorts.add(port("TCP", p)));
        return new NetworkPolicyBuilder()
                .withMetadata(meta(ALLOW_SERVING))
                .withNewSpec()
                .withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress()
                .addNewFrom().withNewNamespaceSelector()
                .addToMatchLabels(NAMESPACE_NAME_LABEL, settings.ingressNamespace())
                .endNamespaceSelector().endFrom()
                .addNewFrom().withNewNamespaceSelector()
                .addToMatchLabels(NAMESPACE_NAME_LABEL, settings.poolNamespace())
                .endNamespaceSelector().endFrom()
                .withPorts(port("TCP", settings.appPort()))
                .endIngress()
                .addNewEgress()
                .withPorts(egressPorts)
                .endEgress()
                .endSpec()
                .build();
    }

    Deployment deployment() {
        ComputeProfile compute = placement.policy().compute();
        PodSizing sizing = sizing();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("SHELFWISE_TENANT", tenant, null));
        env.add(new EnvVar("SHELFWISE_HOST", "0.0.0.0", null));
        env.add(new EnvVar("SHELFWISE_PORT", Integer.toString(settings.appPort()), null));
        env.add(new EnvVar("SHELFWISE_DATA_DIR", DATA_DIR, null));
        settings.workloadEnv().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> env.add(new EnvVar(e.getKey(), e.getValue(), null)));
        ContainerBuilder container = new ContainerBuilder()
                .withName(WORKLOAD)
                .withImage(image)
                .addNewPort().withName(PORT_NAME).withContainerPort(settings.appPort()).withProtocol("TCP").endPort()
                .withEnv(env)
                .withNewResources()
                .addToRequests("cpu", millis(sizing.cpuRequestMillis()))
                .addToRequests("memory", mebibytes(sizing.memoryRequestMiB()))
                .addToLimits("cpu", millis(sizing.cpuLimitMillis()))
                .addToLimits("memory", mebibytes(sizing.memoryLimitMiB()))
                .endResources()
                .withReadinessProbe(healthProbe(5, 10, 3))
                .withLivenessProbe(healthProbe(30, 20, 3))
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("data").withMountPath(DATA_DIR).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount();
        settings.workloadSecret().ifPresent(secret ->
                container.addNewEnvFrom().withNewSecretRef().withName(secret).endSecretRef().endEnvFrom());
        return new DeploymentBuilder()
                .withMetadata(meta(WORKLOAD))
                .withNewSpec()
                .withReplicas(compute.replicas())
                .withRevisionHistoryLimit(3)
                .withNewSelector().withMatchLabels(selector()).endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString(sizing.surge()))
                .withMaxUnavailable(new IntOrString(1 - sizing.surge()))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels()).endMetadata()
                .withNewSpec()
                .withServiceAccountName(placement.serviceAccount())
                .withAutomountServiceAccountToken(false)
                .addToNodeSelector(settings.nodeGroupLabelKey(), nodeGroup(tenant))
                .addNewToleration()
                .withKey(settings.taintKey())
                .withOperator("Equal")
                .withValue(nodeGroup(tenant))
                .withEffect("NoSchedule")
                .endToleration()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container.build())
                // Scratch space only: tenant data lives behind the ports (PostgreSQL, DynamoDB, S3).
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Keeps all but one replica up through voluntary disruptions (node drains), and never fewer than one. */
    PodDisruptionBudget podDisruptionBudget() {
        int minAvailable = Math.max(1, placement.policy().compute().replicas() - 1);
        return new PodDisruptionBudgetBuilder()
                .withMetadata(meta(WORKLOAD))
                .withNewSpec()
                .withMinAvailable(new IntOrString(minAvailable))
                .withNewSelector().withMatchLabels(selector()).endSelector()
                .endSpec()
                .build();
    }

    Service service() {
        return new ServiceBuilder()
                .withMetadata(meta(WORKLOAD))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector())
                .addNewPort()
                .withName(PORT_NAME)
                .withProtocol("TCP")
                .withPort(SERVICE_PORT)
                .withTargetPort(new IntOrString(PORT_NAME))
                .endPort()
                .endSpec()
                .build();
    }

    Ingress ingress() {
        return new IngressBuilder()
                .withMetadata(metaBuilder(WORKLOAD).withAnnotations(new LinkedHashMap<>(settings.ingressAnnotations()))
                        .build())
                .withNewSpec()
                .withIngressClassName(settings.ingressClass())
                .addNewRule()
                .withHost(settings.dedicatedHost(tenant))
                .withNewHttp()
                .addNewPath()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(WORKLOAD)
                .withNewPort().withName(PORT_NAME).endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .endSpec()
                .build();
    }

    private PodSizing sizing() {
        return PodSizing.of(placement.policy().compute());
    }

    private Probe healthProbe(int initialDelaySeconds, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(HEALTH_PATH).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }

    /** Immutable once the Deployment exists, so it holds nothing that a tier change alters. */
    private Map<String, String> selector() {
        return Map.of(NAME_LABEL, APP_NAME, TENANT_LABEL, tenant);
    }

    private Map<String, String> podLabels() {
        Map<String, String> labels = labels();
        labels.put(NAME_LABEL, APP_NAME);
        return labels;
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(ownership(tenant));
        labels.put(TIER_LABEL, placement.policy().tier().wireName());
        return labels;
    }

    private ObjectMeta meta(String name) {
        return metaBuilder(name).build();
    }

    private ObjectMetaBuilder metaBuilder(String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels());
    }

    private static Quantity millis(int value) {
        return new Quantity(value + "m");
    }

    private static Quantity mebibytes(int value) {
        return new Quantity(value + "Mi");
    }
}
