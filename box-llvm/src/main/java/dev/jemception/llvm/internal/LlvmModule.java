package dev.jemception.llvm.internal;

import dev.jemception.engine.WasiCommand;
import dev.jemception.packs.CompiledModule;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.WasmEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The YoWASP LLVM multicall module (argv[0] picks the tool), run on the session's wasm engine:
 * wasmtime compiles {@code llvm.core.wasm} (shipped in this jar), Chicory runs the JVM classes
 * box-llvm-chicory's build compiled it to (in this package, from that jar). Each run is a fresh instance (own memory, own WASI state) over the shared
 * compiled code, so runs on different threads do not interfere.
 */
public final class LlvmModule {
    private LlvmModule() {}

    /** Loaded on first use: the module, with wasi-libc's cwd pointer. */
    private static final class Loaded {
        static final WasiCommand MODULE = WasiCommand.of("LLVM",
                () -> CompiledModule.load(LlvmModule.class, "llvm.meta.wasm", "dev.jemception.llvm.internal.LlvmMachine",
                        "jemception-box-llvm-chicory"),
                LlvmModule.class, "llvm.core.wasm", Integer.parseInt(properties().getProperty("cwdPointer")));
    }

    private static Properties properties() {
        try (InputStream props = LlvmModule.class.getResourceAsStream("llvm-box.properties")) {
            if (props == null) {
                throw new IOException("box-llvm resource llvm-box.properties is missing: build the project first");
            }
            var p = new Properties();
            p.load(props);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the module's code for {@code engine} now, for the next run to take. */
    public static void load(WasmEngine engine) {
        Loaded.MODULE.load(engine);
    }

    /** Runs {@code tool} (the multicall name, e.g. "clang++" or "llvm-ar") with the process's args. */
    public static int run(String tool, ProcessContext process) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.addAll(process.args());
        return Loaded.MODULE.run(argv, process);
    }
}
