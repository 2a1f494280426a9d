package dev.jemception.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The box-llvm-chicory build step: compiles the pinned YoWASP LLVM module to JVM classes ahead of
 * time (about 4 minutes and up to 18 GB of heap, once per machine: the result is cached by content
 * hash), for Chicory, the pure-Java engine. It is a module of its own so that a build for a machine
 * where wasmtime runs can leave it out. Usage: {@code BuildLlvmChicory <cache dir> <classes dir> <work dir>}.
 */
public final class BuildLlvmChicory {
    /** box-llvm's LlvmModule loads this class and its meta module, from its own package. */
    static final String MACHINE_CLASS = "dev.jemception.llvm.internal.LlvmMachine";
    /**
     * LLVM's functions over 12 KB of code are split into pieces under 6 KB: about a hundred of them
     * are too large for the JVM's JIT (C1 runs out of virtual registers, C2 out of nodes) and
     * the 27 over 64 KB of bytecode for a JVM method, so a warm clang spent a quarter of its time
     * interpreting them. Measured in box-llvm/README.md.
     */
    public static final FunctionOutliner.Split SPLIT = new FunctionOutliner.Split(12_000, 6_000);

    private BuildLlvmChicory() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Path outDir = classes.resolve(BuildLlvmBox.PACKAGE_DIR);
        Files.createDirectories(outDir);

        var llvm = BuildLlvmBox.YOWASP_CLANG;
        llvm.extract(llvm.fetch(cache), work, BuildLlvmBox.WASM_ENTRY::equals);
        Path aot = new AotCompiler(cache).compile(work.resolve(BuildLlvmBox.WASM_ENTRY), MACHINE_CLASS, SPLIT);
        AotCompiler.install(aot, MACHINE_CLASS, classes, outDir.resolve("llvm.meta.wasm"));
    }
}
