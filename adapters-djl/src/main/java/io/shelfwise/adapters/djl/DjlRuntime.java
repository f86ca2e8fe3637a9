package io.shelfwise.adapters.djl;

import java.nio.file.Path;

/**
 * DJL's process-wide settings, applied before the engine first loads: offline (the natives come from the
 * {@code pytorch-native-cpu} jar on the class path; nothing is downloaded) and where the natives are extracted.
 * A value already set (a {@code -D} flag, or the {@code DJL_CACHE_DIR} environment variable) wins.
 */
public final class DjlRuntime {
    private DjlRuntime() {
    }

    public static void configure(Path cacheDir) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("DJL_CACHE_DIR") == null) {
            String fromEnv = System.getenv("DJL_CACHE_DIR");
            System.setProperty("DJL_CACHE_DIR", fromEnv != null && !fromEnv.isBlank() ? fromEnv
                    : cacheDir.toAbsolutePath().toString());
        }
    }
}
