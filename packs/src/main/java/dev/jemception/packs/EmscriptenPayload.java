package dev.jemception.packs;

import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.util.Map;

/**
 * The Emscripten 5.0.7 tree (emcc.py, tools/, src/, system/, third_party/) with acorn in its
 * node_modules, mounted read-only at {@value #EMSCRIPTEN_DIR} in every session.
 */
public final class EmscriptenPayload implements ProgramProvider {
    /** Where the Emscripten tree is in every session. */
    public static final String EMSCRIPTEN_DIR = "/emsdk/emscripten";

    private static Pack tree;

    @Override
    public Map<String, Program> programs() {
        return Map.of();
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() throws IOException {
        synchronized (EmscriptenPayload.class) {
            if (tree == null) {
                tree = Pack.fromResource(EmscriptenPayload.class, "payload/emscripten.jpack");
            }
            return Map.of(EMSCRIPTEN_DIR, tree);
        }
    }
}
