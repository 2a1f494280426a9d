package dev.jemception.runtime.api;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Jemception#compile} builds: the output ({@link Output#WASM}, a standalone WASI
 * module, or {@link Output#JS}, Emscripten's JavaScript glue plus its wasm) and any emcc flags
 * ({@code -O1}, {@code -sEXPORTED_FUNCTIONS=_add}, {@code -fexceptions}, ...), passed untouched.
 */
public record CompileOptions(Output output, List<String> flags) {

    public enum Output {
        /** {@code -o program.wasm}: a standalone module (WASI imports), no JavaScript. */
        WASM,
        /** {@code -o program.js}: the JavaScript glue and {@code program.wasm}. */
        JS
    }

    public CompileOptions {
        flags = List.copyOf(flags);
    }

    /** A standalone wasm module, no extra flags. */
    public static CompileOptions wasm() {
        return new CompileOptions(Output.WASM, List.of());
    }

    /** JavaScript glue and its wasm, no extra flags. */
    public static CompileOptions js() {
        return new CompileOptions(Output.JS, List.of());
    }

    /** These options plus more emcc flags. */
    public CompileOptions withFlags(String... more) {
        var all = new ArrayList<>(flags);
        all.addAll(List.of(more));
        return new CompileOptions(output, all);
    }
}
