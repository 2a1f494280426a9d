package dev.jemception.llvm.internal;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.jemception.packs.CompiledModule;
import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The YoWASP LLVM multicall module (argv[0] picks the tool), compiled to JVM classes at build
 * time. Each run is a fresh instance (own memory, own WASI state) over the shared compiled code,
 * so runs on different threads do not interfere.
 */
public final class LlvmModule {
    private LlvmModule() {}

    /** Loaded on first use: the compiled module and wasi-libc's cwd pointer. */
    private static final class Loaded {
        static final CompiledModule MODULE = CompiledModule.load(LlvmModule.class, "llvm.meta.wasm",
                "dev.jemception.llvm.internal.LlvmMachine");
        static final int CWD_POINTER;

        static {
            try (InputStream props = LlvmModule.class.getResourceAsStream("llvm-box.properties")) {
                if (props == null) {
                    throw new IOException("box-llvm resource llvm-box.properties is missing: build the project first");
                }
                var p = new Properties();
                p.load(props);
                CWD_POINTER = Integer.parseInt(p.getProperty("cwdPointer"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Makes sure the module is loaded (to time loading apart from running). */
    public static void load() {
        Loaded.MODULE.getClass();
    }

    /** Runs {@code tool} (the multicall name, e.g. "clang++" or "llvm-ar") with the process's args. */
    public static int run(String tool, ProcessContext process) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.addAll(process.args());
        var options = WasiOptions.builder()
                .withArguments(argv)
                .withStdin(process.stdin())
                .withStdout(process.stdout())
                .withStderr(process.stderr())
                .withDirectory("/", process.fs().getPath("/"));
        process.env().forEach(options::withEnvironment);
        try (var wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
            var instance = Loaded.MODULE.instanceBuilder()
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .build();
            setWorkingDirectory(instance, process.cwd());
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
    private static void setWorkingDirectory(Instance instance, String cwd) {
        var memory = instance.memory();
        byte[] path = (cwd + "\0").getBytes(StandardCharsets.UTF_8);
        int pages = (path.length + 65535) / 65536;
        int address = memory.grow(pages) * 65536;
        memory.write(address, path);
        memory.writeI32(Loaded.CWD_POINTER, address);
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
