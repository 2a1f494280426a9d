package dev.jemception.api;

import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.runtime.cache.Caches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Emscripten as a Java library: compile C/C++ sources to WebAssembly, inside this JVM. Create one
 * and share it: it is thread-safe, each compile runs in a session of its own, and what the
 * toolchain loads and compiles is shared by every compile of the JVM.
 *
 * <pre>{@code
 * Jemception emscripten = Jemception.create();
 * CompileResult r = emscripten.compile(CompileOptions.wasm().withFlags("-O1"),
 *         Source.of("main.c", "int main(void) { return 42; }"));
 * if (r.succeeded()) {
 *     byte[] wasm = r.wasm();
 * } else {
 *     r.errors().forEach(System.err::println);   // main.c:1:5: error: ...
 * }
 * }</pre>
 */
public final class Jemception {
    private static final String PROJECT = "/project";

    private final Toolchain toolchain;
    private final Caches caches;
    private final WasmEngine wasmEngine;

    private Jemception(Toolchain toolchain, Caches caches, WasmEngine wasmEngine) {
        this.toolchain = toolchain;
        this.caches = caches;
        this.wasmEngine = wasmEngine;
    }

    /**
     * Uses the toolchain of every jemception module on the class path and the user's caches
     * ({@link Caches#user()}): Emscripten's cache and the result cache, shared with
     * every other jemception JVM of the user.
     */
    public static Jemception create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Chooses the toolchain, the caches and the wasm engine of a {@link Jemception}. */
    public static final class Builder {
        private Toolchain toolchain;
        private Caches caches = Caches.user();
        private WasmEngine wasmEngine = WasmEngine.configured();

        private Builder() {}

        /** The toolchain (default: every jemception module on the class path). */
        public Builder toolchain(Toolchain toolchain) {
            this.toolchain = toolchain;
            return this;
        }

        /** The caches of every compile and session (default {@link Caches#user()}). */
        public Builder caches(Caches caches) {
            this.caches = caches;
            return this;
        }

        /** The wasm engine of every compile and session (default {@link WasmEngine#configured()}). */
        public Builder wasmEngine(WasmEngine engine) {
            this.wasmEngine = engine;
            return this;
        }

        public Jemception build() {
            return new Jemception(toolchain != null ? toolchain : Toolchain.load(), caches, wasmEngine);
        }
    }

    public Toolchain toolchain() {
        return toolchain;
    }

    /**
     * Compiles and links {@code sources} (headers may be among them) with {@code em++} if any is
     * C++, else {@code emcc}. The sources live in a private in-memory directory; diagnostics name
     * them by their relative paths.
     */
    public CompileResult compile(CompileOptions options, Source... sources) {
        List<Source> files = Arrays.asList(sources);
        if (files.stream().noneMatch(Source::isCompiled)) {
            throw new IllegalArgumentException("nothing to compile: no .c/.cpp/.o/.a file among " + files.stream().map(Source::path).toList());
        }
        String output = options.output() == CompileOptions.Output.JS ? "program.js" : "program.wasm";
        List<String> command = new ArrayList<>();
        command.add(files.stream().anyMatch(Source::isCxx) ? "em++" : "emcc");
        files.stream().filter(Source::isCompiled).map(Source::path).forEach(command::add);
        command.addAll(options.flags());
        command.addAll(List.of("-o", output));
        try (Session session = newSession().cwd(PROJECT).build()) {
            Path project = session.fileSystem().getPath(PROJECT);
            for (Source s : files) {
                Path file = project.resolve(s.path());
                Files.createDirectories(file.getParent());
                Files.write(file, s.content());
            }
            RunResult run = options.timeLimit() == null ? session.run(command) : session.run(command, options.timeLimit());
            byte[] wasm = null;
            String js = null;
            if (run.succeeded()) {
                Path module = project.resolve("program.wasm");
                // JS output with -sSINGLE_FILE or -sWASM=0 has the module inside the JS, not beside it
                wasm = Files.exists(module) || options.output() == CompileOptions.Output.WASM ? Files.readAllBytes(module) : null;
                if (options.output() == CompileOptions.Output.JS) {
                    js = Files.readString(project.resolve(output), StandardCharsets.UTF_8);
                }
            }
            return new CompileResult(run.exitCode(), wasm, js, Diagnostic.parse(run.stderr()), run.stdout(), run.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException("jemception: the in-memory project could not be written or read", e);
        }
    }

    /**
     * Starts a session for raw commands ({@code session.run("em++", "main.cpp", "-o", "main.js")}):
     * mount the host directories the commands may see, and close the session when done.
     */
    public Session.Builder newSession() {
        return toolchain.newSession().caches(caches).wasmEngine(wasmEngine);
    }
}
