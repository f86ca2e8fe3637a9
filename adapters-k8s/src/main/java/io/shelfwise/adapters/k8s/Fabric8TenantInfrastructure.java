package io.shelfwise.adapters.k8s;

import static io.shelfwise.adapters.k8s.TenantManifests.TENANT_LABEL;
import static io.shelfwise.adapters.k8s.TenantManifests.ownership;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.shelfwise.common.ConflictException;
import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.tenancy.TenantId;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Makes a {@link TenantPlacement} real on Kubernetes: the tenant's namespace with quota, limits, network policies
 * and IRSA service account, plus either its own Deployment, PDB, Service and Ingress (siloed tiers) or an entry in
 * the shared pool's routing ConfigMap (pooled tier).
 *
 * <p>Objects are created, or, when they exist, merged with the desired object as a JSON merge patch would merge
 * them, so that fields other controllers own (the ALB controller's finalizers, a Service's cluster IP, labels an
 * admin put on the namespace) survive. The merge is computed here and sent as the JSON patch of the difference:
 * server-side apply would be the better fit on a real cluster, but fabric8's mock API server implements neither
 * it nor RFC 7386 merge patches (it appends lists and keeps nulls), and the tests must exercise the same calls
 * that production makes.
 */
public final class Fabric8TenantInfrastructure implements TenantInfrastructure {
    private static final System.Logger LOG = System.getLogger(Fabric8TenantInfrastructure.class.getName());

    /** Every kind this adapter writes into a tenant's namespace; pruning and removal walk this list. */
    static final List<Class<? extends HasMetadata>> TENANT_KINDS = List.of(
            ServiceAccount.class, ResourceQuota.class, LimitRange.class, NetworkPolicy.class,
            Deployment.class, PodDisruptionBudget.class, Service.class, Ingress.class);

    private static final int ROUTING_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final String poolDeployment;

    /**
     * @param client   a client allowed to manage namespaces and the tenant objects cluster-wide (see the chart's
     *                 ClusterRole); not closed by this adapter
     * @param settings where the pool runs and what siloed tenants run
     */
    public Fabric8TenantInfrastructure(KubernetesClient client, KubernetesSettings settings) {
        this(client, settings, null);
    }

