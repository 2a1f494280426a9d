package dev.jemception.build;

import dev.jemception.engine.Engines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A build step: a module compiled with wasmtime's Cranelift into its code cache, so that a first run loads it. */
final class WasmtimeCodeCache {
    private WasmtimeCodeCache() {}

    /**
     * Compiles {@code wasm} (once per machine: wasmtime keys its cache on the bytes), saying so
     * with {@code expected} as how long it takes; skipped where wasmtime cannot run, where Chicory
     * is the engine.
     */
    static void fill(String name, Path wasm, String expected) {
        var why = Engines.fallbackReason();
        if (why.isPresent()) {
            System.out.println("[jemception build] wasmtime cannot run here (" + why.get() + "): " + name + " runs on Chicory");
            return;
        }
        System.out.println("[jemception build] compiling " + wasm.getFileName() + " with wasmtime's Cranelift into its code cache ("
                + expected + ", once per machine)...");
        long start = System.nanoTime();
        Engines.precompile(name, () -> {
            try {
                return Files.readAllBytes(wasm);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.printf("[jemception build] wasmtime has %s's code (%.0f s)%n", name, (System.nanoTime() - start) / 1e9);
    }
}
