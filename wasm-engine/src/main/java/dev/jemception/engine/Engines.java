package dev.jemception.engine;

import dev.jemception.engine.internal.WasmtimeLibrary;
import dev.jemception.engine.internal.WasmtimeModule;
import dev.jemception.runtime.WasmEngine;
import java.util.Optional;
import java.util.function.Supplier;

/** Which wasm engine a choice means in this JVM, and what to say about it. */
public final class Engines {
    private Engines() {}

    /**
     * The engine that runs for {@code choice}: {@link WasmEngine#AUTO} is wasmtime where its
     * native library loads, else Chicory. Choosing wasmtime where it cannot load is an error that
     * says why.
     */
    public static WasmEngine resolve(WasmEngine choice) {
        return switch (choice) {
            case CHICORY -> WasmEngine.CHICORY;
            case AUTO -> WasmtimeLibrary.unavailable().isPresent() ? WasmEngine.CHICORY : WasmEngine.WASMTIME;
            case WASMTIME -> {
                Optional<String> why = WasmtimeLibrary.unavailable();
                if (why.isPresent()) {
                    throw new IllegalStateException("the wasmtime engine cannot run here: " + why.get()
                            + " (choose " + WasmEngine.VARIABLE + "=chicory or auto)");
                }
                yield WasmEngine.WASMTIME;
            }
        };
    }

    /**
     * Compiles a module with wasmtime into its code cache, where wasmtime can run (a build step:
     * the first run on the machine then loads it instead of compiling it).
     */
    public static void precompile(String name, Supplier<byte[]> wasm) {
        new WasmtimeModule(name, wasm).load();
    }

    /** Why {@link WasmEngine#AUTO} runs Chicory in this JVM, or empty when it runs wasmtime. */
    public static Optional<String> fallbackReason() {
        return WasmtimeLibrary.unavailable();
    }

    /**
     * What runs for {@code choice}, for {@code --version}, {@code --daemon-status} and
     * {@code --verbose}: the engine, and why auto fell back to Chicory when it did.
     */
    public static String describe(WasmEngine choice) {
        Optional<String> unavailable = WasmtimeLibrary.unavailable();
        if (choice == WasmEngine.CHICORY || unavailable.isPresent()) {
            return "Chicory (pure Java: wasm compiled to JVM classes at build time)"
                    + (choice == WasmEngine.CHICORY ? ", chosen" : "; wasmtime cannot run here: " + unavailable.get());
        }
        return "wasmtime " + WasmtimeLibrary.WASMTIME_VERSION + " (Cranelift native code, through wasmtime-java's JNI library)"
                + (choice == WasmEngine.WASMTIME ? ", chosen" : "");
    }
}
