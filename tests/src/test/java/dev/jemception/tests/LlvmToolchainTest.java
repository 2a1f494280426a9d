package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The real LLVM tools (clang, wasm-ld, llvm-ar, llvm-nm) in Chicory, on real files of the host. */
class LlvmToolchainTest extends SessionTestBase {
    static final String EMSCRIPTEN = "--target=wasm32-unknown-emscripten";

    @Test
    void compilesCToAnObjectWithTheExpectedSymbols() throws IOException {
        write("symbols.c", """
                int counter;
                static int helper(int x) { return x * 2; }
                int twice(int x) { return helper(x) + counter; }
                extern int imported(void);
                int calls(void) { return imported(); }
                """);
        ok("clang", EMSCRIPTEN, "-O1", "-c", "symbols.c", "-o", "symbols.o");
        assertThat(Files.readAllBytes(dir.resolve("symbols.o"))).startsWith(0, 'a', 's', 'm');

        String nm = ok("llvm-nm", "symbols.o").stdout();
        assertThat(nm).containsPattern("T twice\\b").containsPattern("T calls\\b")
                .containsPattern("[DB] counter\\b").containsPattern("U imported\\b");
    }

    @Test
    void linksAFreestandingModuleThatChicoryRuns() throws IOException {
        write("gcd.c", """
                int gcd(int a, int b) { while (b) { int t = a % b; a = b; b = t; } return a; }
                """);
        ok("clang", "--target=wasm32-unknown-unknown", "-O2", "-nostdlib", "-c", "gcd.c", "-o", "gcd.o");
        ok("wasm-ld", "--no-entry", "--export=gcd", "gcd.o", "-o", "gcd.wasm");

        var instance = Instance.builder(Parser.parse(dir.resolve("gcd.wasm"))).build();
        assertThat(instance.export("gcd").apply(1071, 462)[0]).isEqualTo(21);
    }

    @Test
    void clangDrivesCompileAndLinkOfAWasiProgramThatRuns() throws IOException {
        write("hello.cpp", """
                #include <iostream>
                #include <string>
                #include <vector>
                int main(int argc, char** argv) {
                    std::vector<std::string> words{"hello", "from", argv[1]};
                    for (const auto& w : words) std::cout << w << ' ';
                    std::cout << std::endl;
                    return 3;
                }
                """);
        ok("clang++", "--target=wasm32-wasip1", "-O1", "-fno-exceptions", "hello.cpp", "-o", "hello.wasm");

        Wasi.Exit exit = Wasi.run(dir.resolve("hello.wasm"), "chicory");
        assertThat(exit.code()).isEqualTo(3);
        assertThat(exit.stdout()).isEqualTo("hello from chicory \n");
    }

    /**
     * The same LLVM build gives the same object whatever engine runs it: this sha256 is what Node 20
     * (V8, YoWASP's own runClang), GraalWasm and Endive produced from the hello.cpp that
     * {@code jemception bench} compiles ({@code scripts/bench-llvm-engines.sh} prints each engine's).
     */
    @Test
    void objectIsByteIdenticalToTheOneV8Makes() throws Exception {
        try (InputStream source = LlvmToolchainTest.class.getResourceAsStream("/dev/jemception/bench/hello.cpp")) {
            assertThat(source).as("bench's hello.cpp in jemception-demo-cli").isNotNull();
            write("hello.cpp", new String(source.readAllBytes(), StandardCharsets.UTF_8));
        }
        ok("clang++", "--target=wasm32-wasip1", "-O0", "-c", "hello.cpp", "-o", "hello.o");

        assertThat(Hashing.sha256Hex(dir.resolve("hello.o")))
                .isEqualTo("1226575dbaf17aad4b67e38f1f6bc0417663ebec56f735aeb4955e42ddabb9c1");
    }

    @Test
    void wasmLdLinksFromAnArchiveMadeByLlvmAr() throws IOException {
        write("lib/square.c", "int square(int x) { return x * x; }\n");
        write("lib/cube.c", "int square(int); int cube(int x) { return square(x) * x; }\n");
        write("main.c", "int cube(int); int answer(void) { return cube(3) + 15; }\n");
        for (String name : List.of("lib/square", "lib/cube", "main")) {
            ok("clang", "--target=wasm32-unknown-unknown", "-nostdlib", "-c", name + ".c", "-o", name + ".o");
        }
        ok("llvm-ar", "rcs", "lib/libmath.a", "lib/square.o", "lib/cube.o");
        assertThat(ok("llvm-ar", "t", "lib/libmath.a").stdout()).contains("square.o", "cube.o");

        ok("wasm-ld", "--no-entry", "--export=answer", "main.o", "-Llib", "-lmath", "-o", "answer.wasm");
        var instance = Instance.builder(Parser.parse(dir.resolve("answer.wasm"))).build();
        assertThat(instance.export("answer").apply()[0]).isEqualTo(42);
    }

