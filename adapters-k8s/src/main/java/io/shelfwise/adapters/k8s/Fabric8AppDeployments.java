package io.shelfwise.adapters.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.rollout.port.out.AppDeployments;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The app's Deployments on Kubernetes, as an image rollout changes them: the pool's one Deployment (installed by
 * the Helm chart in the pool's namespace) and each siloed tenant's {@code shelfwise} Deployment in the namespace
 * labelled as the tenant's. The image is changed on the app's container only, as a JSON patch, so the rest of
 * the Deployment (what Helm or {@link Fabric8TenantInfrastructure} wrote) stays as it is; the Deployment
 * controller then rolls the pods.
 */
public final class Fabric8AppDeployments implements AppDeployments {
    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final String poolDeployment;

    /**
     * @param poolDeployment the name of the pool's Deployment in {@link KubernetesSettings#poolNamespace()} (the
     *                       chart's full name)
     */
    public Fabric8AppDeployments(KubernetesClient client, KubernetesSettings settings, String poolDeployment) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.poolDeployment = Objects.requireNonNull(poolDeployment, "poolDeployment");
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }

    @Override
    public String image(Workload workload) {
        return container(existing(workload)).getImage();
    }

    @Override
    public void setImage(Workload workload, String image) {
        Deployment current = existing(workload);
        Container app = container(current);
        if (image.equals(app.getImage())) {
            return;
        }
        List<Container> containers = current.getSpec().getTemplate().getSpec().getContainers();
        int index = containers.indexOf(app);
        // test guards against a concurrent change of the container list between our read and the patch.
        String patch = "[{\"op\":\"test\",\"path\":\"/spec/template/spec/containers/" + index + "/name\",\"value\":"
                + json(app.getName()) + "},{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/" + index
                + "/image\",\"value\":" + json(image) + "}]";
        deployment(workload).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON), patch);
    }

    @Override
    public Optional<String> awaitRolledOut(Workload workload, String image, Duration timeout) {
        try {
            deployment(workload).waitUntilCondition(d -> d != null && image.equals(container(d).getImage())
                            && (Fabric8TenantInfrastructure.rolledOut(d) || stalled(d) != null),
                    Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            // Described below from what the Deployment shows now.
        }
        Deployment d = existing(workload);
        if (image.equals(container(d).getImage()) && Fabric8TenantInfrastructure.rolledOut(d)) {
            return Optional.empty();
        }
        String where = d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
        var status = d.getStatus();
        int wanted = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
        int updated = status == null ? 0 : Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
        int available = status == null ? 0 : Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
        String stalled = stalled(d);
        return Optional.of("Deployment " + where + " did not roll out " + image + (stalled != null
                ? ": " + stalled : " within " + timeout) + " (" + updated + " of " + wanted + " replicas updated, "
                + available + " available)");
    }

    @Override
    public boolean gaveUp(Workload workload) {
        return stalled(existing(workload)) != null;
    }

    /**
     * The controller's verdict when it gave up on the current spec (progress deadline exceeded), or null; a verdict
     * on an earlier spec (the controller has not seen the change yet) is not this update's.
     */
    private static String stalled(Deployment d) {
        if (d.getStatus() == null || d.getStatus().getConditions() == null) {
            return null;
        }
        Long generation = d.getMetadata().getGeneration();
        Long observed = d.getStatus().getObservedGeneration();
        if (generation != null && (observed == null || observed < generation)) {
            return null;
        }
        for (DeploymentCondition c : d.getStatus().getConditions()) {
            if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())) {
                return c.getReason() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")");
            }
        }
        return null;
    }

    private Deployment existing(Workload workload) {
        Deployment d = deployment(workload).get();
        if (d == null) {
            throw new NotFoundException("deployment", workload.toString());
        }
        return d;
    }

    private RollableScalableResource<Deployment> deployment(Workload workload) {
        if (workload.isPool()) {
            return client.apps().deployments().inNamespace(settings.poolNamespace()).withName(poolDeployment);
        }
        String tenant = workload.tenant().value();
        List<Namespace> namespaces = client.namespaces().withLabels(TenantManifests.ownership(tenant)).list()
                .getItems();
        if (namespaces.size() != 1) {
            throw new NotFoundException("namespace of tenant", tenant + " (" + namespaces.size() + " labelled)");
        }
        return client.apps().deployments().inNamespace(namespaces.getFirst().getMetadata().getName())
                .withName(TenantManifests.WORKLOAD);
    }

    /** The app's container: the one named like the workload, else the first. */
    static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> TenantManifests.WORKLOAD.equals(c.getName())).findFirst()
                .orElse(containers.getFirst());
    }

    private static String json(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
