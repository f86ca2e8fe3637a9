package io.shelfwise.adapters.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The chart in deploy/helm linted and rendered by a real helm (helm-java's embedded library), not by eye. */
class HelmChartTest {
    private static final Path CHART = Path.of("..", "deploy", "helm", "shelfwise");
    /** API versions that are GA on Kubernetes 1.29 and later (the chart's floor). */
    @TempDir
    Path scratch;

    private static final Set<String> GA_APIS = Set.of("v1", "apps/v1", "autoscaling/v2", "policy/v1",
            "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1");

    @Test
    void the_chart_lints_clean() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void it_renders_only_apis_available_on_kubernetes_1_29_and_wires_the_shared_secrets() {
        List<Map<String, Object>> objects = render(Map.of());
        assertFalse(objects.isEmpty());
        for (Map<String, Object> object : objects) {
            assertTrue(GA_APIS.contains((String) object.get("apiVersion")), object.get("kind") + " uses "
                    + object.get("apiVersion"));
        }
        List<String> env = deploymentEnv(objects);
        assertTrue(env.contains("SHELFWISE_ADMIN_TOKEN"), env.toString());
        assertFalse(env.contains("SHELFWISE_SECRETS_KEY"), "no secrets key unless its Secret is named: " + env);

        List<String> withKey = deploymentEnv(render(Map.of("secretsKey.existingSecret", "shelfwise-secrets")));
        assertTrue(withKey.contains("SHELFWISE_SECRETS_KEY"), withKey.toString());
    }

    @Test
    void the_chart_declares_the_kubernetes_versions_it_renders_for() throws IOException {
        assertTrue(Files.readString(CHART.resolve("Chart.yaml")).contains("kubeVersion: \">=1.25.0-0\""));
    }

    /**
     * The chart rendered by helm. helm-java 0.0.15 renders for Kubernetes 1.20 and cannot be told otherwise, so it
     * renders a copy without the chart's {@code kubeVersion} floor; the API versions are checked above instead.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> render(Map<String, String> values) {
        Path copy = copyWithoutKubeVersion();
        var template = new Helm(copy).template().withName("shelfwise").withNamespace("shelfwise");
        values.forEach(template::set);
        String yaml = template.call();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (doc instanceof Map<?, ?> map) {
                objects.add((Map<String, Object>) map);
            }
        }
        return objects;
    }

    private Path copyWithoutKubeVersion() {
        Path copy = scratch.resolve("chart-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.getFileName().toString().equals("Chart.yaml")) {
                    Files.writeString(target, Files.readString(file).replaceAll("(?m)^kubeVersion:.*$", ""));
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static List<String> deploymentEnv(List<Map<String, Object>> objects) {
        Map<String, Object> deployment = objects.stream().filter(o -> "Deployment".equals(o.get("kind")))
                .findFirst().orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                deployment.get("spec")).get("template")).get("spec");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) spec.get("containers");
        assertEquals(1, containers.size());
        return ((List<Map<String, Object>>) containers.get(0).get("env")).stream()
                .map(e -> (String) e.get("name")).toList();
    }
}
