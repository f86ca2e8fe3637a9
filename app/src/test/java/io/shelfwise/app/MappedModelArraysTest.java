package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A platform that keeps served models' arrays in memory-mapped files (SHELFWISE_MODEL_MEMORY=mapped). */
class MappedModelArraysTest {
    @TempDir
    static Path arrays;
    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        // Every array mapped, however small: the generated store's models are far below the default 16 kB.
        platform = TestPlatform.withServer(s -> s.withMappedModelArrays(
                Optional.of(new Settings.MappedArrays(arrays, 1))));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void a_tenant_is_served_from_models_whose_arrays_are_mapped_and_the_files_are_gone_once_mapped(@TempDir Path dir)
            throws IOException {
        String key = TenantMemoryTest.onboard(platform, dir, "mapped-a");
        for (String surface : new String[] {"home?userId=u-1", "cart?itemIds=sku-3&userId=u-1",
                "similar?itemId=sku-4"}) {
            TestPlatform.Reply reply = platform.send("GET", "/v1/recommendations/" + surface + "&limit=5", key,
                    null);
            assertEquals(200, reply.status(), reply.body());
            JsonNode items = reply.json().get("items");
            assertEquals(5, items.size(), surface + ": " + reply.body());
        }
        // The learned model was loaded when it was promoted; co-occurrence is built on the first requests.
        assertTrue(mappedBytes() > 0, "arrays are mapped");
        try (Stream<Path> files = Files.list(arrays)) {
            assertFalse(files.findAny().isPresent(), "no file keeps a name once it is mapped");
        }
    }

    @Test
    void the_setting_is_read_from_the_environment_and_refuses_what_it_does_not_know() {
        Map<String, String> env = Map.of("SHELFWISE_MODEL_MEMORY", "mapped", "SHELFWISE_MODEL_MEMORY_DIR", "/tmp/x",
                "SHELFWISE_MODEL_MEMORY_MIN_KB", "64");
        Settings settings = Settings.from(Main.config(env), env);
        assertEquals(Optional.of(new Settings.MappedArrays(Path.of("/tmp/x"), 64 * 1024)),
                settings.server().mappedModelArrays());
        Settings heap = Settings.from(Main.config(Map.of()), Map.of());
        assertEquals(Optional.empty(), heap.server().mappedModelArrays(), "the heap by default");
        assertEquals(2, settings.server().catalogCacheBytes() / heap.server().catalogCacheBytes(),
                "catalogs get twice the share where the models' arrays are off the heap");
        Map<String, String> bad = Map.of("SHELFWISE_MODEL_MEMORY", "disk");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Main.config(bad), bad));
        assertTrue(e.getMessage().contains("SHELFWISE_MODEL_MEMORY"), e.getMessage());
        Map<String, String> zero = Map.of("SHELFWISE_MODEL_MEMORY", "mapped", "SHELFWISE_MODEL_MEMORY_MIN_KB", "0");
        IllegalArgumentException z = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Main.config(zero), zero));
        assertTrue(z.getMessage().contains("SHELFWISE_MODEL_MEMORY_MIN_KB"), z.getMessage());
    }

    private static double mappedBytes() {
        String metrics = platform.management("/observe/metrics").body();
        Matcher m = Pattern.compile("(?m)^shelfwise_model_arrays_mapped_bytes(?:\\{[^}]*})? ([0-9.E+-]+)$")
                .matcher(metrics);
        assertTrue(m.find(), "the gauge is exported");
        return Double.parseDouble(m.group(1));
    }
}
