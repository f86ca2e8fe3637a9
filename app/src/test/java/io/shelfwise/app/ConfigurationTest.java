package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.recommendation.training.TrainingSettings;
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
        assertEquals(Duration.ofHours(24), settings.training().interval());
        assertEquals(7, settings.training().model().testDays());
        assertEquals(32, settings.training().model().options().factors());
        assertEquals(new TrainingSettings.Ease(6000, 200f, 50), settings.training().model().ease());
        assertEquals(Duration.ofSeconds(30), settings.training().model().tuningBudget());
        assertEquals(Path.of("./data/djl-cache"), settings.training().djlCacheDir());
    }

    @Test
    void training_knobs_come_from_the_environment() {
        Map<String, String> env = Map.of("SHELFWISE_TRAINING_INTERVAL_HOURS", "0", "SHELFWISE_TRAINING_MARGIN", "0.1",
                "SHELFWISE_TRAINING_EPOCHS", "3", "SHELFWISE_TRAINING_TEST_DAYS", "2",
                "SHELFWISE_DJL_CACHE_DIR", "/var/cache/djl", "SHELFWISE_MODEL_ACTIVE_CHECK_MS", "500",
                "SHELFWISE_TRAINING_EASE_ITEMS", "0", "SHELFWISE_TRAINING_EASE_KEEP", "20",
                "SHELFWISE_TRAINING_TUNING_SECONDS", "0");
        Settings.Training training = Settings.from(Main.config(env), env).training();
        assertEquals(Duration.ZERO, training.interval());
        assertEquals(0.1, training.model().margin());
        assertEquals(3, training.model().options().epochs());
        assertEquals(2, training.model().testDays());
        assertEquals(Path.of("/var/cache/djl"), training.djlCacheDir());
        assertEquals(Duration.ofMillis(500), training.activeCheck());
        assertEquals(new TrainingSettings.Ease(0, 200f, 20), training.model().ease(), "0 items: EASE is off");
        assertEquals(Duration.ZERO, training.model().tuningBudget(), "0: no other size or penalty is tried");
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
