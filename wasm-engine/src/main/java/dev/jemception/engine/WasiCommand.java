package dev.jemception.engine;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.google.common.base.Suppliers;
import dev.jemception.engine.internal.WasmtimeModule;
import dev.jemception.packs.CompiledModule;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.WasmEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * A WASI (preview 1) command module run as a jemception process, on the engine its session chose
 * ({@link Engines#resolve}): each run is a new instance with its own memory and WASI state over
 * code compiled once per JVM, argv and the environment are the process's, stdin, stdout and
 * stderr its streams, and the file system its session's, preopened at "/" (the payload, the
 * session's memory and the user's directories at their real paths, nothing else). Both engines
 * run Chicory's WASI functions, so a program sees exactly the same system on either.
 */
public final class WasiCommand {
    /** No wasi-libc working-directory pointer: the module's relative paths are relative to "/". */
    public static final int NO_CWD_POINTER = -1;

    private final Supplier<Instance.Builder> chicory;
    private final WasmtimeModule wasmtime; // null: Chicory whatever the session chose
    private final int cwdPointer;
    private final List<HostFunction> moreImports;

    private WasiCommand(Supplier<Instance.Builder> chicory, WasmtimeModule wasmtime, int cwdPointer, List<HostFunction> moreImports) {
        this.chicory = chicory;
        this.wasmtime = wasmtime;
        this.cwdPointer = cwdPointer;
        this.moreImports = moreImports;
    }

    /**
     * A module compiled to JVM classes at build time (Chicory's engine) and shipped as wasm (wasmtime's).
     *
     * @param name what the module is, for messages
     * @param compiled the module compiled to JVM classes, loaded on first use of Chicory
     * @param owner the class whose class-path resource {@code wasm} is
     * @param wasm the module, a resource next to {@code owner}, read when wasmtime loads it
     * @param cwdPointer the address of wasi-libc's working-directory pointer ({@code __wasilibc_cwd}),
     *     or {@link #NO_CWD_POINTER}
     */
    public static WasiCommand of(String name, Supplier<CompiledModule> compiled, Class<?> owner, String wasm, int cwdPointer) {
        Supplier<CompiledModule> loaded = Suppliers.memoize(compiled::get);
        return new WasiCommand(() -> loaded.get().instanceBuilder(), WasmtimeModule.ofResource(name, owner, wasm), cwdPointer, List.of());
    }

    /** A small module that Chicory interprets (tests, tools that are not worth compiling ahead of time). */
    public static WasiCommand interpreted(String name, byte[] wasm, int cwdPointer) {
        Supplier<WasmModule> parsed = Suppliers.memoize(() -> Parser.parse(wasm));
        return new WasiCommand(() -> Instance.builder(parsed.get()).withStart(false), new WasmtimeModule(name, () -> wasm), cwdPointer, List.of());
    }

    /**
     * A module nobody vouches for (a user's program): Chicory's interpreter whatever the session
     * chose, so that a cancellation or a bound stops it in pure Java, with its memory capped at
     * {@code maxMemoryPages} (a {@code memory.grow} beyond fails as wasm says it may).
     *
     * @throws IllegalArgumentException when the module's memory starts above the cap
     */
    public static WasiCommand untrusted(WasmModule module, int maxMemoryPages) {
        var declared = module.memorySection().filter(m -> m.memoryCount() > 0).map(m -> m.getMemory(0).limits());
        if (declared.isPresent() && declared.get().initialPages() > maxMemoryPages) {
            throw new IllegalArgumentException("its memory starts at " + declared.get().initialPages() * 64
                    + " KiB, above the limit of " + maxMemoryPages * 64 + " KiB");
        }
        return new WasiCommand(() -> Instance.builder(module).withStart(false).withMemoryFactory(limits ->
                new ByteArrayMemory(new MemoryLimits(limits.initialPages(), Math.min(limits.maximumPages(), maxMemoryPages)))),
                null, NO_CWD_POINTER, List.of(NOTIFY_MEMORY_GROWTH));
    }

    /**
     * What emcc's standalone modules built with {@code -sALLOW_MEMORY_GROWTH} import besides WASI:
     * a notice that memory grew, for JS views to refresh; nothing to do here.
     */
    private static final FunctionType START = FunctionType.of(List.of(), List.of());
    private static final HostFunction NOTIFY_MEMORY_GROWTH = new HostFunction("env", "emscripten_notify_memory_growth",
            FunctionType.accepting(ValType.I32), (instance, args) -> null);

    /**
     * Loads the module's code for {@code engine} in this thread, for the next run to take: a
     * process that will run it soon calls this at start, in a thread of its own.
     */
    public void load(WasmEngine engine) {
        if (wasmtime != null && Engines.resolve(engine) == WasmEngine.WASMTIME) {
            wasmtime.load();
        } else {
            chicory.get();
        }
    }

    /** Runs the module with {@code argv} (argv[0] included) as {@code process}; returns its exit code. */
    public int run(List<String> argv, ProcessContext process) throws Exception {
        var options = WasiOptions.builder()
                .withArguments(argv)
                .withStdin(process.stdin())
                .withStdout(process.stdout())
                .withStderr(process.stderr())
                .withDirectory("/", process.fs().getPath("/"));
        process.env().forEach(options::withEnvironment);
        try (var wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
            if (wasmtime != null && Engines.resolve(process.session().wasmEngine()) == WasmEngine.WASMTIME) {
                return wasmtime.run(process, List.of(wasi.toHostFunctions()), "memory", instance -> {
                    setWorkingDirectory(instance.memory(), process.cwd());
                    try {
                        instance.export("_start", START).apply();
                        return 0;
                    } catch (WasiExitException e) {
                        return e.exitCode();
                    }
                });
            }
            var instance = chicory.get()
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions())
                            .addFunction(moreImports.toArray(HostFunction[]::new)).build())
                    .build();
            setWorkingDirectory(instance.memory(), process.cwd());
            try {
                instance.export("_start").apply();
                return 0;
            } catch (WasiExitException e) {
                return e.exitCode();
            }
        } finally {
            flush(process);
        }
    }

    /**
     * WASI preview 1 has no working directory; wasi-libc keeps its own in a global that starts as
     * "/". Point it at the process's cwd, in a page added above the heap, before {@code _start}.
     */
    private void setWorkingDirectory(Memory memory, String cwd) {
        if (cwdPointer == NO_CWD_POINTER) {
            return;
        }
        byte[] path = (cwd + "\0").getBytes(StandardCharsets.UTF_8);
        int pages = (path.length + 65535) / 65536;
        int address = memory.grow(pages) * 65536;
        memory.write(address, path);
        memory.writeI32(cwdPointer, address);
    }

    private static void flush(ProcessContext process) {
        try {
            process.stdout().flush();
            process.stderr().flush();
        } catch (IOException ignored) {
            // the caller's stream is gone; nothing to flush into
        }
    }
}