    @Test
    void compilesCxxTemplates() throws IOException {
        write("templates.cpp", """
                template <typename T, int N> struct Array { T items[N]; constexpr int size() const { return N; } };
                template <typename T> T sum(const T* p, int n) { T s{}; for (int i = 0; i < n; i++) s += p[i]; return s; }
                template <int N> struct Fact { static constexpr long value = N * Fact<N - 1>::value; };
                template <> struct Fact<0> { static constexpr long value = 1; };
                static_assert(Fact<10>::value == 3628800);
                extern "C" int total() { Array<int, 4> a{{1, 2, 3, 4}}; return sum(a.items, a.size()); }
                """);
        ok("clang++", EMSCRIPTEN, "-std=c++20", "-fno-exceptions", "-nostdinc++", "-c", "templates.cpp", "-o", "templates.o");
        assertThat(ok("llvm-nm", "templates.o").stdout()).containsPattern("T total\\b");
    }

    @Test
    void aSyntaxErrorGivesClangsDiagnosticAndNoOutput() throws IOException {
        Path source = write("broken.c", "int main(void) {\n  return 1 +;\n}\n");
        RunResult r = session.run("clang", EMSCRIPTEN, "-c", "broken.c", "-o", "broken.o");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("broken.c:2:13: error: expected expression");
        assertThat(r.stderr()).doesNotContain("Exception", "\tat ");
        assertThat(dir.resolve("broken.o")).doesNotExist();

        RunResult absolute = session.run("clang", EMSCRIPTEN, "-c", source.toString(), "-o", "broken.o");
        assertThat(absolute.stderr()).contains(source.toRealPath() + ":2:13: error");
    }

    @Test
    void aMissingInputFileIsNamed() {
        RunResult r = session.run("clang", EMSCRIPTEN, "-c", "no-such-file.c", "-o", "x.o");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("no such file or directory: 'no-such-file.c'");
    }

    @Test
    void hostFilesOutsideTheMountsAreInvisible() throws IOException {
        Path secret = Files.createTempFile("jemception-secret", ".h");
        try {
            Files.writeString(secret, "#define SECRET 42\n");
            write("sneaky.c", "#include \"" + secret + "\"\nint x = SECRET;\n");
            RunResult r = session.run("clang", EMSCRIPTEN, "-c", "sneaky.c", "-o", "sneaky.o");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("'" + secret + "' file not found");
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void aSymlinkInAMountedDirectoryCannotReachOutIt() throws IOException {
        Path secret = Files.createTempFile("jemception-secret", ".h");
        try {
            Files.writeString(secret, "#define SECRET 42\n");
            Files.createSymbolicLink(dir.resolve("link.h"), secret);
            write("linked.c", "#include \"link.h\"\nint x = SECRET;\n");
            RunResult r = session.run("clang", EMSCRIPTEN, "-c", "linked.c", "-o", "linked.o");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("'link.h' file not found");
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void concurrentCompilesGiveTheSameBytesAsSequentialOnes() throws Exception {
        write("one.c", "int one(int x) { return x + 1; }\n");
        write("two.c", "double two(double x) { return x * 2.5; }\n");
        ok("clang", EMSCRIPTEN, "-c", "one.c", "-o", "one-seq.o");
        ok("clang", EMSCRIPTEN, "-c", "two.c", "-o", "two-seq.o");

        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Future<RunResult>> runs = new ArrayList<>();
            for (String name : List.of("one", "two")) {
                Callable<RunResult> compile = () -> session.run("clang", EMSCRIPTEN, "-c", name + ".c", "-o", name + "-par.o");
                runs.add(pool.submit(compile));
            }
            for (var run : runs) {
                assertThat(run.get().exitCode()).isZero();
            }
        }
        for (String name : List.of("one", "two")) {
            assertThat(Files.readAllBytes(dir.resolve(name + "-par.o")))
                    .isEqualTo(Files.readAllBytes(dir.resolve(name + "-seq.o")));
        }
    }
}
