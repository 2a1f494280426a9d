package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jemception.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** jemception serve's HTTP API against a real server on a loopback port: compile, run, refusals. */
class ServeApiTest {
    static final String SUM_C = "#include <stdio.h>\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 2;"
            + " printf(\"%ld\\n\", a + b); return 0; }\n";
    static ServeClient serve;

    @BeforeAll
    static void start() throws Exception {
        serve = new ServeClient(ServeOptions.defaults(0).withLimits(2, 4, Duration.ofSeconds(120)).withSizes(64 << 10, 4 << 10, 4));
    }

    @AfterAll
    static void stop() throws Exception {
        serve.close();
    }

    @Test
    void compilesCToAWasiModuleAndRunsItWithStdinAndGraderCases() throws Exception {
        var compiled = serve.post("/api/compile", Map.of("files", Map.of("src/sum.c", SUM_C),
                "args", List.of("emcc", "src/sum.c", "-O1", "-o", "sum.wasm")));
        assertThat(compiled.status()).as(compiled.raw().body()).isEqualTo(200);
        assertThat(compiled.<Integer>get("exitCode")).isZero();
        assertThat(compiled.<Map<String, Object>>get("outputs")).containsOnlyKeys("sum.wasm");
        byte[] wasm = compiled.output("sum.wasm");
        assertThat(Wasi.run(wasm)).isEqualTo(new Wasi.Exit(2, "")); // Chicory, outside the server: no stdin

        var ran = serve.post("/api/run", Map.of("wasm", Base64.getEncoder().encodeToString(wasm), "stdin", "40 2\n"));
        assertThat(ran.status()).isEqualTo(200);
        assertThat(ran.json()).containsEntry("exitCode", 0).containsEntry("stdout", "42\n").containsEntry("timedOut", false);

        var graded = serve.post("/api/run", Map.of("wasm", Base64.getEncoder().encodeToString(wasm), "cases", List.of(
                Map.of("stdin", "1 2", "expectedStdout", "3\n"),
                Map.of("stdin", "1 2", "expectedStdout", "4\n"),
                Map.of("stdin", "", "expectedStdout", "0\n"))));
        assertThat(graded.json()).containsEntry("passed", 1).containsEntry("total", 3);
        List<Map<String, Object>> cases = graded.get("cases");
        assertThat(cases.get(0)).containsEntry("passed", true).containsEntry("stdout", "3\n");
        assertThat(cases.get(1)).containsEntry("passed", false).containsEntry("diff", "line 1: expected \"4\", got \"3\"");
        assertThat(cases.get(2)).containsEntry("passed", false).containsEntry("exitCode", 2);

        var again = serve.post("/api/compile", Map.of("files", Map.of("src/sum.c", SUM_C),
                "args", List.of("emcc", "src/sum.c", "-O1", "-o", "sum.wasm")));
        assertThat(again.json()).containsEntry("cached", true);
        assertThat(again.output("sum.wasm")).isEqualTo(wasm);
        assertThat(serve.log()).containsPattern("POST /api/compile 200 \\d+ ms cached=true");
    }

    @Test
    void compilesCxxToJavaScriptThatNodeRuns(@TempDir Path dir) throws Exception {
        var compiled = serve.post("/api/compile", Map.of("files", Map.of("main.cpp",
                "#include <iostream>\nstruct Greeter { const char* name; void hi() const { std::cout << \"hi \" << name << '\\n'; } };\n"
                        + "int main() { Greeter{\"serve\"}.hi(); }\n"),
                "args", List.of("em++", "main.cpp", "-O2", "-o", "main.js")));
        assertThat(compiled.<Integer>get("exitCode")).as(compiled.<String>get("stderr")).isZero();
        assertThat(compiled.<Map<String, Object>>get("outputs")).containsOnlyKeys("main.js", "main.wasm");
        assumeTrue(Wasi.nodeOnPath(), "Node.js (the oracle for .js output) is not on PATH");
        Files.write(dir.resolve("main.js"), compiled.output("main.js"));
        Files.write(dir.resolve("main.wasm"), compiled.output("main.wasm"));
        assertThat(Wasi.node(dir.resolve("main.js"))).isEqualTo(new Wasi.Exit(0, "hi serve\n"));
    }

