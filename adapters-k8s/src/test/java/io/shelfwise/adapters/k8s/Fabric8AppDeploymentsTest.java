package io.shelfwise.adapters.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.rollout.port.out.AppDeployments.Workload;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image rollouts' view of the cluster, on fabric8's mock API server: the pool's Deployment and tenants' own. */
class Fabric8AppDeploymentsTest {
    private static final PlatformNaming NAMING = new PlatformNaming("shelfwise", "shelfwise-artifacts",
            "eu-west-1", "123456789012", "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE");
    private static final String V1 = "registry.example.com/shelfwise:1.0";
    private static final String V2 = "registry.example.com/shelfwise:2.0";
    private static final KubernetesSettings SETTINGS = KubernetesSettings.builder().appImage(V1)
            .readyTimeout(Duration.ZERO).build();
    private static final Workload ACME = Workload.of(new TenantId("acme"));

    private MockCluster cluster;
    private Fabric8AppDeployments apps;
    private Fabric8TenantInfrastructure infrastructure;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        apps = new Fabric8AppDeployments(cluster.client, SETTINGS, "shelfwise-pool");
        infrastructure = new Fabric8TenantInfrastructure(cluster.client, SETTINGS, "shelfwise-pool");
        // The pool as the Helm chart installs it: a sidecar first, the app's container named shelfwise.
        Deployment pool = new DeploymentBuilder().withNewMetadata().withName("shelfwise-pool")
                .withNamespace(SETTINGS.poolNamespace()).endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewSpec()
                .addNewContainer().withName("log-router").withImage("fluent-bit:3").endContainer()
                .addNewContainer().withName("shelfwise").withImage(V1).endContainer()
                .endSpec().endTemplate().endSpec().build();
        cluster.client.resource(pool).create();
        cluster.markRolledOut(pool());
        infrastructure.apply(placement("acme", Tier.PREMIUM));
        cluster.markRolledOut(tenantDeployment("acme"));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void the_pool_rolls_out_a_new_image_on_its_app_container_only_once_the_controller_reports_it() throws Exception {
        assertEquals(V1, apps.image(Workload.POOL));
        assertEquals(Optional.empty(), apps.awaitRolledOut(Workload.POOL, V1, Duration.ofSeconds(1)));

        apps.setImage(Workload.POOL, V2);
        assertEquals(V2, apps.image(Workload.POOL));
        assertEquals("fluent-bit:3", pool().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage(),
                "the sidecar is left alone");
        Optional<String> notYet = apps.awaitRolledOut(Workload.POOL, V2, Duration.ofMillis(300));
        assertTrue(notYet.isPresent(), "the old status does not count for the new spec");
        assertTrue(notYet.get().contains("did not roll out " + V2 + " within"), notYet.get());

        CompletableFuture<Void> controller = CompletableFuture.runAsync(() -> {
            sleep(200);
            cluster.markRolledOut(pool());
        });
        assertEquals(Optional.empty(), apps.awaitRolledOut(Workload.POOL, V2, Duration.ofSeconds(10)));
        controller.get(5, TimeUnit.SECONDS);
        apps.setImage(Workload.POOL, V2);
        assertEquals(Optional.empty(), apps.awaitRolledOut(Workload.POOL, V2, Duration.ofSeconds(1)),
                "setting the same image again changes nothing");
    }

    @Test
    void a_tenant_whose_pods_never_get_ready_is_reported_with_the_controllers_reason() {
        assertEquals(V1, apps.image(ACME));
        apps.setImage(ACME, V2);
        Deployment stuck = tenantDeployment("acme");
        Deployment stale = tenantDeployment("acme");
        stale.getStatus().setConditions(java.util.List.of(new DeploymentConditionBuilder().withType("Progressing")
                .withStatus("False").withReason("ProgressDeadlineExceeded").build()));
        cluster.client.resource(stale).updateStatus();
        assertTrue(apps.awaitRolledOut(ACME, V2, Duration.ofMillis(300)).orElseThrow().contains("within"),
                "a verdict on the spec before the change is not this update's");
        assertTrue(!apps.gaveUp(ACME));
        stuck = tenantDeployment("acme");
        // The controller saw the new spec and gave up on it.
        stuck.getStatus().setObservedGeneration(stuck.getMetadata().getGeneration());
        stuck.getStatus().setReplicas(3);
        stuck.getStatus().setUpdatedReplicas(1);
        stuck.getStatus().setConditions(java.util.List.of(new DeploymentConditionBuilder().withType("Progressing")
                .withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"shelfwise-7d9\" has timed out progressing.").build()));
        cluster.client.resource(stuck).updateStatus();

        long started = System.nanoTime();
        Optional<String> failure = apps.awaitRolledOut(ACME, V2, Duration.ofSeconds(30));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "no need to wait out the timeout");
        assertTrue(failure.orElseThrow().contains("ProgressDeadlineExceeded"), failure.get());
        assertTrue(apps.gaveUp(ACME));
        assertTrue(failure.get().contains("shelfwise-acme/shelfwise"), failure.get());
        assertEquals(V2, tenantDeployment("acme").getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getImage());
    }

    @Test
    void re_applying_a_placement_keeps_the_rolled_out_image_and_new_siloed_tenants_get_the_pools() {
        apps.setImage(ACME, V2);
        infrastructure.apply(placement("acme", Tier.ENTERPRISE));
        assertEquals(V2, apps.image(ACME), "a tier change does not undo the rollout");

        apps.setImage(Workload.POOL, "registry.example.com/shelfwise:3.0");
        infrastructure.apply(placement("globex", Tier.PREMIUM));
        assertEquals("registry.example.com/shelfwise:3.0", apps.image(Workload.of(new TenantId("globex"))));
    }

    @Test
    void a_tenant_without_a_namespace_is_not_found() {
        assertThrows(NotFoundException.class, () -> apps.image(Workload.of(new TenantId("ghost"))));
    }

    private Deployment pool() {
        return cluster.client.apps().deployments().inNamespace(SETTINGS.poolNamespace()).withName("shelfwise-pool")
                .get();
    }

    private Deployment tenantDeployment(String tenant) {
        return cluster.client.apps().deployments().inNamespace("shelfwise-" + tenant).withName("shelfwise").get();
    }

    private static TenantPlacement placement(String tenant, Tier tier) {
        TenantId id = new TenantId(tenant);
        return TenantPlacement.of(id, TierPolicies.defaults().of(tier), NAMING, NAMING.roleArn(id));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
