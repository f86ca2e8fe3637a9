package io.shelfwise.app;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.common.LogConfig;

/** Starts the platform in one process: embedded by default, PostgreSQL when configured. */
public final class Main {
    private Main() {
    }

    /**
     * Configuration from {@code SHELFWISE_CONFIG_FILE} (a YAML file, when set) over the built-in
     * {@code application.yaml}; environment variables win over both (see {@link Settings}).
     */
    static Config config(java.util.Map<String, String> env) {
        Config.Builder builder = Config.builder().disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource();
        String file = env.get("SHELFWISE_CONFIG_FILE");
        if (file != null && !file.isBlank()) {
            java.nio.file.Path path = java.nio.file.Path.of(file);
            if (!java.nio.file.Files.isReadable(path)) {
                throw new IllegalStateException("SHELFWISE_CONFIG_FILE names a file that cannot be read: " + path);
            }
            builder.addSource(ConfigSources.file(path));
        }
        return builder.addSource(ConfigSources.classpath("application.yaml")).build();
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config = config(System.getenv());
        Settings settings = Settings.from(config, System.getenv());
        Platform platform = Platform.start(settings, config, System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "shelfwise-shutdown"));
        String base = "http://" + settings.host() + ":" + platform.port();
        String token = platform.adminTokenFile() == null ? "$SHELFWISE_ADMIN_TOKEN"
                : "$(cat " + platform.adminTokenFile() + ")";
        System.out.println("""

                Shelfwise is listening on %1$s
                  API reference:  %1$s/openapi   health: %1$s/observe/health
                  Management:     %4$s/observe/metrics   %4$s/observe/health (details)
                  Operator token: %2$s

                Create a first tenant and an API key:
                  curl -s -X POST %1$s/admin/v1/tenants -H "Authorization: Bearer %3$s" \\
                       -H 'Content-Type: application/json' -d '{"id":"demo","displayName":"Demo Store","tier":"standard"}'
                  curl -s -X POST %1$s/admin/v1/tenants/demo/keys -H "Authorization: Bearer %3$s" \\
                       -H 'Content-Type: application/json' -d '{"label":"backend"}'
                """.formatted(base, platform.adminTokenFile() == null ? "from SHELFWISE_ADMIN_TOKEN"
                : "in " + platform.adminTokenFile(), token,
                "http://" + settings.host() + ":" + platform.managementPort()));
    }
}
