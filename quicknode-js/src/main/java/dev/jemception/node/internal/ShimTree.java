package dev.jemception.node.internal;

import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Node.js API shim (ES modules shipped as resources of this jar) as a read-only tree, mounted
 * at {@link NodeFileSystem#SHIM_DIR}. Its {@code unsupported/NAME.mjs} modules are generated: importing
 * a built-in the shim lacks fails with a message that names it.
 */
final class ShimTree implements ReadOnlyTree {
    static final List<String> FILES = List.of("assert.mjs", "assert-strict.mjs", "bootstrap.js", "buffer.mjs",
            "child_process.mjs", "fs.mjs", "fs-promises.mjs", "os.mjs", "path.mjs", "process.mjs", "url.mjs",
            "util.mjs", "vm.mjs");
    static final String UNSUPPORTED = "unsupported";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "node-shim";
    }

    @Override
    public Node stat(String path) {
        if (path.isEmpty() || path.equals(UNSUPPORTED)) {
            return new Node(Kind.DIRECTORY, 0555, 0, null);
        }
        if (FILES.contains(path) || path.startsWith(UNSUPPORTED + "/") && path.endsWith(".mjs")) {
            return new Node(Kind.FILE, 0444, bytes(path).length, null);
        }
        return null;
    }

    @Override
    public List<String> list(String path) {
        return path.isEmpty() ? FILES : List.of();
    }

    @Override
    public ByteBuffer read(String path) throws IOException {
        if (stat(path) == null) {
            throw new NoSuchFileException(path);
        }
        return ByteBuffer.wrap(bytes(path)).asReadOnlyBuffer();
    }

    private byte[] bytes(String path) {
        return cache.computeIfAbsent(path, p -> {
            if (p.startsWith(UNSUPPORTED + "/")) {
                String module = p.substring(UNSUPPORTED.length() + 1, p.length() - ".mjs".length());
                return ("throw new Error(\"jemception's Node.js shim does not implement node:" + module + "\");\n"
                        + "export default undefined;\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            try (InputStream in = ShimTree.class.getResourceAsStream("/dev/jemception/node/shim/" + p)) {
                if (in == null) {
                    throw new IllegalStateException("quicknode-js is missing its resource shim/" + p);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
