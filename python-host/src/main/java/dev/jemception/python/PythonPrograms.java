package dev.jemception.python;

import dev.jemception.packs.EmscriptenPayload;
import dev.jemception.python.internal.GraalPyHome;
import dev.jemception.python.internal.PythonRunner;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramDirectory;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code python} (GraalPy) and Emscripten's commands, each the upstream script of the same name in
 * the Emscripten tree run by it: {@code emcc}, {@code em++}, {@code emar}, {@code emranlib},
 * {@code emnm}, {@code emsize}, {@code emstrip}, {@code em-config} and the build helpers.
 */
public final class PythonPrograms implements ProgramProvider {
    /** The em* commands; each runs {@code EMSCRIPTEN_DIR/NAME.py}. */
    public static final List<String> EMSCRIPTEN_COMMANDS = List.of("emcc", "em++", "emar", "emranlib", "emnm",
            "emsize", "emstrip", "em-config", "emcmake", "emconfigure", "emmake", "embuilder", "emrun");

    /** Where the em* commands are on disk (on the default PATH, like emsdk's emscripten directory). */
    public static final String EMSCRIPTEN_BIN_DIR = "/emsdk/bin";

    @Override
    public Map<String, Program> programs() {
        Map<String, Program> programs = new LinkedHashMap<>();
        for (String python : List.of("python", "python3")) {
            programs.put(python, PythonRunner::run);
        }
        for (String command : EMSCRIPTEN_COMMANDS) {
            String script = EmscriptenPayload.EMSCRIPTEN_DIR + "/" + command + ".py";
            programs.put(command, process -> PythonRunner.runEmscripten(process, script));
        }
        return programs;
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        Map<String, ReadOnlyTree> mounts = new LinkedHashMap<>(GraalPyHome.mounts());
        mounts.put(PythonRunner.BIN_DIR, new ProgramDirectory("python-bin", Set.of("python", "python3")));
        mounts.put(EMSCRIPTEN_BIN_DIR, new ProgramDirectory("emscripten-bin", Set.copyOf(EMSCRIPTEN_COMMANDS)));
        return mounts;
    }
}
