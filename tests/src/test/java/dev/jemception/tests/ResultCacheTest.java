package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.runtime.cache.ResultCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result cache, the persistent Emscripten cache and GraalPy's bytecode, through real em++ runs:
 * a repeated command runs nothing (counted with a {@link Session.ProcessListener}) and writes the
 * same bytes; any changed input is a miss; the JS tools' runs are replayed when only the C changed;
 * results, emcc's cache and the bytecode of its modules outlive the session that made them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResultCacheTest {
    @TempDir
    static Path project;
    @TempDir
    static Path cacheDir;

    static final List<String> programs = new CopyOnWriteArrayList<>();

    /** Runs a command in a new session over the project and the test's cache directory. */
    static RunResult run(String... argv) throws IOException {
        return run(Caches.in(cacheDir), argv);
    }

    static RunResult run(Caches caches, String... argv) throws IOException {
        programs.clear();
        try (Session s = Toolchain.load().newSession().mountHost(project).cwd(project).caches(caches)
                .listener((args, code, nanos) -> programs.add(Path.of(args.get(0)).getFileName().toString()))
                .build()) {
            RunResult r = s.run(argv);
            assertThat(r.exitCode()).as(String.join(" ", argv) + "\n" + r.stderr()).isZero();
            return r;
        }
    }

    static ResultCache.Counts counts() {
        return Caches.in(cacheDir).resultCache().counts();
    }

    @Test
    @Order(1)
    void aRepeatedEmxxRunsNothingAndWritesTheSameBytes() throws Exception {
        Files.writeString(project.resolve("answer.h"), "#define ANSWER 42\n");
        Files.writeString(project.resolve("main.cpp"), """
                #include <iostream>
                #include "answer.h"
                int main() { std::cout << "answer " << ANSWER << std::endl; return 0; }
                """);
        run("em++", "main.cpp", "-o", "main.js");
        assertThat(programs).contains("clang++", "wasm-ld", "node");
        byte[] js = Files.readAllBytes(project.resolve("main.js"));
        byte[] wasm = Files.readAllBytes(project.resolve("main.wasm"));
        Files.delete(project.resolve("main.js"));
        Files.delete(project.resolve("main.wasm"));

        long hits = counts().hits();
        run("em++", "main.cpp", "-o", "main.js");
        assertThat(programs).containsExactly("em++"); // replayed whole: no clang, no node
        assertThat(counts().hits()).isEqualTo(hits + 1);
        assertThat(Files.readAllBytes(project.resolve("main.js"))).isEqualTo(js);
        assertThat(Files.readAllBytes(project.resolve("main.wasm"))).isEqualTo(wasm);
        assertThat(Wasi.node(project.resolve("main.js"))).isEqualTo(new Wasi.Exit(0, "answer 42\n"));
    }

    @Test
    @Order(2)
    void emccsOwnCacheIsOnDiskForTheNextSession() throws IOException {
        try (Stream<Path> files = Files.walk(cacheDir.resolve("emscripten-cache"))) {
            assertThat(files.map(Path::toString).filter(p -> p.contains("/symbol_lists/"))).isNotEmpty();
        }
    }

    @Test
    @Order(3)
    void pythonsBytecodeIsOnDiskForTheNextSessionAndChangesNoOutput() throws Exception {
        try (Stream<Path> files = Files.walk(cacheDir.resolve("emscripten-cache"))) { // written by test 1's em++
            assertThat(files.map(Path::toString).filter(p -> p.endsWith(".pyc")).toList())
                    .anyMatch(p -> p.contains("/emsdk/emscripten/tools/"))
                    .anyMatch(p -> p.contains("/emsdk/python/lib/python3.12/"));
        }
        run(Caches.in(cacheDir).withResultCache(null), "em++", "main.cpp", "-o", "main.js"); // emcc from its bytecode
        assertThat(programs).contains("clang++");
        byte[] js = Files.readAllBytes(project.resolve("main.js"));
        byte[] wasm = Files.readAllBytes(project.resolve("main.wasm"));
        run(Caches.none(), "em++", "main.cpp", "-o", "main.js"); // and from source, nothing on disk
        assertThat(Files.readAllBytes(project.resolve("main.js"))).isEqualTo(js);
        assertThat(Files.readAllBytes(project.resolve("main.wasm"))).isEqualTo(wasm);
    }

    @Test
    @Order(4)
    void aChangedHeaderDefineOrSettingIsAMiss() throws Exception {
        Files.writeString(project.resolve("answer.h"), "#define ANSWER 43\n");
        run("em++", "main.cpp", "-o", "main.js");
        assertThat(programs).contains("clang++");
        assertThat(Wasi.node(project.resolve("main.js"))).isEqualTo(new Wasi.Exit(0, "answer 43\n"));

        run("em++", "-DANSWER_UNUSED=1", "main.cpp", "-o", "main.js");
        assertThat(programs).contains("clang++");

        run("em++", "main.cpp", "-sEXIT_RUNTIME=1", "-o", "main.js");
        assertThat(programs).contains("node"); // other settings: compiler.mjs runs again
    }

    @Test
    @Order(5)
    void twoRunsOfOneKeyAtOnceBothSucceedAndLeaveAWholeEntry() throws Exception {
        Files.writeString(project.resolve("twice.c"), "int twice(int x) { return 2 * x; }\n");
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Future<RunResult>> both = List.of(
                    pool.submit(() -> run("emcc", "-c", "twice.c", "-o", "twice.o")),
                    pool.submit(() -> run("emcc", "-c", "twice.c", "-o", "twice.o")));
            for (Future<RunResult> f : both) {
                assertThat(f.get().exitCode()).isZero();
            }
        }
        byte[] object = Files.readAllBytes(project.resolve("twice.o"));
        Files.delete(project.resolve("twice.o"));
        run("emcc", "-c", "twice.c", "-o", "twice.o");
        assertThat(programs).containsExactly("emcc");
        assertThat(Files.readAllBytes(project.resolve("twice.o"))).isEqualTo(object);
    }

    @Test
    @Order(6)
    void anO2LinkOfChangedCodeReplaysTheJsOptimizerAndLeavesWhatARealRunLeaves() throws Exception {
        // the same length of string: the JS around the module is the same, the module is not
        Files.writeString(project.resolve("opt.c"), "#include <stdio.h>\nint main(void) { puts(\"first\"); return 0; }\n");
        run("emcc", "-O2", "opt.c", "-o", "opt.js");
        Files.writeString(project.resolve("opt.c"), "#include <stdio.h>\nint main(void) { puts(\"again\"); return 0; }\n");
        long hits = counts().hits();
        run("emcc", "-O2", "opt.c", "-o", "opt.js");
        assertThat(programs).contains("clang", "wasm-opt");
        assertThat(counts().hits()).isEqualTo(hits + 2); // node compiler.mjs and acorn-optimizer.mjs: replayed
        byte[] js = Files.readAllBytes(project.resolve("opt.js"));
        byte[] wasm = Files.readAllBytes(project.resolve("opt.wasm"));
        assertThat(Wasi.node(project.resolve("opt.js"))).isEqualTo(new Wasi.Exit(0, "again\n"));

        run(Caches.in(cacheDir).withResultCache(null), "emcc", "-O2", "opt.c", "-o", "opt.js"); // everything runs
        assertThat(Files.readAllBytes(project.resolve("opt.js"))).isEqualTo(js);
        assertThat(Files.readAllBytes(project.resolve("opt.wasm"))).isEqualTo(wasm);
    }
}
