package dev.jemception.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * The box-binaryen-chicory build step: compiles binaryen's npm tools (wasm-opt, wasm-metadce ...)
 * to JVM classes ahead of time for Chicory, the pure-Java engine (about 90 s, once per machine:
 * cached by content hash). A module of its own, like box-llvm-chicory, so that a build for a
 * machine where wasmtime runs can leave it out.
 * Usage: {@code BuildBinaryenChicory <cache dir> <classes dir> <work dir>}.
 */
public final class BuildBinaryenChicory {
    private BuildBinaryenChicory() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path work = Path.of(args[2]);
        String inputs = String.join("\n", BuildBinaryenBox.BINARYEN.integrity(), new TreeMap<>(BuildBinaryenBox.NPM_TOOLS).toString(),
                AotCompiler.compilerVersion());
        Path stamp = classes.resolve(BuildBinaryenBox.RESOURCE_DIR + "binaryen-chicory.stamp");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
            return;
        }
        Files.createDirectories(stamp.getParent());
        var aot = new AotCompiler(cache);
        for (var tool : BuildBinaryenBox.npmTools(cache, work)) {
            EmscriptenToolBuild.compileForChicory(aot, tool.name(), tool.wasm(), BuildBinaryenBox.machineClass(tool.name()), classes,
                    BuildBinaryenBox.RESOURCE_DIR);
        }
        Files.writeString(stamp, inputs);
    }
}
