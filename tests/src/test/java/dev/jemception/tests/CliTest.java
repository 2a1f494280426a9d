package dev.jemception.tests;

import dev.jemception.runtime.Cancellation;
import dev.jemception.runtime.cache.Caches;
import java.util.List;
import java.util.Map;
import java.io.OutputStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.api.Commands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jemception command's own behaviour (what it does before a tool runs). */
class CliTest {
    record Outcome(int exitCode, String stdout, String stderr) {}

    static Outcome jemception(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Commands.run(List.of(args), Commands.Invocation.ofThisProcess(InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Cancellation()));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownToolIsNamedAndTheKnownOnesListed() {
        Outcome o = jemception("no-such-tool", "--flag");
        assertThat(o.exitCode()).isEqualTo(127);
        assertThat(o.stderr()).contains("unknown tool 'no-such-tool'").contains("clang++", "wasm-ld", "llvm-ar");
        assertThat(o.stderr()).doesNotContain("Exception");
    }

    @Test
    void aMissingInputFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.c");
        Outcome o = jemception("clang", "--target=wasm32-unknown-emscripten", "-c", missing.toString(),
                "-o", dir.resolve("missing.o").toString());
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.stderr()).contains("no such file or directory: '" + missing + "'").doesNotContain("Exception");
    }

    @Test
    void theFilesAResponseFileNamesAreVisible(@TempDir Path dir) throws Exception {
        // the response file's directory holds neither the source nor the output: only its contents name them
        Files.createDirectories(dir.resolve("src with space"));
        Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(dir.resolve("rsp"));
        Files.writeString(dir.resolve("src with space/a.c"), "int answer(void) { return 42; }\n");
        Files.writeString(dir.resolve("rsp/args.rsp"), "--target=wasm32-unknown-emscripten -c \"" + dir.resolve("src with space/a.c")
                + "\"\n-o " + dir.resolve("out/a.o") + "\n");
        var err = new ByteArrayOutputStream();
        int code = Commands.run(List.of("clang", "@args.rsp"), // run in rsp/: the only directory mounted without the contents
                new Commands.Invocation(InputStream.nullInputStream(), new PrintStream(OutputStream.nullOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8), dir.resolve("rsp"),
                        Map.of("JEMCEPTION_RESULT_CACHE", "off"), new Cancellation())); // clang runs, no replay
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(dir.resolve("out/a.o")).isNotEmptyFile();
    }

    @Test
    void emCommandsRunTheEmscriptenScripts() {
        Outcome o = jemception("em-config", "LLVM_ROOT");
        assertThat(o).isEqualTo(new Outcome(0, "/emsdk/llvm/bin\n", ""));
        // CACHE is answered without Python: the host directory that keeps /emsdk/cache's writes (CMake installs there)
        Outcome cache = jemception("em-config", "CACHE");
        assertThat(cache.exitCode()).isZero();
        assertThat(Path.of(cache.stdout().strip())).isDirectory().startsWith(Caches.defaultDirectory());
        Outcome unknown = jemception("em-config", "NO_SUCH_SETTING");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("usage: em-config").doesNotContain("Exception");
    }

    @Test
    void cacheStatsNameTheResultCache() {
        Outcome o = jemception("--cache-stats");
        assertThat(o.exitCode()).isZero();
        assertThat(o.stdout()).contains("result cache: ").contains("entries").contains("hits");
    }

    @Test
    void noToolPrintsUsage() {
        Outcome o = jemception();
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("Usage: jemception");
    }

    @Test
    void versionNamesTheLlvmBuild() {
        Outcome o = jemception("--version");
        assertThat(o.exitCode()).isZero();
        assertThat(o.stdout()).contains("clang 22");
    }

    @Test
    void toolArgumentsAreNotParsedByJemception() {
        Outcome o = jemception("clang", "--version");
        assertThat(o.exitCode()).isZero();
        assertThat(o.stdout()).contains("clang version 22.1.0");
    }

    @Test
    void emccDashVPrintsBothVersionsAndSucceeds() {
        // what CMake's toolchain file and autoconf ask first; clang -v alone plans no job
        Outcome o = jemception("emcc", "-v");
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stderr()).contains("emcc (Emscripten gcc/clang-like replacement + linker emulating GNU ld) 5.0.7")
                .contains("clang version 22.1.0").contains("Target: wasm32-unknown-emscripten");
    }

    @Test
    void closureCompilerWorksOnTheUsersFilesAndReportsErrors(@TempDir Path dir) throws IOException {
        // expected output and message: what the same Closure release prints run as java -jar
        Path in = Files.writeString(dir.resolve("in.js"), "function greet(name) { return 'hello ' + name; }\nconsole.log(greet('jvm'));\n");
        Path out = dir.resolve("out.js");
        Outcome o = jemception("google-closure-compiler", "--js", in.toString(), "--js_output_file", out.toString());
        assertThat(o).isEqualTo(new Outcome(0, "", ""));
        assertThat(Files.readString(out)).isEqualTo("function greet(a){return\"hello \"+a}console.log(greet(\"jvm\"));\n");

        Path bad = Files.writeString(dir.resolve("bad.js"), "var x = ;\n");
        Outcome error = jemception("google-closure-compiler", "--js", bad.toString(), "--js_output_file",
                dir.resolve("bad.out.js").toString());
        assertThat(error.exitCode()).isEqualTo(1);
        assertThat(error.stderr()).contains(bad + ":1:9: ERROR - [JSC_PARSE_ERROR] Parse error. primary expression expected")
                .doesNotContain("Exception");
        assertThat(dir.resolve("bad.out.js")).doesNotExist();
    }
}
