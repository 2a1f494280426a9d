package dev.jemception.packs;

import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Emscripten 5.0.7 tree (emcc.py, tools/, src/, system/, third_party/) with acorn in its
 * node_modules, mounted read-only at {@value #EMSCRIPTEN_DIR} in every session, and Emscripten's
 * cache (sysroot headers, prebuilt libraries and ports) at {@value #CACHE_DIR}, with a writable
 * in-memory layer per session for what emcc caches while it runs.
 */
public final class EmscriptenPayload implements ProgramProvider {
    /** Where the Emscripten tree is in every session. */
    public static final String EMSCRIPTEN_DIR = "/emsdk/emscripten";
    /** Emscripten's cache ({@code EM_CACHE}) in every session. */
    public static final String CACHE_DIR = "/emsdk/cache";

    private static final Supplier<Pack> TREE = Pack.shared(EmscriptenPayload.class, "payload/emscripten.jpack");
    private static final Supplier<Pack> CACHE = Pack.shared(EmscriptenPayload.class, "payload/emscripten-cache.jpack");

    @Override
    public Map<String, Program> programs() {
        return Map.of();
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of(EMSCRIPTEN_DIR, TREE.get());
    }

    @Override
    public Map<String, ReadOnlyTree> writableMounts() {
        return Map.of(CACHE_DIR, CACHE.get());
    }
}
