package io.shelfwise.adapters.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesSettingsTest {

    @Test
    void defaults_match_the_helm_chart() {
        KubernetesSettings settings = KubernetesSettings.builder().appImage("shelfwise:1").build();

        assertEquals("shelfwise-pool", settings.poolNamespace());
        assertEquals("shelfwise-pool-routing", settings.poolRoutingConfigMap());
        assertEquals(8080, settings.appPort());
        assertEquals("shelfwise.io/node-group", settings.nodeGroupLabelKey());
        assertEquals("acme.api.shelfwise.example", settings.dedicatedHost("acme"));
        assertEquals(List.of(443, 5432), settings.egressTcpPorts());
        assertEquals(Duration.ofMinutes(5), settings.readyTimeout());
    }

    @Test
    void an_image_is_required() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KubernetesSettings.builder().build());

        assertTrue(e.getMessage().contains("appImage"), e.getMessage());
    }

    @Test
    void environment_the_adapter_sets_itself_cannot_be_overridden() {
        KubernetesSettings.Builder builder = KubernetesSettings.builder().appImage("shelfwise:1")
                .workloadEnv("SHELFWISE_TENANT", "other");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);

        assertTrue(e.getMessage().contains("SHELFWISE_TENANT"), e.getMessage());
    }

    @Test
    void names_kubernetes_would_reject_are_refused_up_front() {
        assertThrows(IllegalArgumentException.class,
                () -> KubernetesSettings.builder().appImage("shelfwise:1").poolNamespace("Shelfwise_Pool").build());
        assertThrows(IllegalArgumentException.class,
                () -> KubernetesSettings.builder().appImage("shelfwise:1").baseDomain("localhost").build());
        assertThrows(IllegalArgumentException.class,
                () -> KubernetesSettings.builder().appImage("shelfwise:1").appPort(0).build());
    }
}
