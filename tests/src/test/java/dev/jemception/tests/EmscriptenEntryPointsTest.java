package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jemception.runtime.RunResult;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * emsdk's entry points that emcc starts by path or users run by hand: file_packager behind
 * {@code --embed-file} and {@code --preload-file}, webidl_binder. Each builds a real program and
 * runs it in Node (the oracle for JavaScript output).
 */
class EmscriptenEntryPointsTest extends SessionTestBase {
    static final String READER = """
            #include <stdio.h>
            static void show(const char *path) {
              FILE *f = fopen(path, "r");
              if (!f) { printf("%s: missing\\n", path); return; }
              char line[128];
              while (fgets(line, sizeof line, f)) printf("%s: %s", path, line);
              fclose(f);
            }
            int main(void) {
              show("data.txt");
              show("/res/a.txt");
              show("/res/sub/b.txt");
              return 0;
            }
            """;

    static final String EXPECTED = "data.txt: plain data\n/res/a.txt: first\n/res/sub/b.txt: second\n";

    @Test
    void embedFileAndPreloadFileServeAFileAndARemappedDirectory() throws Exception {
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        write("reader.c", READER);
        write("data.txt", "plain data\n");
        write("assets/a.txt", "first\n");
        write("assets/sub/b.txt", "second\n");

        ok("emcc", "reader.c", "--embed-file", "data.txt", "--embed-file", "assets@/res", "-o", "embedded.js");
        assertThat(Wasi.node(dir.resolve("embedded.js"))).isEqualTo(new Wasi.Exit(0, EXPECTED));

        ok("emcc", "reader.c", "--preload-file", "data.txt", "--preload-file", "assets@/res",
                "--exclude-file", "*.tmp", "-o", "preloaded.js");
        assertThat(dir.resolve("preloaded.data")).exists();
        assertThat(Wasi.node(dir.resolve("preloaded.js"))).isEqualTo(new Wasi.Exit(0, EXPECTED));
    }

    @Test
    void filePackagerRunsByHand() throws Exception {
        write("pack/x.txt", "x\n");
        RunResult r = ok("file_packager", "out.data", "--preload", "pack@/p", "--js-output=out.js");
        assertThat(r.stderr()).doesNotContain("Traceback");
        assertThat(Files.readString(dir.resolve("out.js"))).contains("/p/x.txt");
        assertThat(Files.readString(dir.resolve("out.data"))).isEqualTo("x\n");
    }

    @Test
    void webidlBinderGlueIsCalledFromNode() throws Exception {
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH to run the JavaScript output");
        write("adder.idl", "interface Adder {\n  void Adder(long base);\n  long add(long x);\n};\n");
        write("adder.h", "class Adder {\n  int base;\npublic:\n  Adder(int b) : base(b) {}\n  int add(int x) { return base + x; }\n};\n");
        write("wrapper.cpp", "#include \"adder.h\"\n#include \"glue.cpp\"\n");
        write("main.js", "Module.onRuntimeInitialized = () => {\n  const a = new Module.Adder(40);\n  console.log(a.add(2));\n  Module.destroy(a);\n};\n");
        ok("webidl_binder", "adder.idl", "glue");
        assertThat(dir.resolve("glue.cpp")).exists();
        ok("em++", "wrapper.cpp", "--post-js", "glue.js", "--post-js", "main.js", "-o", "adder.js");
        assertThat(Wasi.node(dir.resolve("adder.js"))).isEqualTo(new Wasi.Exit(0, "42\n"));
    }
}
