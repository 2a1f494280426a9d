package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * emcc features users reach for that the other suites do not cover yet: each a small real program
 * built with the feature's flags and run in Node (the oracle for JavaScript output).
 */
class EmccFeaturesTest extends SessionTestBase {

    @BeforeAll
    static void needsNode() {
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
    }

    static Wasi.Exit build(String file, String source, String output, String... flags) throws Exception {
        write(file, source);
        List<String> argv = new ArrayList<>();
        argv.add(file.endsWith(".c") ? "emcc" : "em++");
        argv.add(file);
        argv.addAll(List.of(flags));
        argv.addAll(List.of("-o", output));
        ok(argv.toArray(String[]::new));
        return Wasi.node(dir.resolve(output));
    }

    /** Runs a script in Node with its stderr in the output too: where the sanitizers report. */
    static Wasi.Exit nodeWithStderr(String script) throws Exception {
        Process p = new ProcessBuilder("node", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Wasi.Exit(p.waitFor(), output);
    }

    @Test
    void embindExposesAClassAndAFunction() throws Exception {
        write("embind-main.js", "Module.onRuntimeInitialized = () => {\n"
                + "  const c = new Module.Counter(5);\n  c.add(3);\n  console.log(c.value(), Module.greet('jvm'));\n  c.delete();\n};\n");
        var exit = build("embind.cpp", """
                #include <emscripten/bind.h>
                #include <string>
                class Counter {
                  int v;
                 public:
                  explicit Counter(int start) : v(start) {}
                  void add(int x) { v += x; }
                  int value() const { return v; }
                };
                std::string greet(std::string who) { return "hello " + who; }
                EMSCRIPTEN_BINDINGS(demo) {
                  emscripten::class_<Counter>("Counter").constructor<int>()
                      .function("add", &Counter::add).function("value", &Counter::value);
                  emscripten::function("greet", &greet);
                }
                """, "embind.js", "-lembind", "--post-js", "embind-main.js");
        assertThat(exit).isEqualTo(new Wasi.Exit(0, "8 hello jvm\n"));
    }

    @Test
    void emAsmEmJsAndCcall() throws Exception {
        write("ccall-main.js", "Module.onRuntimeInitialized = () => console.log(Module.ccall('twice', 'number', ['number'], [21]));\n");
        var exit = build("asm.c", """
                #include <emscripten.h>
                #include <stdio.h>
                EM_JS(int, js_add, (int a, int b), { return a + b; });
                EMSCRIPTEN_KEEPALIVE int twice(int x) { return 2 * x; }
                int main(void) {
                  int n = EM_ASM_INT({ return $0 * 10; }, 4);
                  printf("%d %d\\n", n, js_add(1, 2));
                  return 0;
                }
                """, "asm.js", "-sEXPORTED_RUNTIME_METHODS=ccall", "--post-js", "ccall-main.js");
        // onRuntimeInitialized runs before main
        assertThat(exit).isEqualTo(new Wasi.Exit(0, "42\n40 3\n"));
    }

    @Test
    void singleFileEmbedsTheWasm() throws Exception {
        var exit = build("single.c", "#include <stdio.h>\nint main(void) { puts(\"single\"); return 0; }\n",
                "single.js", "-sSINGLE_FILE");
        assertThat(exit).isEqualTo(new Wasi.Exit(0, "single\n"));
        assertThat(dir.resolve("single.wasm")).doesNotExist(); // the module is inside single.js
    }

    @Test
    void simdCxx20FormatRangesAndJsExceptions() throws Exception {
        var exit = build("modern.cpp", """
                #include <format>
                #include <iostream>
                #include <ranges>
                #include <stdexcept>
                #include <vector>
                #include <wasm_simd128.h>
                int main() {
                  v128_t a = wasm_i32x4_make(1, 2, 3, 4);
                  v128_t s = wasm_i32x4_add(a, wasm_i32x4_splat(10));
                  std::vector<int> v{1, 2, 3, 4, 5, 6};
                  int evens = 0;
                  for (int x : v | std::views::filter([](int x) { return x % 2 == 0; })) evens += x;
                  try {
                    throw std::runtime_error("caught");
                  } catch (const std::exception& e) {
                    std::cout << std::format("{} {} {}\\n", wasm_i32x4_extract_lane(s, 3), evens, e.what());
                  }
                  return 0;
                }
                """, "modern.js", "-std=c++20", "-msimd128", "-fexceptions");
        assertThat(exit).isEqualTo(new Wasi.Exit(0, "14 12 caught\n"));
    }

    @Test
    void undefinedBehaviourSanitizerReports() throws Exception {
        write("ubsan.c", "#include <limits.h>\n#include <stdio.h>\nint main(int argc, char **argv) {\n"
                + "  int big = INT_MAX - 1 + argc;\n  printf(\"%d\\n\", big + 1);\n  return 0;\n}\n");
        ok("emcc", "ubsan.c", "-fsanitize=undefined", "-o", "ubsan.js");
        assertThat(nodeWithStderr("ubsan.js").stdout()).contains("ubsan.c:5:").contains("signed integer overflow");
    }

    @Test
    void pthreadsRunInNodeWorkers() throws Exception {
        var exit = build("workers.c", """
                #include <pthread.h>
                #include <stdio.h>
                static int sums[4];
                static void *work(void *arg) {
                  int id = (int) (long) arg;
                  for (int i = 1; i <= 100; i++) sums[id] += i * (id + 1);
                  return NULL;
                }
                int main(void) {
                  pthread_t t[4];
                  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, work, (void *) i);
                  int total = 0;
                  for (int i = 0; i < 4; i++) { pthread_join(t[i], NULL); total += sums[i]; }
                  printf("%d\\n", total);
                  return 0;
                }
                """, "workers.js", "-pthread", "-sPTHREAD_POOL_SIZE=4");
        assertThat(exit).isEqualTo(new Wasi.Exit(0, "50500\n"));
    }

    @Test
    void sqlitePortAnswersAQuery() throws Exception {
        var exit = build("db.c", """
                #include <sqlite3.h>
                #include <stdio.h>
                static int row(void *unused, int n, char **values, char **names) {
                  printf("%s=%s\\n", names[0], values[0]);
                  return 0;
                }
                int main(void) {
                  sqlite3 *db;
                  sqlite3_open(":memory:", &db);
                  sqlite3_exec(db, "create table t(x); insert into t values (20), (22);", NULL, NULL, NULL);
                  sqlite3_exec(db, "select sum(x) as total from t;", row, NULL, NULL);
                  sqlite3_close(db);
                  return 0;
                }
                """, "db.js", "-sUSE_SQLITE3=1");
        assertThat(exit).isEqualTo(new Wasi.Exit(0, "total=42\n"));
    }

    @Test
    void addressSanitizerReportsAHeapOverflow() throws Exception {
        write("asan.c", "#include <stdlib.h>\nint main(int argc, char **argv) {\n  int *a = malloc(4 * sizeof(int));\n"
                + "  a[argc + 3] = 1;\n  free(a);\n  return 0;\n}\n");
        ok("emcc", "asan.c", "-fsanitize=address", "-o", "asan.js");
        Wasi.Exit exit = nodeWithStderr("asan.js");
        assertThat(exit.code()).isNotZero();
        assertThat(exit.stdout()).contains("AddressSanitizer: heap-buffer-overflow");
    }
}
