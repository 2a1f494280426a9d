package dev.jemception.python.internal;

import dev.jemception.emscripten.EmscriptenPayload;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Hashing;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * What GraalPy's bytecode layer ({@link EmsdkLayout#PYCACHE}) starts from: nothing. Its content
 * hash names the layer on disk, and is that of what the bytecode is compiled from and by (the
 * Emscripten tree, GraalPy's version): Python checks a .pyc against its source's time and size
 * only, which a new payload may share with the old one.
 */
public final class BytecodeCache implements ReadOnlyTree {
    public static final BytecodeCache TREE = new BytecodeCache();

    private volatile String contentHash;

    private BytecodeCache() {}

    @Override
    public String name() {
        return "GraalPy bytecode";
    }

    @Override
    public String contentHash() {
        String h = contentHash;
        if (h == null) {
            String emscripten = new EmscriptenPayload().mounts().get(EmsdkLayout.EMSCRIPTEN).contentHash();
            String of = "GraalPy bytecode, GraalPy " + org.graalvm.home.Version.getCurrent() + ", Emscripten tree " + emscripten;
            contentHash = h = Hashing.sha256Hex(of.getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Override
    public Node stat(String path) {
        return path.isEmpty() ? new Node(Kind.DIRECTORY, 0755, 0, null) : null;
    }

    @Override
    public List<String> list(String path) {
        return List.of();
    }

    @Override
    public ByteBuffer read(String path) throws IOException {
        throw new NoSuchFileException(path);
    }
}