    /**
     * @param poolDeployment the pool's Deployment in the pool namespace, whose image a new siloed tenant runs (the
     *                       image the last rollout shipped); null: {@link KubernetesSettings#appImage()}
     */
    public Fabric8TenantInfrastructure(KubernetesClient client, KubernetesSettings settings, String poolDeployment) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.poolDeployment = poolDeployment;
    }

    @Override
    public void apply(TenantPlacement placement) {
        String tenant = placement.tenant().value();
        TenantManifests manifests = new TenantManifests(placement, settings,
                placement.siloed() ? fleetImage(placement) : settings.appImage());
        claimNamespace(placement, manifests.namespace());

        List<HasMetadata> desired = new ArrayList<>(List.of(manifests.serviceAccount(), manifests.resourceQuota(),
                manifests.limitRange(), manifests.denyAll(), manifests.allowServing()));
        if (placement.siloed()) {
            desired.addAll(List.of(manifests.deployment(), manifests.podDisruptionBudget(), manifests.service(),
                    manifests.ingress()));
            // The dedicated nodes first, so the tenant's pods have somewhere to run.
            applyNodePool(manifests.nodePool());
        }
        desired.forEach(this::createOrMerge);

        // Traffic moves before the old placement goes: a tenant leaves the pool only once its own pods serve,
        // and joins the pool before its own pods are deleted.
        if (placement.siloed()) {
            awaitRollout(placement);
            leavePool(tenant);
        } else {
            joinPool(tenant, placement.policy().tier().wireName());
        }
        prune(placement.namespace(), tenant, desired);
        if (!placement.siloed()) {
            // Only once the tenant is served by the pool again, and its own pods are gone.
            nodePools().withName(TenantManifests.nodeGroup(tenant)).delete();
        }
        LOG.log(System.Logger.Level.INFO, () -> "k8s.apply tenant=%s tier=%s namespace=%s siloed=%s"
                .formatted(tenant, placement.policy().tier().wireName(), placement.namespace(), placement.siloed()));
    }

    /**
     * The image a siloed tenant runs: the one its Deployment runs already (an image rollout may have changed it;
     * re-applying a placement must not undo that), else the pool's, else the configured one.
     */
    private String fleetImage(TenantPlacement placement) {
        Deployment own = client.apps().deployments().inNamespace(placement.namespace())
                .withName(TenantManifests.WORKLOAD).get();
        if (own != null) {
            return Fabric8AppDeployments.container(own).getImage();
        }
        if (poolDeployment != null) {
            Deployment pool = client.apps().deployments().inNamespace(settings.poolNamespace())
                    .withName(poolDeployment).get();
            if (pool != null) {
                return Fabric8AppDeployments.container(pool).getImage();
            }
        }
        return settings.appImage();
    }

    @Override
    public java.util.Optional<String> dedicatedEndpoint(TenantId tenant, boolean siloed) {
        return siloed ? java.util.Optional.of("https://" + settings.dedicatedHost(tenant.value()))
                : java.util.Optional.empty();
    }

    @Override
    public void remove(TenantId tenantId) {
        String tenant = tenantId.value();
        leavePool(tenant);
        List<Namespace> namespaces = client.namespaces().withLabels(ownership(tenant)).list().getItems();
        for (Namespace namespace : namespaces) {
            String name = namespace.getMetadata().getName();
            // A real API server would delete these with the namespace; deleting them first also covers API
            // servers (and the mock) that do not cascade, and stops the dedicated endpoint before anything else.
            deleteOwned(name, tenant, TENANT_KINDS.reversed(), Set.of());
            client.namespaces().withName(name).delete();
        }
        nodePools().withName(TenantManifests.nodeGroup(tenant)).delete();
        LOG.log(System.Logger.Level.INFO, () -> "k8s.remove tenant=%s namespaces=%s".formatted(tenant,
                namespaces.stream().map(n -> n.getMetadata().getName()).toList()));
    }

    /**
     * Creates or updates the tenant's namespace, refusing one that belongs to someone else: the pool's or the
     * ingress controller's namespace, or one labelled for another tenant (or for nobody) by a name clash.
     */
    private void claimNamespace(TenantPlacement placement, Namespace namespace) {
        String name = placement.namespace();
        String tenant = placement.tenant().value();
        if (name.equals(settings.poolNamespace()) || name.equals(settings.ingressNamespace())) {
            throw new ConflictException("namespace " + name + " of tenant " + tenant
                    + " is the platform's own (pool or ingress); pick another tenant id or resource prefix");
        }
        Namespace existing = client.namespaces().withName(name).get();
        if (existing != null) {
            Map<String, String> labels = existing.getMetadata().getLabels();
            String owner = labels == null ? null : labels.get(TENANT_LABEL);
            if (!tenant.equals(owner)) {
                throw new ConflictException("namespace " + name + " already exists and belongs to "
                        + (owner == null ? "no Shelfwise tenant" : "tenant " + owner) + ", not to tenant " + tenant);
            }
        }
        createOrMerge(namespace);
    }

    private <T extends HasMetadata> void createOrMerge(T desired) {
        Resource<T> resource = byName(desired);
        if (resource.get() == null) {
            try {
                client.resource(desired).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        KubernetesSerialization json = client.getKubernetesSerialization();
        Object patch = json.convertValue(desired, Map.class);
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) desired.getClass();
        resource.edit(current ->
                json.convertValue(MergePatch.apply(json.convertValue(current, Map.class), patch), kind));
    }

    private <T extends HasMetadata> Resource<T> byName(T item) {
        @SuppressWarnings("unchecked")
        MixedOperation<T, ?, Resource<T>> all = client.resources((Class<T>) item.getClass());
        String namespace = item.getMetadata().getNamespace();
        String name = item.getMetadata().getName();
        return namespace == null ? all.withName(name) : all.inNamespace(namespace).withName(name);
    }

    /** Deletes the tenant's objects in its namespace that {@code desired} no longer lists (e.g. after a downgrade). */
    private void prune(String namespace, String tenant, List<HasMetadata> desired) {
        deleteOwned(namespace, tenant, TENANT_KINDS,
                desired.stream().map(Fabric8TenantInfrastructure::key).collect(Collectors.toSet()));
    }

    /**
     * Deletes, one by one, the objects of {@code kinds} labelled as the tenant's in {@code namespace}, except those
     * in {@code keep}. One by one rather than a collection delete, so the platform needs no deletecollection right.
     */
    private void deleteOwned(String namespace, String tenant, List<Class<? extends HasMetadata>> kinds,
                             Set<String> keep) {
        for (Class<? extends HasMetadata> kind : kinds) {
            for (HasMetadata existing : client.resources(kind).inNamespace(namespace)
                    .withLabels(ownership(tenant)).list().getItems()) {
                String name = existing.getMetadata().getName();
                if (!keep.contains(HasMetadata.getKind(kind) + "/" + name)) {
                    client.resources(kind).inNamespace(namespace).withName(name).delete();
                }
            }
        }
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<io.fabric8.kubernetes.api.model.GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<io.fabric8.kubernetes.api.model.GenericKubernetesResource>>
            nodePools() {
        return client.genericKubernetesResources(TenantManifests.NODE_POOL);
    }

    /** Creates the NodePool, or replaces the spec and labels of the existing one (Karpenter owns its status). */
    private void applyNodePool(io.fabric8.kubernetes.api.model.GenericKubernetesResource pool) {
        var existing = nodePools().withName(pool.getMetadata().getName()).get();
        if (existing == null) {
            nodePools().resource(pool).create();
        } else {
            existing.getMetadata().setLabels(pool.getMetadata().getLabels());
            existing.setAdditionalProperty("spec", pool.getAdditionalProperties().get("spec"));
            nodePools().resource(existing).update();
        }
    }

    private static String key(HasMetadata item) {
        return HasMetadata.getKind(item.getClass()) + "/" + item.getMetadata().getName();
    }

    private void awaitRollout(TenantPlacement placement) {
        if (settings.readyTimeout().isZero()) {
            return;
        }
        try {
            client.apps().deployments().inNamespace(placement.namespace()).withName(TenantManifests.WORKLOAD)
                    .waitUntilCondition(Fabric8TenantInfrastructure::rolledOut,
                            settings.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException("tenant " + placement.tenant() + ": Deployment "
                    + placement.namespace() + "/" + TenantManifests.WORKLOAD + " did not become ready within "
                    + settings.readyTimeout() + "; the tenant stays on its previous placement. Check that node group "
                    + TenantManifests.nodeGroup(placement.tenant().value()) + " exists with label "
                    + settings.nodeGroupLabelKey() + " and taint " + settings.taintKey()
                    + ", then apply again", e);
        }
    }

    /** Same test as {@code kubectl rollout status}: the latest spec is observed and all its replicas available. */
    static boolean rolledOut(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null) {
            return false;
        }
        DeploymentStatus status = deployment.getStatus();
        int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        Long generation = deployment.getMetadata().getGeneration();
        boolean observed = generation == null
                || (status.getObservedGeneration() != null && status.getObservedGeneration() >= generation);
        int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
        return observed
                && updated >= wanted
                && Objects.requireNonNullElse(status.getReplicas(), 0) <= updated
                && Objects.requireNonNullElse(status.getAvailableReplicas(), 0) >= updated;
    }

    /** Adds the tenant to the pool's routing, or updates its tier there. */
    private void joinPool(String tenant, String tier) {
        if (!editPoolRouting(routes -> routes.put(tenant, tier))) {
            try {
                client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(settings.poolRoutingConfigMap())
                        .withNamespace(settings.poolNamespace())
                        .addToLabels(TenantManifests.NAME_LABEL, TenantManifests.APP_NAME)
                        .endMetadata()
                        .addToData(tenant, tier)
                        .build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                editPoolRouting(routes -> routes.put(tenant, tier));
            }
        }
    }

    private void leavePool(String tenant) {
        editPoolRouting(routes -> routes.remove(tenant));
    }

    /**
     * Read-modify-write of the routing entries, locked on the ConfigMap's resource version and retried on a
     * conflict, so that concurrent onboardings never lose each other's entries; labels and annotations (Helm's)
     * are written back as read. Returns false when the ConfigMap does not exist.
     */
    private boolean editPoolRouting(Consumer<Map<String, String>> change) {
        for (int attempt = 1; ; attempt++) {
            ConfigMap routing = routingConfigMap().get();
            if (routing == null) {
                return false;
            }
            Map<String, String> before = routing.getData() == null ? Map.of() : routing.getData();
            Map<String, String> after = new TreeMap<>(before);
            change.accept(after);
            if (after.equals(before)) {
                return true;
            }
            routing.setData(after);
            try {
                client.resource(routing).lockResourceVersion(routing.getMetadata().getResourceVersion()).update();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ROUTING_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Resource<ConfigMap> routingConfigMap() {
        return client.configMaps().inNamespace(settings.poolNamespace()).withName(settings.poolRoutingConfigMap());
    }
}
