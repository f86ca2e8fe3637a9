package io.shelfwise.adapters.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.shelfwise.common.ValidationException;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.recommendation.port.in.ManageModels;
import io.shelfwise.recommendation.port.in.TrainModels;
import io.shelfwise.rollout.ClickThroughGate;
import io.shelfwise.rollout.Rollout;
import io.shelfwise.rollout.RolloutService;
import io.shelfwise.rollout.TenantStep;
import io.shelfwise.tenancy.ApiKeySecrets;
import io.shelfwise.tenancy.TenancyService;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import io.shelfwise.testing.ClickThroughBeforeAndAfter;
import io.shelfwise.testing.InMemoryApiKeyRepository;
import io.shelfwise.testing.InMemoryRolloutStore;
import io.shelfwise.testing.InMemoryTenantRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image rollouts end to end on fabric8's mock API server: the real rollout use case drives the real adapters. The
 * pool's Deployment is there as the Helm chart installs it, siloed tenants' Deployments as provisioning creates
 * them, and a stand-in for the Deployment controller reports every replica of a spec ready, unless its image is
 * the broken one (its pods would crash-loop).
 */
class ImageRolloutOnClusterTest {
    private static final PlatformNaming NAMING = new PlatformNaming("shelfwise", "shelfwise-artifacts",
            "eu-west-1", "123456789012", "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE");
    private static final String V1 = "registry.example.com/shelfwise:1.0";
    private static final String V2 = "registry.example.com/shelfwise:2.0";
    private static final String BROKEN = "registry.example.com/shelfwise:2.0-broken";
    private static final KubernetesSettings SETTINGS = KubernetesSettings.builder().appImage(V1)
            .readyTimeout(Duration.ZERO).build();

    private final TenancyService tenancy = new TenancyService(new InMemoryTenantRepository(),
            new InMemoryApiKeyRepository(), TierPolicies.defaults(), new ApiKeySecrets(new SecureRandom()),
            Clock.systemUTC(), Duration.ZERO);
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private MockCluster cluster;
    private ScheduledExecutorService controller;
    private RolloutService rollouts;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.client.resource(new DeploymentBuilder().withNewMetadata().withName("shelfwise")
                .withNamespace(SETTINGS.poolNamespace()).endMetadata().withNewSpec().withReplicas(3)
                .withNewTemplate().withNewSpec().addNewContainer().withName("shelfwise").withImage(V1).endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        controller = Executors.newSingleThreadScheduledExecutor();
        controller.scheduleWithFixedDelay(this::reconcile, 0, 30, TimeUnit.MILLISECONDS);
        Fabric8TenantInfrastructure infrastructure = new Fabric8TenantInfrastructure(cluster.client, SETTINGS,
                "shelfwise");
        for (String[] t : new String[][]{{"std-a", "standard"}, {"std-b", "standard"}, {"prem", "premium"},
            {"ent", "enterprise"}}) {
            tenancy.register(RegisterTenantCommand.of(t[0], t[0], t[1]));
            tenancy.update(new TenantId(t[0]), TenantState.ACTIVE, null);
            TenantId id = new TenantId(t[0]);
            infrastructure.apply(TenantPlacement.of(id, TierPolicies.defaults().of(Tier.fromWire("tier", t[1])), NAMING,
                    NAMING.roleArn(id)));
        }
        rollouts = new RolloutService(tenancy, unused(TrainModels.class), unused(ManageModels.class),
                (tenant, window) -> Optional.empty(), new ClickThroughBeforeAndAfter(),
                new Fabric8AppDeployments(cluster.client, SETTINGS, "shelfwise"), store, Clock.systemUTC(),
                () -> Long.toString(System.nanoTime(), 36), Runnable::run,
                new RolloutService.Settings(Duration.ofMillis(10), Duration.ofSeconds(2), 42, Duration.ZERO,
                        Duration.ofMinutes(2), Duration.ofHours(24), new ClickThroughGate(200, 0.1)));
    }

    @AfterEach
    void stop() {
        controller.shutdownNow();
        cluster.close();
    }

    @Test
    void an_image_that_never_gets_ready_halts_on_its_canary_which_goes_back_and_the_pool_is_untouched() {
        Rollout halted = rollouts.startImage(BROKEN, List.of(new TenantId("prem")), 0);
        halted = store.find(halted.id()).orElseThrow();
        assertEquals(Rollout.State.HALTED, halted.state(), halted.message());
        TenantStep canary = halted.tenants().getFirst();
        assertEquals(TenantStep.State.ROLLED_BACK, canary.state());
        assertTrue(canary.message().contains("did not roll out " + BROKEN), canary.message());
        assertEquals(V1, image("shelfwise-prem"), "the canary runs its old image again");
        assertEquals(V1, image(SETTINGS.poolNamespace()), "the pool never changed");
        assertEquals(V1, image("shelfwise-ent"));
        assertEquals(List.of(TenantStep.State.ROLLED_BACK, TenantStep.State.PENDING, TenantStep.State.PENDING,
                TenantStep.State.PENDING), halted.tenants().stream().map(TenantStep::state).toList());
    }

    @Test
    void a_good_image_reaches_the_canary_the_pool_once_and_every_siloed_tenant_in_waves() {
        Rollout done = store.find(rollouts.startImage(V2, List.of(new TenantId("prem")), 0).id()).orElseThrow();
        assertEquals(Rollout.State.COMPLETED, done.state(), done.message());
        assertEquals(List.of("prem:CANARY:UPDATED", "std-a:STANDARD:UPDATED", "std-b:STANDARD:UPDATED",
                "ent:ENTERPRISE:UPDATED"), done.tenants().stream().map(s -> s.tenant() + ":" + s.wave() + ":"
                + s.state()).toList());
        assertTrue(done.tenants().stream().allMatch(s -> V1.equals(s.previousImage())));
        assertEquals(V2, image(SETTINGS.poolNamespace()));
        assertEquals(V2, image("shelfwise-prem"));
        assertEquals(V2, image("shelfwise-ent"));
        assertTrue(done.tenants().get(1).message().contains("the pool runs " + V2), done.tenants().get(1).message());
    }

    @Test
    void a_pooled_canary_is_refused() {
        ValidationException refused = assertThrows(ValidationException.class,
                () -> rollouts.startImage(V2, List.of(new TenantId("std-a")), 0));
        assertTrue(refused.getMessage().contains("pooled"), refused.getMessage());
    }

    /** The Deployment controller's part: every replica of the current spec ready, unless the image is broken. */
    private void reconcile() {
        try {
            for (Deployment d : cluster.client.apps().deployments().inAnyNamespace().list().getItems()) {
                boolean current = d.getStatus() != null
                        && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration());
                if (!current && !BROKEN.equals(Fabric8AppDeployments.container(d).getImage())) {
                    cluster.markRolledOut(d);
                }
            }
        } catch (RuntimeException e) {
            // The next round tries again.
        }
    }

    private String image(String namespace) {
        return Fabric8AppDeployments.container(cluster.client.apps().deployments().inNamespace(namespace)
                .withName("shelfwise").get()).getImage();
    }

    private static <T> T unused(Class<T> port) {
        return port.cast(java.lang.reflect.Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[]{port},
                (proxy, method, args) -> {
                    throw new AssertionError("an image rollout does not use " + port.getSimpleName());
                }));
    }
}
