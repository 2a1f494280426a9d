package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.engine.Engines;
import dev.jemception.engine.WasiCommand;
import dev.jemception.runtime.Cancellation;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.runtime.cache.Caches;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wasmtime and Chicory run the toolchain's programs to the same bytes, with the same system calls
 * (Chicory's WASI functions serve both), and a wasmtime run stops at once when it is cancelled.
 */
class WasmEnginesTest {
    @TempDir
    static Path dir;

    static final Toolchain TOOLCHAIN = Toolchain.load();
    static final String EMSCRIPTEN = "--target=wasm32-unknown-emscripten";

    @BeforeAll
    static void wasmtimeRunsHere() {
        assertThat(Engines.fallbackReason()).as("wasmtime loads on this machine (linux x86_64)").isEmpty();
        assertThat(Engines.resolve(WasmEngine.AUTO)).isEqualTo(WasmEngine.WASMTIME);
    }

    /** A session over {@link #dir} on {@code engine}, with no result cache: every command runs. */
    static Session session(WasmEngine engine) throws IOException {
        return TOOLCHAIN.newSession().mountHost(dir).cwd(dir).caches(Caches.none()).wasmEngine(engine).build();
    }

    static void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    /** The commands, each with the file it makes. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("clang", EMSCRIPTEN, "-O2", "-c", "lib.c", "-o", "lib.o"),
            List.of("em++", "-O0", "-c", "main.cpp", "-o", "main.o"),
            List.of("llvm-ar", "rcs", "libx.a", "lib.o"),
            List.of("emcc", "main.o", "libx.a", "-o", "main.wasm"),
            List.of("wasm-opt", "-O2", "main.wasm", "-o", "main.opt.wasm"));

    @Test
    void bothEnginesMakeTheSameBytes() throws Exception {
        write("lib.c", "int twice(int x) { return 2 * x; }\n");
        try (InputStream hello = WasmEnginesTest.class.getResourceAsStream("/dev/jemception/bench/hello.cpp")) {
            write("main.cpp", new String(hello.readAllBytes(), StandardCharsets.UTF_8)
                    + "extern \"C\" int twice(int);\nint twiceOf21() { return twice(21); }\n");
        }
        Map<WasmEngine, Map<String, byte[]>> made = new LinkedHashMap<>();
        for (WasmEngine engine : List.of(WasmEngine.WASMTIME, WasmEngine.CHICORY)) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (Session session = session(engine)) {
                for (List<String> command : COMMANDS) {
                    RunResult r = session.run(command);
                    assertThat(r.exitCode()).as(engine + ": " + command + "\n" + r.stderr()).isZero();
                    String output = command.getLast();
                    files.put(output, Files.readAllBytes(dir.resolve(output)));
                }
            }
            for (String output : files.keySet()) {
                Files.delete(dir.resolve(output));
            }
            made.put(engine, files);
        }
        for (String output : made.get(WasmEngine.WASMTIME).keySet()) {
            assertThat(made.get(WasmEngine.WASMTIME).get(output)).as(output)
                    .isEqualTo(made.get(WasmEngine.CHICORY).get(output));
        }
    }

    /** Reaches WASI's file functions with their error cases, printing what each returned. */
    static final String SYSCALLS = """
            #include <dirent.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/stat.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                printf("chdir: %d\\n", chdir(argv[1]));
                errno = 0; int fd = open("missing.txt", O_RDONLY); printf("open missing: %d errno %d\\n", fd, errno);
                fd = open("data.txt", O_RDONLY); char buf[8] = {0};
                printf("read: %zd\\n", read(fd, buf, 4));
                printf("tell: %lld\\n", (long long) lseek(fd, 0, SEEK_CUR));
                printf("seek end: %lld\\n", (long long) lseek(fd, 0, SEEK_END));
                errno = 0; printf("seek bad whence: %lld errno %d\\n", (long long) lseek(fd, 0, 42), errno);
                close(fd);
                errno = 0; printf("close again: %d errno %d\\n", close(fd), errno);
                DIR *d = opendir("listed"); struct dirent *e; int n = 0;
                while ((e = readdir(d)) != NULL) if (e->d_name[0] != '.') n++;
                closedir(d); printf("entries: %d\\n", n);
                errno = 0; fd = open("/emsdk/emscripten/emcc.py", O_WRONLY | O_TRUNC);
                printf("write read-only: %d errno %d\\n", fd, errno);
                errno = 0; fd = open("../../../../../../etc/passwd", O_RDONLY); printf("dotdot: %d errno %d\\n", fd, errno);
                fd = open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644); printf("write: %zd\\n", write(fd, "abc", 3)); close(fd);
                errno = 0; printf("mkdir twice: %d %d errno %d\\n", mkdir("made", 0755), mkdir("made", 0755), errno);
                errno = 0; printf("rmdir not empty: %d errno %d\\n", rmdir("listed"), errno);
                errno = 0; printf("unlink missing: %d errno %d\\n", unlink("missing.txt"), errno);
                return 0;
            }
            """;

    @Test
    void wasiCallsGiveTheSameResultsAndErrnosOnBothEngines() throws Exception {
        write("syscalls.c", SYSCALLS);
        write("data.txt", "0123456789");
        Files.createDirectories(dir.resolve("listed"));
        write("listed/a", "a");
        write("listed/b", "b");
        try (Session session = session(WasmEngine.WASMTIME)) {
            RunResult built = session.run("clang", "--target=wasm32-wasip1", "-O1", "syscalls.c", "-o", "syscalls.wasm");
            assertThat(built.exitCode()).as(built.stderr()).isZero();
        }
        var program = WasiCommand.interpreted("syscalls", Files.readAllBytes(dir.resolve("syscalls.wasm")), WasiCommand.NO_CWD_POINTER);
        Map<WasmEngine, String> printed = new LinkedHashMap<>();
        for (WasmEngine engine : List.of(WasmEngine.WASMTIME, WasmEngine.CHICORY)) {
            Files.deleteIfExists(dir.resolve("out.txt"));
            Files.deleteIfExists(dir.resolve("made"));
            try (Session session = session(engine)) {
                var out = new ByteArrayOutputStream();
                // the program moves to the directory itself (chdir): it has no cwd pointer set for it
                var process = new ProcessContext(List.of("syscalls", dir.toRealPath().toString()), Map.of(), "/",
                        InputStream.nullInputStream(), out, out, session, new Cancellation());
                int code = program.run(process.argv(), process);
                assertThat(code).as(out.toString()).isZero();
                printed.put(engine, out.toString(StandardCharsets.UTF_8));
            }
            assertThat(dir.resolve("out.txt")).hasContent("abc");
        }
        assertThat(printed.get(WasmEngine.WASMTIME)).isEqualTo(printed.get(WasmEngine.CHICORY))
                .contains("chdir: 0", "open missing: -1 errno 44", "read: 4", "tell: 4", "seek end: 10", "entries: 2", "write: 3");
    }

    @Test
    void aCallerWithASmallStackGetsTheSameObject() throws Exception {
        var nested = new StringBuilder("int deep(int x) {\n");
        for (int i = 0; i < 200; i++) {
            nested.append("if (x > ").append(i).append(") {\n");
        }
        nested.append("return x;\n").append("}\n".repeat(200)).append("return -(").append("(".repeat(250)).append("x")
                .append(")".repeat(250)).append(");\n}\n");
        write("nested.c", nested.toString());
        List<String> command = List.of("clang", EMSCRIPTEN, "-O1", "-c", "nested.c", "-o", "nested.o");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (long stack : new long[] {0, 256 << 10}) { // the JVM's default thread stack, then 256 KiB
            var result = new java.util.concurrent.atomic.AtomicReference<RunResult>();
            Thread caller = new Thread(null, () -> {
                try (Session session = session(WasmEngine.WASMTIME)) {
                    result.set(session.run(command));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "small stack", stack);
            caller.start();
            caller.join();
            assertThat(result.get().exitCode()).as(result.get().stderr()).isZero();
            objects.put("stack " + stack, Files.readAllBytes(dir.resolve("nested.o")));
        }
        assertThat(objects.values()).allSatisfy(o -> assertThat(o).isEqualTo(objects.values().iterator().next()));
    }

    /** clang evaluating a constant expression for minutes: only a cancellation ends it. */
    static final String ENDLESS = """
            constexpr long long sum(long long n) { long long s = 0; for (long long i = 0; i < n; i++) s += i % 7; return s; }
            static_assert(sum(4000000000LL) > 0);
            """;

    @Test
    void aWasmtimeRunStopsWithinASecondOfItsTimeLimitAndLeavesNothing() throws Exception {
        write("endless.cpp", ENDLESS);
        try (Session session = session(WasmEngine.WASMTIME)) {
            long start = System.nanoTime();
            RunResult r = session.run(List.of("clang++", EMSCRIPTEN, "-fconstexpr-steps=2147483647", "-c", "endless.cpp",
                    "-o", "endless.o"), Duration.ofSeconds(3));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(Session.TIMED_OUT);
            assertThat(seconds).isLessThan(4.0);
            assertThat(dir.resolve("endless.o")).doesNotExist();

            // the engine that was stopped serves the next run
            write("after.c", "int after(void) { return 1; }\n");
            RunResult next = session.run("clang", EMSCRIPTEN, "-c", "after.c", "-o", "after.o");
            assertThat(next.exitCode()).as(next.stderr()).isZero();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("endless") && !n.equals("endless.cpp"));
        }
    }

    @Test
    void aBinaryenToolOnWasmtimeStopsAtItsTimeLimitAndTheNextRunWorks() throws Exception {
        write("small.c", "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); return 0; }\n");
        try (Session session = session(WasmEngine.WASMTIME)) {
            RunResult built = session.run("clang", "--target=wasm32-wasip1", "-O0", "small.c", "-o", "small.wasm");
            assertThat(built.exitCode()).as(built.stderr()).isZero();
            List<String> endless = new java.util.ArrayList<>(List.of("wasm-opt", "small.wasm", "-o", "small.opt.wasm"));
            for (int i = 0; i < 500; i++) { // each -O3 a pass pipeline over the module: minutes in all
                endless.add("-O3");
            }
            long start = System.nanoTime();
            RunResult r = session.run(endless, Duration.ofSeconds(2));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(Session.TIMED_OUT);
            assertThat(seconds).isLessThan(3.0);
            assertThat(dir.resolve("small.opt.wasm")).doesNotExist();

            RunResult next = session.run("wasm-opt", "-O2", "small.wasm", "-o", "small.opt.wasm");
            assertThat(next.exitCode()).as(next.stderr()).isZero();
            assertThat(dir.resolve("small.opt.wasm")).isNotEmptyFile();
        }
    }
}
