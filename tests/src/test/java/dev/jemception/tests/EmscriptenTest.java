package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jemception.runtime.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real emcc.py on GraalPy driving clang, wasm-ld and node inside the JVM, on real files of the
 * host: each test compiles real code and runs the result (Chicory for standalone wasm, the
 * machine's Node.js as the oracle for JavaScript output, skipped where there is none).
 */
class EmscriptenTest extends SessionTestBase {

    static final String CXX_PROGRAM = """
            #include <algorithm>
            #include <cstdio>
            #include <iostream>
            #include <map>
            #include <memory>
            #include <string>
            #include <vector>

            int main() {
                std::vector<std::string> words{"wasm", "jvm", "emscripten"};
                std::sort(words.begin(), words.end());
                std::map<std::string, size_t> lengths;
                for (const auto& w : words) lengths[w] = w.size();
                auto answer = std::make_unique<int>(42);
                for (const auto& [w, n] : lengths) std::cout << w << '=' << n << '\\n';
                std::printf("%.3f %d\\n", 3.14159, *answer);
                return 3;
            }
            """;

    @Test
    void cHelloAsJavaScriptRunsInNode() throws Exception {
        write("hello.c", "#include <stdio.h>\nint main(void) { printf(\"hello %.2f\\n\", 1.5); return 0; }\n");
        ok("emcc", "hello.c", "-o", "hello.js");
        assertThat(dir.resolve("hello.wasm")).exists();
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        assertThat(Wasi.node(dir.resolve("hello.js"))).isEqualTo(new Wasi.Exit(0, "hello 1.50\n"));
    }

    @Test
    void cxxAtO1AsStandaloneWasmRunsInChicory() throws IOException {
        write("app.cpp", CXX_PROGRAM);
        ok("em++", "-O1", "app.cpp", "-o", "app.wasm");
        assertThat(Wasi.run(dir.resolve("app.wasm")))
                .isEqualTo(new Wasi.Exit(3, "emscripten=10\njvm=3\nwasm=4\n3.142 42\n"));
    }

    @Test
    void exportedFunctionIsCalledFromChicory() throws IOException {
        write("add.c", "int add(int a, int b) { return a + b; }\n");
        ok("emcc", "-O1", "add.c", "-sEXPORTED_FUNCTIONS=_add", "--no-entry", "-o", "add.wasm");
        assertThat(Wasi.instance(dir.resolve("add.wasm")).export("add").apply(19, 23)[0]).isEqualTo(42);
    }

    @Test
    void separateCompilesAStaticLibraryIncludePathsAndDefines() throws IOException {
        write("include/greet.h", "const char* greeting(void);\n");
        write("lib/greet.c", "#include \"greet.h\"\nconst char* greeting(void) { return GREETING; }\n");
        write("main.c", "#include <stdio.h>\n#include \"greet.h\"\nint main(void) { puts(greeting()); return 0; }\n");
        ok("emcc", "-c", "lib/greet.c", "-Iinclude", "-DGREETING=\"hi from a library\"", "-o", "lib/greet.o");
        ok("emar", "rcs", "lib/libgreet.a", "lib/greet.o");
        ok("emcc", "-c", "main.c", "-Iinclude", "-o", "main.o");
        ok("emcc", "main.o", "-Llib", "-lgreet", "-o", "greet.wasm");
        assertThat(Wasi.run(dir.resolve("greet.wasm"))).isEqualTo(new Wasi.Exit(0, "hi from a library\n"));
    }

    @Test
    void cxxExceptionsAndRttiWithJavaScriptAndWasmExceptionHandling() throws Exception {
        write("exceptions.cpp", """
                #include <iostream>
                #include <stdexcept>
                #include <typeinfo>
                struct Base { virtual ~Base() = default; };
                struct Derived : Base {};
                void deep(int n) { if (n == 0) throw std::runtime_error("from the bottom"); deep(n - 1); }
                void rethrow() {
                    try { deep(3); } catch (const std::exception&) { std::cout << "caught once\\n"; throw; }
                }
                int main() {
                    try { rethrow(); } catch (const std::runtime_error& e) { std::cout << "caught again: " << e.what() << '\\n'; }
                    Base* b = new Derived;
                    std::cout << (dynamic_cast<Derived*>(b) != nullptr) << ' ' << (typeid(*b) == typeid(Derived)) << '\\n';
                    delete b;
                    return 0;
                }
                """);
        ok("em++", "-fexceptions", "exceptions.cpp", "-o", "js-eh.js");
        ok("em++", "-fwasm-exceptions", "exceptions.cpp", "-o", "wasm-eh.js");
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        var expected = new Wasi.Exit(0, "caught once\ncaught again: from the bottom\n1 1\n");
        assertThat(Wasi.node(dir.resolve("js-eh.js"))).isEqualTo(expected);
        assertThat(Wasi.node(dir.resolve("wasm-eh.js"))).isEqualTo(expected);
    }

    @Test
    void aCompileErrorShowsClangsDiagnosticAndWritesNothing() throws IOException {
        write("broken.c", "int main(void) {\n  return undeclared;\n}\n");
        RunResult r = session.run("emcc", "broken.c", "-o", "broken.js");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("broken.c:2:10: error: use of undeclared identifier 'undeclared'")
                .doesNotContain("Exception", "\tat ");
        assertThat(dir.resolve("broken.js")).doesNotExist();
        assertThat(dir.resolve("broken.wasm")).doesNotExist();
    }

    @Test
    void anUndefinedSymbolIsALinkError() throws IOException {
        write("undefined.c", "int missing(void);\nint main(void) { return missing(); }\n");
        RunResult r = session.run("emcc", "undefined.c", "-o", "undefined.js");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("undefined symbol: missing").doesNotContain("Exception");
        assertThat(dir.resolve("undefined.js")).doesNotExist();
    }

    @Test
    void settingsJemceptionCannotServeAndUnknownFlagsAreNamed() throws IOException {
        write("lto.c", "int main(void) { return 0; }\n");
        RunResult r = session.run("emcc", "-flto", "lto.c", "-o", "lto.js");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("emcc: error: -flto is not supported by jemception: it needs LTO bitcode builds")
                .doesNotContain("libGL", "Traceback", "FROZEN_CACHE");
        RunResult wasm64 = session.run("emcc", "-sMEMORY64", "lto.c", "-o", "lto.js");
        assertThat(wasm64.exitCode()).isEqualTo(1);
        assertThat(wasm64.stderr()).contains("-sMEMORY64 is not supported by jemception: it needs wasm64 builds")
                .doesNotContain("libGL", "Traceback");
        RunResult pic = session.run("emcc", "-sMAIN_MODULE", "lto.c", "-o", "lto.js");
        assertThat(pic.exitCode()).isEqualTo(1);
        assertThat(pic.stderr()).contains("-sMAIN_MODULE is not supported by jemception: it needs position-independent (PIC) builds")
                .doesNotContain("libGL", "Traceback");

        RunResult unknown = session.run("emcc", "--no-such-flag", "lto.c", "-o", "lto.js");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("--no-such-flag").doesNotContain("Traceback", "Exception");
        assertThat(dir.resolve("lto.js")).doesNotExist();
    }

    @Test
    void debugInfoKeepsNamesAndDwarf() throws IOException {
        write("debug.c", "int twice(int x) { return 2 * x; }\nint main(void) { return twice(0); }\n");
        ok("emcc", "-g", "debug.c", "-o", "debug.wasm");
        String sections = ok("llvm-objdump", "-h", "debug.wasm").stdout();
        assertThat(sections).contains(".debug_info", ".debug_line", "name");
        // the ASCII column of the .debug_str dump (after " ADDR" and 35 columns of hex), joined across lines
        String strings = ok("llvm-objdump", "-s", "-j", ".debug_str", "debug.wasm").stdout().lines()
                .filter(l -> l.startsWith(" ")).map(l -> l.substring(Math.min(l.length(), l.indexOf(' ', 1) + 38)))
                .collect(Collectors.joining());
        assertThat(strings).contains("twice", "debug.c");
    }

    @Test
    void modularizedEs6ModuleAndHtmlPage() throws Exception {
        write("mod.c", "#include <stdio.h>\nint main(void) { puts(\"from a module\"); return 0; }\n");
        ok("emcc", "mod.c", "-sMODULARIZE", "-sEXPORT_ES6", "-o", "mod.mjs");
        ok("emcc", "mod.c", "-o", "page.html");
        assertThat(Files.readString(dir.resolve("page.html"))).contains("<canvas", "page.js");
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        write("run-mod.mjs", "import create from './mod.mjs';\nawait create();\n");
        assertThat(Wasi.node(dir.resolve("run-mod.mjs"))).isEqualTo(new Wasi.Exit(0, "from a module\n"));
        assertThat(Wasi.node(dir.resolve("page.js"))).isEqualTo(new Wasi.Exit(0, "from a module\n"));
    }

    @Test
    void pthreadsAndPrebuiltPortsLink() throws Exception {
        write("threads.c", """
                #include <pthread.h>
                #include <stdio.h>
                static void* work(void* arg) { *(int*) arg *= 2; return NULL; }
                int main(void) {
                    int value = 21; pthread_t t;
                    pthread_create(&t, NULL, work, &value); pthread_join(t, NULL);
                    printf("%d\\n", value); return 0;
                }
                """);
        ok("emcc", "-pthread", "threads.c", "-o", "threads.js");
        write("zlib.c", """
                #include <stdio.h>
                #include <string.h>
                #include <zlib.h>
                int main(void) {
                    const char* text = "jemception jemception jemception";
                    unsigned char packed[128], unpacked[128];
                    uLongf packedSize = sizeof packed, unpackedSize = sizeof unpacked;
                    compress(packed, &packedSize, (const Bytef*) text, strlen(text) + 1);
                    uncompress(unpacked, &unpackedSize, packed, packedSize);
                    printf("%s (%lu bytes packed)\\n", unpacked, (unsigned long) packedSize);
                    return 0;
                }
                """);
        ok("emcc", "-sUSE_ZLIB=1", "zlib.c", "-o", "zlib.wasm");
        assertThat(Wasi.run(dir.resolve("zlib.wasm")).stdout()).startsWith("jemception jemception jemception (");
        write("sdl.c", "#include <SDL2/SDL.h>\nint main(void) { return SDL_Init(0); }\n");
        ok("emcc", "-sUSE_SDL=2", "sdl.c", "-o", "sdl.js");
        assertThat(dir.resolve("sdl.wasm")).exists();
    }

    @Test
    void theVersionCheckIsOffUnlessAskedForSoWerrorBuilds() throws IOException {
        write("strict.c", "int main(void) { return 5; }\n");
        RunResult strict = ok("emcc", "-Wall", "-Werror", "strict.c", "-o", "strict.wasm");
        assertThat(strict.stderr()).doesNotContain("version");
        assertThat(Wasi.run(dir.resolve("strict.wasm")).code()).isEqualTo(5);

        RunResult asked = ok("emcc", "-Wversion-check", "strict.c", "-o", "strict.wasm");
        assertThat(asked.stderr()).contains("appears incorrect (seeing \"22.1\", expected \"23\") [-Wversion-check]");
    }

    @Test
    void emmakeWithoutMakeSaysSoInOneLine() {
        RunResult r = session.run("emmake", "make");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("emmake: error: make: ").contains("jemception cannot run it")
                .doesNotContain("Traceback", "Exception");
    }
}
