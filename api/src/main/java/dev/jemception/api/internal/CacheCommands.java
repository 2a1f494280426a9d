package dev.jemception.api.internal;

import dev.jemception.runtime.cache.Caches;
import dev.jemception.runtime.cache.DiskResultStore;
import dev.jemception.runtime.cache.ResultCache;
import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code --cache-stats} and {@code --cache-clear}: the result cache in the user's cache directory
 * and its remote tier, if any ({@code --cache-clear} empties the local one only).
 */
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
        out.printf("  this JVM: %d local hits, %d remote hits, %d misses, %d recorded%n", counts.hits(),
                counts.remoteHits(), counts.misses(), counts.recorded());
        cache.remote().ifPresentOrElse(remote -> {
            var r = cache.remoteCounts().orElseThrow();
            out.printf("remote cache: %s%n", remote);
            out.printf("  this JVM: %d entries found, %d not found, %d errors, %d corrupt blobs%n", r.hits(), r.misses(),
                    r.errors(), r.corrupt());
            out.printf("  %.1f MB down, %.1f MB up (%d uploads)%n", r.bytesDown() / 1e6, r.bytesUp() / 1e6, r.uploaded());
        }, () -> out.printf("remote cache: none (JEMCEPTION_REMOTE_CACHE=http://host:port[/prefix] sets one)%n"));
        out.printf("  JEMCEPTION_RESULT_CACHE=off runs without the result cache%n");
        return 0;
    }
}
