package dev.jemception.vfs;

import java.util.List;

/**
 * Told of the file operations of the threads it is installed on ({@link Vfs#listen}): what a
 * program read, looked for in vain and is about to change. The result cache records a run's inputs
 * and outputs with it; a session undoes a cancelled command's host writes with it. Paths are
 * absolute VFS paths. Called on the thread doing the operation, never for operations that a
 * listener itself does.
 */
public interface FileAccessListener {

    /** Where a path is served from. */
    enum Origin {
        /** A read-only pack: the same for every session of this toolchain build. */
        PACK,
        /** The session's private in-memory layer. */
        MEMORY,
        /** A directory of the host (a user's directory, or a persistent cache). */
        HOST
    }

    /** A regular file was opened for reading. */
    default void read(String path, Origin origin) {}

    /** A path was looked up (opened, stat'ed, checked) and does not exist. */
    default void missing(String path, Origin origin) {}

    /** A directory was listed. */
    default void listed(String path, List<String> names, Origin origin) {}

    /**
     * A path is about to be created, written, truncated, deleted or replaced (before the
     * operation, so its old content can still be saved).
     */
    default void willModify(String path, Origin origin) {}

    /** Both listeners, {@code this} first. */
    default FileAccessListener andThen(FileAccessListener next) {
        FileAccessListener first = this;
        return new FileAccessListener() {
            @Override
            public void read(String path, Origin origin) {
                first.read(path, origin);
                next.read(path, origin);
            }

            @Override
            public void missing(String path, Origin origin) {
                first.missing(path, origin);
                next.missing(path, origin);
            }

            @Override
            public void listed(String path, List<String> names, Origin origin) {
                first.listed(path, names, origin);
                next.listed(path, names, origin);
            }

            @Override
            public void willModify(String path, Origin origin) {
                first.willModify(path, origin);
                next.willModify(path, origin);
            }
        };
    }
}
