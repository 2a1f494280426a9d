package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jemception.runtime.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * emcc builds that run binaryen (box-binaryen): optimization levels, ASYNCIFY, EVAL_CTORS and
 * wasm2js; and --closure (box-closure). Each compiles real code and runs the result: Chicory for
 * standalone wasm, the machine's Node.js as the oracle for JavaScript output (skipped where there is none).
 */
class EmscriptenOptimizedTest extends SessionTestBase {
    static final String EXCEPTIONS = """
            #include <iostream>
            #include <stdexcept>
            #include <string>

            static int parse(const std::string& s) {
                if (s.empty()) throw std::invalid_argument("empty");
                return std::stoi(s);
            }

            int main() {
                int sum = 0;
                for (const char* s : {"4", "", "38", "x"}) {
                    try {
                        sum += parse(s);
                    } catch (const std::invalid_argument& e) {
                        std::cout << "bad: " << e.what() << '\\n';
                    }
                }
                std::cout << "sum " << sum << '\\n';
                return 0;
            }
            """;

    @Test
    void cxxAtO2AndO3RunsInChicoryAndOzIsSmallerThanO0() throws IOException {
        write("app.cpp", EmscriptenTest.CXX_PROGRAM);
        var expected = new Wasi.Exit(3, "emscripten=10\njvm=3\nwasm=4\n3.142 42\n");
        for (String level : new String[] {"-O0", "-O2", "-O3", "-Os", "-Oz"}) {
            String out = "app" + level + ".wasm";
            ok("em++", level, "app.cpp", "-o", out);
            assertThat(Wasi.run(dir.resolve(out))).as(level).isEqualTo(expected);
        }
        assertThat(Files.size(dir.resolve("app-Oz.wasm"))).isLessThan(Files.size(dir.resolve("app-O0.wasm")));
    }

    @Test
    void exceptionsAtO2RunInNode() throws Exception {
        write("exceptions.cpp", EXCEPTIONS);
        ok("em++", "-O2", "-fexceptions", "exceptions.cpp", "-o", "exceptions.js");
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        assertThat(Wasi.node(dir.resolve("exceptions.js"))).isEqualTo(new Wasi.Exit(0, "bad: empty\nbad: stoi: no conversion\nsum 42\n"));
    }

    @Test
    void asyncifySleepsAndResumes() throws Exception {
        write("sleep.c", """
                #include <stdio.h>
                #include <emscripten.h>
                int main(void) {
                    printf("before\\n");
                    emscripten_sleep(5);
                    printf("after\\n");
                    return 0;
                }
                """);
        ok("emcc", "-O1", "-sASYNCIFY", "sleep.c", "-o", "sleep.js");
        assertThat(new String(Files.readAllBytes(dir.resolve("sleep.wasm")), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("asyncify_start_unwind");
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        assertThat(Wasi.node(dir.resolve("sleep.js"))).isEqualTo(new Wasi.Exit(0, "before\nafter\n"));
    }

    @Test
    void evalCtorsRunsTheConstructorAtBuildTime() throws Exception {
        write("ctor.cpp", """
                #include <cstdio>
                struct Table { int squares[16]; Table() { for (int i = 0; i < 16; i++) squares[i] = i * i; } };
                static Table table;
                int main() { std::printf("%d\\n", table.squares[7] + table.squares[1]); return 0; }
                """);
        // JavaScript output: upstream 5.0.7's eval_ctors reads the JS file, so -o x.wasm fails there too
        var r = ok("em++", "-O2", "-sEVAL_CTORS", "ctor.cpp", "-o", "ctor.js");
        assertThat(r.stderr()).contains("...success on __wasm_call_ctors.");
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        assertThat(Wasi.node(dir.resolve("ctor.js"))).isEqualTo(new Wasi.Exit(0, "50\n"));
    }

    @Test
    void wasm2jsOutputRunsInNode() throws Exception {
        write("w0.c", "#include <stdio.h>\nint main(void) { long long x = 1LL << 40; printf(\"%lld %.2f\\n\", x + 2, 2.5); return 0; }\n");
        ok("emcc", "-O1", "-sWASM=0", "w0.c", "-o", "w0.js");
        assertThat(dir.resolve("w0.wasm")).doesNotExist();
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        assertThat(Wasi.node(dir.resolve("w0.js"))).isEqualTo(new Wasi.Exit(0, "1099511627778 2.50\n"));
    }

    @Test
    void closureCompilerRunsOnTheJavaScript() throws Exception {
        write("closure.c", """
                #include <stdio.h>
                #include <emscripten.h>
                EMSCRIPTEN_KEEPALIVE int twice(int x) { return 2 * x; }
                int main(void) { printf("closure %d\\n", twice(21)); return 0; }
                """);
        RunResult r = ok("emcc", "-O2", "--closure", "1", "-v", "closure.c", "-o", "closure.js");
        assertThat(r.stderr()).contains("google-closure-compiler", "--compilation_level ADVANCED_OPTIMIZATIONS");
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        assertThat(Wasi.node(dir.resolve("closure.js"))).isEqualTo(new Wasi.Exit(0, "closure 42\n"));
    }
}
