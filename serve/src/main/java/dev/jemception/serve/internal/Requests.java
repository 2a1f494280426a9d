package dev.jemception.serve.internal;

import dev.jemception.api.Diagnostic;
import dev.jemception.api.Jemception;
import dev.jemception.runtime.Cancellation;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.runtime.cache.ResultCache;
import dev.jemception.serve.ServeOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the API's two working endpoints do: a compile and a WASI run, each in a session of its own
 * over an in-memory directory ({@value #DIR}) with no host directory mounted, stopped at its time
 * limit or when its output passes the limit.
 */
final class Requests {
    static final String DIR = "/request";

    private final Jemception jemception;
    private final ServeOptions options;
    private final Caches caches;
    private final ResultCache sharedCache;

    Requests(Jemception jemception, Caches caches, ServeOptions options) {
        this.jemception = jemception;
        this.options = options;
        this.caches = caches;
        this.sharedCache = options.resultCache() ? caches.resultCache() : null;
    }

    /**
     * {@code POST /api/compile}: {@code {files, args, timeLimitMs?}} → exit code, output,
     * diagnostics, the files the command wrote.
     */
    Map<String, Object> compile(Map<String, Object> request, ServeMetrics metrics) throws BadRequest, IOException {
        Map<String, String> files = RequestCheck.files(request.get("files"), options.maxFiles());
        List<String> args = RequestCheck.compileArgs(request.get("args"));
        Duration limit = millis(request.get("timeLimitMs"), options.timeLimit());
        // a result cache of the request's own over the shared store: its counts say whether this compile was replayed
        ResultCache cache = sharedCache == null ? null : ResultCache.of(sharedCache.store());
        long start = System.nanoTime();
        try (Session session = jemception.newSession().caches(caches.withResultCache(cache)).cwd(DIR).build()) {
            Path dir = session.fileSystem().getPath(DIR);
            for (var file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
            var run = run(session, args, new byte[0], limit);
            long nanos = System.nanoTime() - start;
            boolean cached = cache != null && cache.counts().misses() == 0 && cache.counts().hits() + cache.counts().remoteHits() > 0;
            metrics.compiled(nanos, cached);
            Map<String, Object> response = run.toJson(nanos);
            response.put("diagnostics", Diagnostic.parse(run.stderr.text()).stream().map(Requests::json).toList());
            // a stopped command's files are half-written (clang's .o.tmp): none is an output
            response.put("outputs", run.stopped ? Map.of() : outputs(dir, files.keySet()));
            response.put("cached", cached);
            return response;
        }
    }

    /**
     * {@code POST /api/run}: a WASI module ({@code wasm}, base64) run with {@code args} and
     * {@code stdin}; or, for graders, once per {@code cases} entry, each compared with its expected stdout.
     */
    Map<String, Object> run(Map<String, Object> request, ServeMetrics metrics) throws BadRequest, IOException {
        if (!(request.get("wasm") instanceof String encoded)) {
            throw new BadRequest("\"wasm\" must hold the module, base64-encoded (\"outputs\" of a compile with -o main.wasm)");
        }
        byte[] wasm;
        try {
            wasm = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("\"wasm\" is not base64: " + e.getMessage());
        }
        List<String> args = RequestCheck.strings(request.get("args"), "args");
        Duration limit = millis(request.get("timeLimitMs"), options.timeLimit());
        int memoryMib = (int) Math.min(4096, number(request.get("memoryLimitMiB"), 256));
        List<String> command = new ArrayList<>(List.of("wasi-run", "--max-memory=" + memoryMib, "program.wasm"));
        command.addAll(args);
        long start = System.nanoTime();
        try (Session session = jemception.newSession().caches(caches.withResultCache(null)).cwd(DIR).build()) {
            Path dir = session.fileSystem().getPath(DIR);
            Files.createDirectories(dir);
            Files.write(dir.resolve("program.wasm"), wasm);
            if (request.get("cases") == null) {
                var run = run(session, command, text(request.get("stdin"), "stdin").getBytes(StandardCharsets.UTF_8), limit);
                metrics.ran(System.nanoTime() - start);
                return run.toJson(System.nanoTime() - start);
            }
            if (!(request.get("cases") instanceof List<?> cases) || cases.isEmpty() || cases.size() > 100) {
                throw new BadRequest("\"cases\" must be an array of 1 to 100 {\"stdin\", \"expectedStdout\"} objects");
            }
            var results = new ArrayList<Map<String, Object>>();
            int passed = 0;
            for (Object c : cases) {
                if (!(c instanceof Map<?, ?> test) || !(test.get("expectedStdout") instanceof String expected)) {
                    throw new BadRequest("each case must be an object with \"expectedStdout\" (and \"stdin\")");
                }
                long caseStart = System.nanoTime();
                var run = run(session, command, text(test.get("stdin"), "stdin").getBytes(StandardCharsets.UTF_8), limit);
                Map<String, Object> result = run.toJson(System.nanoTime() - caseStart);
                String diff = OutputDiff.firstDifference(expected, run.stdout.text());
                boolean pass = run.exitCode == 0 && diff == null && !run.stdout.truncated();
                result.put("passed", pass);
                if (diff != null) {
                    result.put("diff", diff);
                }
                passed += pass ? 1 : 0;
                results.add(result);
            }
            metrics.ran(System.nanoTime() - start);
            var response = new LinkedHashMap<String, Object>();
            response.put("passed", passed);
            response.put("total", results.size());
            response.put("cases", results);
            response.put("timeMs", (System.nanoTime() - start) / 1_000_000);
            return response;
        }
    }

    /** A finished command: its exit code, capped output, whether it was stopped, and by its time limit. */
    private record Finished(int exitCode, CappedOutput stdout, CappedOutput stderr, boolean stopped, boolean timedOut) {
        Map<String, Object> toJson(long nanos) {
            var json = new LinkedHashMap<String, Object>();
            json.put("exitCode", exitCode);
            json.put("stdout", stdout.text());
            json.put("stderr", stderr.text());
            json.put("stdoutTruncated", stdout.truncated());
            json.put("stderrTruncated", stderr.truncated());
            json.put("timedOut", timedOut);
            json.put("timeMs", nanos / 1_000_000);
            return json;
        }
    }

    private Finished run(Session session, List<String> command, byte[] stdin, Duration limit) {
        var cancellation = new Cancellation();
        Runnable overflow = () -> cancellation.cancel("stopped: its output passed the limit of " + options.maxOutputBytes() + " bytes", 1);
        var out = new CappedOutput(options.maxOutputBytes(), overflow);
        var err = new CappedOutput(options.maxOutputBytes(), overflow);
        int code;
        try (var timer = cancellation.timeLimit(limit)) {
            code = session.run(command, new ByteArrayInputStream(stdin), out, err, cancellation);
        }
        boolean stopped = cancellation.isCancelled();
        return new Finished(code, out, err, stopped, stopped && cancellation.exitCode() == Session.TIMED_OUT);
    }

    /** Every file under {@code dir} the command wrote (the request's own files left out), base64. */
    private static Map<String, String> outputs(Path dir, Set<String> inputs) throws IOException {
        var outputs = new TreeMap<String, String>();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(p).toString();
                if (!inputs.contains(name)) {
                    outputs.put(name, Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
                }
            }
        }
        return outputs;
    }

    private static Map<String, Object> json(Diagnostic d) {
        var json = new LinkedHashMap<String, Object>();
        json.put("file", d.file());
        json.put("line", d.line());
        json.put("column", d.column());
        json.put("severity", d.severity().name().toLowerCase());
        json.put("message", d.message());
        return json;
    }

    private Duration millis(Object value, Duration max) throws BadRequest {
        long ms = number(value, max.toMillis());
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }

    private static long number(Object value, long otherwise) throws BadRequest {
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Number n) || n.longValue() < 1) {
            throw new BadRequest("limits must be positive whole numbers: " + value);
        }
        return n.longValue();
    }

    private static String text(Object value, String field) throws BadRequest {
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw new BadRequest("\"" + field + "\" must be a string");
        }
        return s;
    }
}
