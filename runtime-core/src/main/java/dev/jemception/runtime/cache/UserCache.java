package dev.jemception.runtime.cache;

import java.nio.file.Path;

/**
 * The user-level cache directory every jemception JVM shares: {@code $JEMCEPTION_CACHE}, else
 * {@code ~/.cache/jemception}. Emscripten's cache lives in {@code emscripten-cache/<payload hash>},
 * the result cache in {@code results/}.
 */
public final class UserCache {
    /** Default cap of the result cache: 4 GiB. */
    public static final long DEFAULT_RESULT_CACHE_BYTES = 4L << 30;

    private UserCache() {}

    public static Path defaultDirectory() {
        String configured = System.getenv("JEMCEPTION_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jemception");
    }

    /** The JVM's result cache in {@code cacheDirectory}. */
    public static ResultCache resultCache(Path cacheDirectory) {
        return ResultCache.onDisk(cacheDirectory.resolve("results"), DEFAULT_RESULT_CACHE_BYTES);
    }
}
