package dev.jemception.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Jemception#compile} builds: the output ({@link Output#WASM}, a standalone WASI
 * module, or {@link Output#JS}, Emscripten's JavaScript glue plus its wasm), any emcc flags
 * ({@code -O1}, {@code -sEXPORTED_FUNCTIONS=_add}, {@code -fexceptions}, ...), passed untouched,
 * and a time limit (null: none) after which the compile is stopped.
 */
public record CompileOptions(Output output, List<String> flags, Duration timeLimit) {

    public enum Output {
        /** {@code -o program.wasm}: a standalone module (WASI imports), no JavaScript. */
        WASM,
        /** {@code -o program.js}: the JavaScript glue and {@code program.wasm}. */
        JS
    }

    public CompileOptions {
        flags = List.copyOf(flags);
    }

    public CompileOptions(Output output, List<String> flags) {
        this(output, flags, null);
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
        return new CompileOptions(output, all, timeLimit);
    }

    /**
     * These options with a time limit: a compile still running after it is stopped and fails with
     * exit code 124 ({@link dev.jemception.runtime.Session#TIMED_OUT}) and a message saying so.
     */
    public CompileOptions withTimeLimit(Duration limit) {
        return new CompileOptions(output, flags, limit);
    }
}
