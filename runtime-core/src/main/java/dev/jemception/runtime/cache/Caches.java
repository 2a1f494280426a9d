package dev.jemception.runtime.cache;

import dev.jemception.vfs.ReadOnlyTree;
import java.nio.file.Path;
import java.util.Map;

/**
 * The caches a session uses: a directory for what persists (Emscripten's own cache, in
 * {@code emscripten-cache/<payload hash>}) and the result cache (by default the one in that
 * directory's {@code results/}, optionally backed by a {@link RemoteCache}: {@link #withRemote}).
 * {@link #user()}, the default, is shared by every jemception JVM of the user:
 * {@code $JEMCEPTION_CACHE}, else {@code ~/.cache/jemception}.
 *
 * @param directory where the persistent caches live; null keeps Emscripten's cache in the
 *     session's memory
 * @param resultCache the result cache, or null for none
 */
public record Caches(Path directory, ResultCache resultCache) {
    /** Default cap of a result cache on disk: 4 GiB. */
    public static final long DEFAULT_RESULT_CACHE_BYTES = 4L << 30;

    /** The user's caches, shared by every jemception JVM of the user. */
    public static Caches user() {
        return in(defaultDirectory());
    }

    /** The caches in {@code directory}: Emscripten's cache and the result cache in {@code results/}. */
    public static Caches in(Path directory) {
        return new Caches(directory, ResultCache.onDisk(directory.resolve("results"), DEFAULT_RESULT_CACHE_BYTES));
    }

    /**
     * The same caches with the result cache in {@code directory/results} backed by {@code remote}
     * (local first, then remote; see {@link ResultCache}).
     */
    public Caches withRemote(RemoteCache remote) {
        if (directory == null) {
            throw new IllegalStateException("a remote result cache needs a local one: Caches.in(directory)");
        }
        return new Caches(directory, ResultCache.onDisk(directory.resolve("results"), DEFAULT_RESULT_CACHE_BYTES, remote));
    }

    /** Nothing persists and nothing is replayed: every session starts from the payload alone. */
    public static Caches none() {
        return new Caches(null, null);
    }

    /** The same directory with another result cache (null: none). */
    public Caches withResultCache(ResultCache cache) {
        return new Caches(directory, cache);
    }

    /**
     * The host directory that holds what programs write over {@code tree} (a writable mount, such
     * as Emscripten's cache), or null when nothing persists. Keyed by the tree's content: a new
     * payload never sees what an old one cached.
     */
    public Path persistentLayer(ReadOnlyTree tree) {
        String hash = tree.contentHash();
        return directory == null || hash == null ? null : directory.resolve("emscripten-cache").resolve(hash.substring(0, 16));
    }

    /** {@code $JEMCEPTION_CACHE}, else {@code ~/.cache/jemception}. */
    public static Path defaultDirectory() {
        return directoryFor(System.getenv());
    }

    /** {@code JEMCEPTION_CACHE} of {@code env}, else {@code ~/.cache/jemception}. */
    public static Path directoryFor(Map<String, String> env) {
        String configured = env.get("JEMCEPTION_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jemception");
    }
}
