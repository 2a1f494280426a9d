package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.serve.ServeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jemception serve's limits: time (a compile and a run that never end are stopped), output (cut
 * and flagged), memory, and concurrency (one at a time, one waiting, the next refused with 429).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a limit that fails to stop something fails here, not by hanging CI
class ServeLimitsTest {
    static ServeClient serve;

    @BeforeAll
    static void start() throws Exception {
        serve = new ServeClient(ServeOptions.defaults(0).withLimits(1, 1, Duration.ofSeconds(120)).withSizes(64 << 10, 4 << 10, 4));
    }

    @AfterAll
    static void stop() throws Exception {
        serve.close();
    }

    private static String compile(String name, String source, String... flags) throws Exception {
        var args = new ArrayList<>(List.of("emcc", name + ".c", "-O1", "-o", name + ".wasm"));
        args.addAll(List.of(flags));
        var r = serve.post("/api/compile", Map.of("files", Map.of(name + ".c", source), "args", args));
        assertThat(r.<Integer>get("exitCode")).as(r.raw().body()).isZero();
        return Base64.getEncoder().encodeToString(r.output(name + ".wasm"));
    }

    @Test
    void aCompileThatNeverEndsIsStoppedAtItsTimeLimit() throws Exception {
        String forever = "constexpr unsigned long long sum() { unsigned long long s = 0;"
                + " for (unsigned long long i = 0; i < (1ull << 40); i++) s += i; return s; }\n"
                + "static_assert(sum() != 1, \"evaluated\");\nint main() {}\n";
        compile("warm", "int main(void) { return 0; }\n"); // so that em++ reaches clang within the limit: clang is what must stop
        long start = System.nanoTime();
        var r = serve.post("/api/compile", Map.of("files", Map.of("forever.cpp", forever), "timeLimitMs", 5000,
                "args", List.of("em++", "-c", "forever.cpp", "-fconstexpr-steps=2147483647", "-o", "forever.o")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(r.status()).isEqualTo(408);
        assertThat(r.json()).containsEntry("timedOut", true).containsEntry("exitCode", 124).containsEntry("outputs", Map.of());
        assertThat(r.<String>get("stderr")).contains("timed out after 5 s");
        assertThat(serve.get("/api/health").status()).isEqualTo(200);
    }

    @Test
    void aProgramThatNeverEndsIsStoppedAndOutputBeyondTheLimitIsCut() throws Exception {
        String loop = compile("loop", "int main(void) { volatile unsigned n = 0; for (;;) n++; }\n");
        long start = System.nanoTime();
        var stopped = serve.post("/api/run", Map.of("wasm", loop, "timeLimitMs", 1500));
        assertThat(stopped.status()).isEqualTo(408);
        assertThat(stopped.json()).containsEntry("timedOut", true).containsEntry("exitCode", 124);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        String spam = compile("spam", "#include <stdio.h>\nint main(void) { for (;;) puts(\"spam\"); }\n");
        start = System.nanoTime();
        var cut = serve.post("/api/run", Map.of("wasm", spam));
        assertThat(cut.status()).isEqualTo(200);
        assertThat(cut.json()).containsEntry("stdoutTruncated", true).containsEntry("timedOut", false);
        assertThat(cut.<String>get("stdout")).hasSize(4 << 10).startsWith("spam\nspam\n");
        assertThat(cut.<String>get("stderr")).contains("its output passed the limit of 4096 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aProgramGetsNoMoreMemoryThanItsLimit() throws Exception {
        // the block is used, so that the compiler cannot assume malloc succeeded and drop it
        String big = compile("big", "#include <stdio.h>\n#include <stdlib.h>\n"
                + "int main(void) { char *volatile p = malloc(64 << 20); if (!p) { puts(\"no memory\"); return 1; }\n"
                + "p[(64 << 20) - 1] = 1; puts(\"got it\"); return 0; }\n", "-sALLOW_MEMORY_GROWTH=1");
        assertThat(serve.post("/api/run", Map.of("wasm", big)).json()).containsEntry("stdout", "got it\n");
        assertThat(serve.post("/api/run", Map.of("wasm", big, "memoryLimitMiB", 32)).json()).containsEntry("stdout", "no memory\n");
    }

    @Test
    void requestsBeyondMaxConcurrentWaitThenGet429() throws Exception {
        String loop = compile("loop", "int main(void) { volatile unsigned n = 0; for (;;) n++; }\n");
        var body = Map.of("wasm", loop, "timeLimitMs", 3000);
        var running = CompletableFuture.supplyAsync(() -> post(body));
        Thread.sleep(500);
        var waiting = CompletableFuture.supplyAsync(() -> post(body));
        Thread.sleep(500);
        var refused = serve.post("/api/run", body);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
        assertThat(refused.<String>get("error")).contains("the server is busy");
        assertThat(running.get().status()).isEqualTo(408);
        assertThat(waiting.get().status()).isEqualTo(408); // it waited for the slot, then ran to its own limit
        assertThat(serve.get("/api/health").json()).containsEntry("running", 0).containsEntry("queued", 0);
    }

    private static ServeClient.Reply post(Object body) {
        try {
            return serve.post("/api/run", body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
