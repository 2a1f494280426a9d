package dev.jemception.python;

import dev.jemception.emscripten.EmscriptenPayload;
import dev.jemception.python.internal.BytecodeCache;
import dev.jemception.python.internal.EmccReplay;
import dev.jemception.python.internal.GraalPyHome;
import dev.jemception.python.internal.PythonRunner;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramDirectory;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code python} (GraalPy) and Emscripten's entry points, each the upstream script emsdk's launcher
 * of the same name runs, run by it: {@code emcc}, {@code em++}, {@code emar}, {@code emnm},
 * {@code file_packager}, {@code webidl_binder}, {@code emsymbolizer} ... (the list is derived from
 * the tree when the payload is built: {@link EmscriptenPayload#entryPoints()}).
 */
public final class PythonPrograms implements ProgramProvider {

    /** The entry points the result cache may replay ({@link Program#replay}). */
    private static final Set<String> REPLAYABLE = Set.of("emcc", "em++");

    @Override
    public Map<String, Program> programs() {
        Map<String, Program> programs = new LinkedHashMap<>();
        for (String python : List.of("python", "python3")) {
            programs.put(python, PythonRunner::run);
        }
        EmscriptenPayload.entryPoints().forEach((command, script) -> {
            Program program = process -> PythonRunner.runEmscripten(process, EmsdkLayout.EMSCRIPTEN + "/" + script);
            // a whole compile or link: the result cache may replay it (its steps are replayable too)
            programs.put(command, REPLAYABLE.contains(command) ? Program.replayable(program, p -> EmccReplay.POLICY) : program);
        });
        return programs;
    }

    /**
     * GraalPy's bytecode of the modules Python imports (emcc's, the standard library's), written as
     * they are first imported into a layer that later sessions and JVMs read, on disk with the
     * user's caches: the import of emcc then takes half the time.
     */
    @Override
    public Map<String, ReadOnlyTree> writableMounts() {
        return Map.of(EmsdkLayout.PYCACHE, BytecodeCache.TREE);
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        Map<String, ReadOnlyTree> mounts = new LinkedHashMap<>(GraalPyHome.mounts());
        mounts.put(PythonRunner.BIN_DIR, new ProgramDirectory("python-bin", Set.of("python", "python3")));
        mounts.put(EmsdkLayout.EMSCRIPTEN_BIN, new ProgramDirectory("emscripten-bin", EmscriptenPayload.entryPoints().keySet()));
        return mounts;
    }
}
