package io.shelfwise.adapters.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode, bound to loopback, plus the questions the tests ask of it. The mock
 * stores whatever it is sent and validates nothing, so tests read objects back and check them field by field.
 */
final class MockCluster implements AutoCloseable {
    /**
     * Every kind a tenant could plausibly own, deliberately wider than what the adapter writes: a stray object of
     * a kind the adapter forgot to prune would still show up here.
     */
    private static final List<Class<? extends HasMetadata>> NAMESPACED_KINDS = List.of(
            ServiceAccount.class, ResourceQuota.class, LimitRange.class, NetworkPolicy.class, Deployment.class,
            StatefulSet.class, PodDisruptionBudget.class, Service.class, Ingress.class, ConfigMap.class,
            Secret.class, Pod.class, Job.class, HorizontalPodAutoscaler.class, Role.class, RoleBinding.class);

    /** User agent of {@link #platformClient}, which tells the adapter's requests from the test's own. */
    static final String PLATFORM_AGENT = "shelfwise-platform";

    private final KubernetesMockServer server;
    /** The test's own view of the cluster (and the adapter's, where requests are not inspected). */
    final KubernetesClient client;
    /** A client whose requests {@link #platformRequests()} returns. */
    final KubernetesClient platformClient;

    MockCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        platformClient = server.createClient(builder -> builder.editOrNewConfig()
                .withUserAgent(PLATFORM_AGENT).endConfig());
    }

    /** "METHOD path" of every request {@link #platformClient} made so far, in order. */
    List<String> platformRequests() {
        List<String> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
                if (PLATFORM_AGENT.equals(request.getHeader("User-Agent"))) {
                    requests.add(request.getMethod() + " " + request.getPath());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return requests;
    }

    /**
     * Plays the Deployment controller for one Deployment: once it exists, reports all its replicas updated and
     * available, as a real cluster does when the pods pass their readiness probes.
     */
    CompletableFuture<Void> rollOutWhenCreated(String namespace, String name) {
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Deployment deployment;
            while ((deployment = client.apps().deployments().inNamespace(namespace).withName(name).get()) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("deployment " + namespace + "/" + name + " never appeared");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            markRolledOut(deployment);
        });
    }

    void markRolledOut(Deployment deployment) {
        int replicas = deployment.getSpec().getReplicas();
        deployment.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas)
                .build());
        client.resource(deployment).updateStatus();
    }

    /** Every object labelled with the tenant anywhere in the cluster, as "Kind namespace/name" → object. */
    Map<String, HasMetadata> objectsOf(String tenant) {
        Map<String, HasMetadata> found = new TreeMap<>();
        client.namespaces().withLabel(TenantManifests.TENANT_LABEL, tenant).list().getItems()
                .forEach(n -> found.put("Namespace " + n.getMetadata().getName(), n));
        client.genericKubernetesResources(TenantManifests.NODE_POOL).withLabel(TenantManifests.TENANT_LABEL, tenant)
                .list().getItems().forEach(p -> found.put("NodePool " + p.getMetadata().getName(), p));
        for (Class<? extends HasMetadata> kind : NAMESPACED_KINDS) {
            client.resources(kind).inAnyNamespace().withLabel(TenantManifests.TENANT_LABEL, tenant).list()
                    .getItems().forEach(o -> found.put(HasMetadata.getKind(kind) + " "
                            + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(), o));
        }
        return found;
    }

    /** Everything in a namespace, labelled or not. */
    Map<String, HasMetadata> objectsIn(String namespace) {
        Map<String, HasMetadata> found = new TreeMap<>();
        for (Class<? extends HasMetadata> kind : NAMESPACED_KINDS) {
            client.resources(kind).inNamespace(namespace).list().getItems()
                    .forEach(o -> found.put(HasMetadata.getKind(kind) + " " + o.getMetadata().getName(), o));
        }
        return found;
    }

    /**
     * What an object means, without what the server stamps on every write (resource version, generation, uid,
     * timestamps): two applies of the same placement must give equal snapshots.
     */
    Map<String, String> snapshot(Map<String, HasMetadata> objects) {
        Map<String, String> out = new TreeMap<>();
        objects.forEach((key, object) -> {
            HasMetadata copy = client.getKubernetesSerialization().clone(object);
            ObjectMeta meta = copy.getMetadata();
            meta.setResourceVersion(null);
            meta.setGeneration(null);
            meta.setUid(null);
            meta.setCreationTimestamp(null);
            meta.setManagedFields(null);
            out.put(key, client.getKubernetesSerialization().asJson(copy));
        });
        return out;
    }

    Namespace namespace(String name) {
        return client.namespaces().withName(name).get();
    }

    /** The pool routing ConfigMap's entries (empty when it does not exist). */
    Map<String, String> poolRouting(KubernetesSettings settings) {
        ConfigMap routing = client.configMaps().inNamespace(settings.poolNamespace())
                .withName(settings.poolRoutingConfigMap()).get();
        return routing == null || routing.getData() == null ? Map.of() : new LinkedHashMap<>(routing.getData());
    }

    @Override
    public void close() {
        platformClient.close();
        client.close();
        server.destroy();
    }
}