    @Test
    void aCompileErrorComesBackAsDiagnostics() throws Exception {
        var failed = serve.post("/api/compile", Map.of("files", Map.of("main.cpp", "int main() {\n  int x = 1;\n  return y;\n}\n"),
                "args", List.of("em++", "main.cpp", "-o", "main.js")));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json()).containsEntry("exitCode", 1).containsEntry("outputs", Map.of());
        List<Map<String, Object>> diagnostics = failed.get("diagnostics");
        assertThat(diagnostics.get(0)).containsEntry("file", "main.cpp").containsEntry("line", 3).containsEntry("column", 10)
                .containsEntry("severity", "error").containsEntry("message", "use of undeclared identifier 'y'");
    }

    static List<Object[]> refusals() {
        String main = "int main(void) { return 0; }\n";
        return List.<Object[]>of(
                new Object[] {"a traversal name", 400, body(Map.of("../main.c", main), "emcc", "../main.c"), "no . or .. part"},
                new Object[] {"an absolute name", 400, body(Map.of("/tmp/main.c", main), "emcc", "/tmp/main.c"), "absolute paths are not allowed"},
                new Object[] {"a NUL in a name", 400, body(Map.of("ma\0in.c", main), "emcc", "main.c"), "NUL"},
                new Object[] {"an oversized name", 400, body(Map.of("a".repeat(300) + ".c", main), "emcc", "a.c"), "file name too long"},
                new Object[] {"too many files", 400, body(Map.of("a.c", main, "b.c", main, "c.c", main, "d.c", main, "e.c", main), "emcc", "a.c"),
                    "too many files: 5"},
                new Object[] {"an oversized body", 413, body(Map.of("main.c", main + "//" + "x".repeat(70 << 10)), "emcc", "main.c"),
                    "at most 65536"},
                new Object[] {"invalid JSON", 400, "{\"files\": {\"main.c\": ", "not valid JSON"},
                new Object[] {"--embed-file of a host file", 400, body(Map.of("main.c", main), "emcc", "main.c", "--embed-file", "/etc/hostname"),
                    "names a path outside the request's directory"},
                new Object[] {"an include directory of the host", 400, body(Map.of("main.c", main), "emcc", "main.c", "-I/home"),
                    "names a path outside the request's directory"},
                new Object[] {"a JS library outside", 400, body(Map.of("main.c", main), "emcc", "main.c", "--js-library=../lib.js"),
                    "names a path outside the request's directory"},
                new Object[] {"a port", 400, body(Map.of("main.c", main), "emcc", "main.c", "-sUSE_ZLIB=1"), "ports are downloaded"},
                new Object[] {"another program", 400, body(Map.of("main.c", main), "python", "-c", "print(1)"), "must start with one of"});
    }

    private static String body(Map<String, String> files, String... args) {
        try {
            return com.fasterxml.jackson.jr.ob.JSON.std.asString(Map.of("files", files, "args", List.of(args)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesBadInputWithAClearErrorAndServesOn(String what, int status, String body, String message) throws Exception {
        var refused = serve.postRaw("/api/compile", body);
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.<String>get("error")).contains(message);
        assertThat(serve.get("/api/health").json()).containsEntry("status", "ok");
    }

    @Test
    void versionAndMetrics() throws Exception {
        var version = serve.get("/api/version");
        assertThat(version.json()).containsKeys("jemception", "emscripten", "llvm", "binaryen", "engine");
        assertThat(version.<String>get("emscripten")).startsWith("5.0.7");
        serve.postRaw("/api/compile", "not json");
        var metrics = serve.get("/metrics");
        assertThat(metrics.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.raw().body()).contains("jemception_requests_total{endpoint=\"/api/compile\",status=\"400\"}",
                "jemception_queue_length ", "jemception_requests_in_flight ", "jemception_cache_hits_total ",
                "jemception_compile_seconds_bucket");
    }
}
