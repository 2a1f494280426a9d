package dev.jemception.emscripten;

import dev.jemception.packs.Pack;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Emscripten 5.0.7 tree (emcc.py, tools/, src/, system/, third_party/) with acorn in its
 * node_modules, mounted read-only at {@code /emsdk/emscripten} in every session, and Emscripten's
 * cache (sysroot headers, prebuilt libraries and ports) at {@code /emsdk/cache}, with a writable
 * in-memory layer per session for what emcc caches while it runs.
 */
public final class EmscriptenPayload implements ProgramProvider {

    /** The payload resource naming Emscripten's entry points: {@code NAME<tab>script} per line (build-tools' BuildEmscriptenPayload writes these three). */
    private static final String ENTRY_POINTS = "emscripten-entry-points.txt";

    private static final Supplier<Pack> TREE = Pack.shared(EmscriptenPayload.class, "payload/emscripten.jpack");
    private static final Supplier<Pack> CACHE = Pack.shared(EmscriptenPayload.class, "payload/emscripten-cache.jpack");

    /**
     * Emscripten's entry points, as emsdk installs them ({@code emcc}, {@code emprofile},
     * {@code file_packager} ...): each command's script, relative to {@code /emsdk/emscripten}.
     * Derived from the tree when the pack was built.
     */
    public static Map<String, String> entryPoints() {
        try (InputStream in = EmscriptenPayload.class.getResourceAsStream("payload/" + ENTRY_POINTS)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("payload/" + ENTRY_POINTS + " is missing: build the project first"));
            }
            Map<String, String> entries = new TreeMap<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(l -> l.split("\t"))
                    .forEach(f -> entries.put(f[0], f[1]));
            return Collections.unmodifiableMap(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, Program> programs() {
        return Map.of();
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of(EmsdkLayout.EMSCRIPTEN, TREE.get());
    }

    @Override
    public Map<String, ReadOnlyTree> writableMounts() {
        return Map.of(EmsdkLayout.CACHE, CACHE.get());
    }
}
