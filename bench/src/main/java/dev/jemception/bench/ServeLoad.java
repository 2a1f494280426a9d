package dev.jemception.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.jemception.serve.CompileServer;
import dev.jemception.serve.ServeOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jemception bench serve}: a load test of {@code jemception serve} over loopback. Starts a
 * server in this JVM (or uses {@code --url}), times its first compile, then has N clients send
 * M compiles each, a mix of result-cache hits (one program every client compiles) and misses (a
 * program of its own every {@code --miss-every} requests); prints throughput, latencies, errors,
 * 429s and the JVM's peak RSS. Exits 1 if any request failed other than with 429.
 */
@Command(name = "jemception bench serve", mixinStandardHelpOptions = true, sortOptions = false)
public final class ServeLoad implements Callable<Integer> {
    @Option(names = "--clients", description = "Clients sending at once (default ${DEFAULT-VALUE}).")
    int clients = 8;

    @Option(names = "--requests", description = "Requests per client (default ${DEFAULT-VALUE}).")
    int requests = 25;

    @Option(names = "--miss-every", description = "Every Nth request of a client compiles a program nobody compiled before (default ${DEFAULT-VALUE}).")
    int missEvery = 5;

    @Option(names = "--no-result-cache", description = "The server runs every compile (its --no-result-cache).")
    boolean noResultCache;

    @Option(names = "--url", description = "Load this running server instead of one started here (then no RSS is reported).")
    URI url;

    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final long salt = System.nanoTime(); // misses stay misses when the bench runs again

    private ServeLoad(PrintStream out) {
        this.out = out;
    }

    /** Runs {@code jemception bench serve ARGS}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return new CommandLine(new ServeLoad(out)).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        CompileServer server = null;
        URI base = url;
        if (base == null) {
            server = CompileServer.start(ServeOptions.defaults(0).withResultCache(!noResultCache),
                    new PrintStream(OutputStream.nullOutputStream())); // its request lines would be 200 of noise
            base = server.uri();
        }
        try {
            out.printf("bench serve: %d clients x %d requests of emcc main.c -O0 -o main.wasm, a miss every %d, result cache %s%n",
                    clients, requests, missEvery, noResultCache ? "off" : "on");
            Result first = compile(base, source("shared", 0));
            out.printf("first compile: %d ms after %s (HTTP %d)%n", (System.nanoTime() - started) / 1_000_000,
                    server != null ? "the server's start" : "the bench's start", first.status);

            var latencies = Collections.synchronizedList(new ArrayList<Long>());
            var errors = new AtomicInteger();
            var refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long loadStart = System.nanoTime();
            var futures = new ArrayList<Future<?>>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                final URI target = base;
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < requests; r++) {
                        boolean miss = missEvery > 0 && r % missEvery == 0;
                        Result result = compile(target, miss ? source("client " + client, r) : source("shared", 0));
                        latencies.add(result.nanos);
                        if (result.status == 429) {
                            refused.incrementAndGet();
                        } else if (result.status != 200 || result.exitCode != 0) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - loadStart) / 1e9;
            List<Long> sorted = latencies.stream().sorted().toList();
            out.printf("requests: %d in %.1f s: %.2f requests/s; latency p50 %d ms, p95 %d ms, max %d ms%n", sorted.size(), seconds,
                    sorted.size() / seconds, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 100));
            out.printf("errors: %d; refused (429): %d%n", errors.get(), refused.get());
            if (server != null) {
                out.printf("server's peak RSS: %s%n", peakRss());
            }
            return errors.get() == 0 && first.status == 200 ? 0 : 1;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private record Result(int status, int exitCode, long nanos) {}

    private Result compile(URI base, String source) throws IOException, InterruptedException {
        String body = JSON.std.asString(Map.of("files", Map.of("main.c", source), "args", List.of("emcc", "main.c", "-O0", "-o", "main.wasm")));
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/compile"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        int exitCode = r.statusCode() == 200 ? ((Number) JSON.std.mapFrom(r.body()).get("exitCode")).intValue() : -1;
        return new Result(r.statusCode(), exitCode, nanos);
    }

    private String source(String who, int request) {
        String tag = who.equals("shared") ? "shared" : who + " request " + request + " run " + salt;
        return "#include <stdio.h>\nint main(void) { printf(\"hello from " + tag + "\\n\"); return 0; }\n";
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1_000_000;
    }

    /** VmHWM of this process (Linux), the peak resident set. */
    private static String peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "unknown (no /proc)";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring("VmHWM:".length()).trim()).findFirst().orElse("unknown");
    }
}
