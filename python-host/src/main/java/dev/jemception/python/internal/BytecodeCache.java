package dev.jemception.python.internal;

import dev.jemception.emscripten.EmscriptenPayload;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Hashing;
import dev.jemception.vfs.ReadOnlyTree;
import java.nio.charset.StandardCharsets;

/**
 * What GraalPy's bytecode layer ({@link EmsdkLayout#PYCACHE}) starts from: nothing. Its content
 * hash names the layer on disk, and is that of what the bytecode is compiled from and by (the
 * Emscripten tree, GraalPy's version): Python checks a .pyc against its source's time and size
 * only, which a new payload may share with the old one.
 */
public final class BytecodeCache {
    public static final ReadOnlyTree TREE = ReadOnlyTree.empty("GraalPy bytecode", BytecodeCache::contentHash);

    private BytecodeCache() {}

    private static String contentHash() {
        String emscripten = new EmscriptenPayload().mounts().get(EmsdkLayout.EMSCRIPTEN).contentHash();
        String of = "GraalPy bytecode, GraalPy " + org.graalvm.home.Version.getCurrent() + ", Emscripten tree " + emscripten;
        return Hashing.sha256Hex(of.getBytes(StandardCharsets.UTF_8));
    }
}
