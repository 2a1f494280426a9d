package dev.jemception.cli;

import dev.jemception.runtime.cache.Caches;
import dev.jemception.runtime.cache.DiskResultStore;
import dev.jemception.runtime.cache.ResultCache;
import java.io.IOException;
import java.io.PrintStream;

/** {@code --cache-stats} and {@code --cache-clear}: the result cache in the user's cache directory. */
final class CacheCommands {
    private CacheCommands() {}

    static int run(boolean clear, Caches caches, PrintStream out) throws IOException {
        ResultCache cache = caches.resultCache();
        var store = (DiskResultStore) cache.store();
        if (clear) {
            store.clear();
            out.println("jemception: result cache cleared (" + store.directory() + ")");
            return 0;
        }
        var stats = store.stats();
        var counts = cache.counts();
        out.printf("result cache: %s%n", store.directory());
        out.printf("  %d entries, %d blobs, %.1f MB of %.0f MB%n", stats.actions(), stats.blobs(),
                stats.bytes() / 1e6, store.maxBytes() / 1e6);
        out.printf("  this JVM: %d hits, %d misses, %d recorded%n", counts.hits(), counts.misses(), counts.recorded());
        out.printf("  JEMCEPTION_RESULT_CACHE=off runs without it%n");
        return 0;
    }
}
