package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults run embedded; a config file overrides them; the environment overrides both. */
class ConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void defaults_run_embedded_on_loopback() {
        Settings settings = Settings.from(Main.config(Map.of()), Map.of());
        assertEquals("127.0.0.1", settings.host());
        assertEquals(8080, settings.port());
        assertEquals(Settings.Cloud.EMBEDDED, settings.cloud());
        assertTrue(settings.database().url().startsWith("jdbc:h2:file:"));
        assertEquals(200, settings.tierPolicies().of(io.shelfwise.tenancy.Tier.STANDARD).requestsPerSecond());
    }

    @Test
    void a_config_file_overrides_the_defaults_and_the_environment_overrides_the_file() throws Exception {
        Path file = dir.resolve("shelfwise.yaml");
        Files.writeString(file, """
                server:
                  port: 9090
                shelfwise:
                  auth-cache-ms: 100
                  tiers:
                    standard:
                      requests-per-second: 7
                """);
        Map<String, String> env = Map.of("SHELFWISE_CONFIG_FILE", file.toString(), "SHELFWISE_PORT", "9191");
        Settings settings = Settings.from(Main.config(env), env);
        assertEquals(9191, settings.port());
        assertEquals(Duration.ofMillis(100), settings.authCacheTtl());
        assertEquals(7, settings.tierPolicies().of(io.shelfwise.tenancy.Tier.STANDARD).requestsPerSecond());
    }

    @Test
    void a_missing_config_file_is_a_clear_error() {
        Map<String, String> env = Map.of("SHELFWISE_CONFIG_FILE", dir.resolve("nope.yaml").toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Main.config(env));
        assertTrue(e.getMessage().contains("SHELFWISE_CONFIG_FILE"));
    }
}
