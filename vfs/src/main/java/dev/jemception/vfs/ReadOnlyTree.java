package dev.jemception.vfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.Supplier;

/**
 * A read-only tree of files that a {@link Vfs} can mount; packs implement it. Paths are relative to
 * the tree's root, normalized, without a leading slash; {@code ""} is the root. Implementations are
 * shared by every session of a JVM and must be thread-safe.
 */
public interface ReadOnlyTree {

    enum Kind { FILE, DIRECTORY, SYMLINK }

    /** What a path is: its kind, permission bits, size and, for symlinks, the link's target. */
    record Node(Kind kind, int mode, long size, String linkTarget) {}

    /** A name for error messages, e.g. the pack's name. */
    String name();

    /** The node at {@code path}, not following a symlink there, or {@code null} if there is none. */
    Node stat(String path);

    /** The names in directory {@code path}. */
    List<String> list(String path);

    /**
     * A content hash of the whole tree, or null when it has none: names the on-disk writable
     * layer mounted over it, so a changed payload never sees an old layer.
     */
    default String contentHash() {
        return null;
    }

    /** The whole content of file {@code path}, as a read-only buffer. */
    ByteBuffer read(String path) throws IOException;

    /**
     * A tree with nothing in it, for a writable layer whose files are all made at run time, with
     * the content hash {@code contentHash} gives on first use (null: none).
     */
    static ReadOnlyTree empty(String name, Supplier<String> contentHash) {
        return new ReadOnlyTree() {
            private volatile String hash;

            @Override
            public String name() {
                return name;
            }

            @Override
            public String contentHash() {
                String h = hash;
                if (h == null) {
                    hash = h = contentHash.get();
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
        };
    }
}
