package dev.jemception.runtime;

import java.util.Locale;
import java.util.Map;

/**
 * Which wasm engine runs the toolchain's wasm programs (clang, wasm-ld, the llvm-* tools):
 * {@link #WASMTIME} (native code compiled by Cranelift, through wasmtime-java's JNI library),
 * {@link #CHICORY} (pure Java, compiled to JVM classes at build time), or {@link #AUTO}, wasmtime
 * where its native library loads on this OS and architecture, else Chicory. Both give the same
 * bytes. Chosen per session ({@link Session.Builder#wasmEngine}); the default comes from the
 * system property {@value #PROPERTY}, else the environment variable {@value #VARIABLE}, else auto.
 */
public enum WasmEngine {
    AUTO, CHICORY, WASMTIME;

    public static final String PROPERTY = "jemception.wasm.engine";
    public static final String VARIABLE = "JEMCEPTION_WASM_ENGINE";

    /** The engine named {@code name} ({@code auto}, {@code chicory}, {@code wasmtime}, any case). */
    public static WasmEngine parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown wasm engine '" + name + "': choose auto, chicory or wasmtime");
        }
    }

    /** The JVM's default: {@value #PROPERTY}, else {@value #VARIABLE} of {@code env}, else {@link #AUTO}. */
    public static WasmEngine configured(Map<String, String> env) {
        String chosen = System.getProperty(PROPERTY);
        if (chosen == null || chosen.isBlank()) {
            chosen = env.get(VARIABLE);
        }
        return chosen == null || chosen.isBlank() ? AUTO : parse(chosen);
    }

    /** The JVM's default, from its system properties and environment. */
    public static WasmEngine configured() {
        return configured(System.getenv());
    }
}
