package dev.jemception.vfs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jemception.vfs.internal.VfsFactory;
import dev.jemception.vfs.internal.VfsFileSystem;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the one file system that every program of a session sees. The root is an in-memory,
 * writable layer (its own per file system); read-only trees (packs) and host directories are
 * mounted on top. Nothing of the host is visible except the directories mounted. The result is a
 * plain {@link java.nio.file.FileSystem}: Chicory's WASI, GraalVM's polyglot file systems and
 * Java code all use it through {@link java.nio.file.Files}.
 *
 * <pre>{@code
 * FileSystem fs = Vfs.builder()
 *         .mount("/usr", pack)              // read-only, shared by every session
 *         .mountHost(Path.of("/home/me/project"))  // read-write, at its real path
 *         .build();
 * }</pre>
 */
public final class Vfs {
    private Vfs() {}

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells {@code listener} of the file operations that the current thread, and threads it starts
     * from now on, do on {@code fs} (a file system built here), until the result is closed.
     */
    public static Scope listen(FileSystem fs, FileAccessListener listener) {
        return vfs(fs).listen(listener);
    }

    /** Ends what it was opened for; closing never fails. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The listener installed on the current thread for {@code fs}, or null. */
    public static FileAccessListener listener(FileSystem fs) {
        return vfs(fs).listener();
    }

    /** Where {@code path} (absolute, existing or not) of {@code fs} is served from. */
    public static FileAccessListener.Origin origin(FileSystem fs, String path) {
        return vfs(fs).origin(path);
    }

    /**
     * The host file that {@code path} (absolute) of {@code fs} is served from: in a mounted host
     * directory or in the host layer of a writable mount (what programs wrote there); empty for the
     * payload and for files in memory.
     */
    public static Optional<Path> hostFile(FileSystem fs, String path) {
        return vfs(fs).hostFile(path);
    }

    private static VfsFileSystem vfs(FileSystem fs) {
        if (fs instanceof VfsFileSystem v) {
            return v;
        }
        throw new IllegalArgumentException("not a jemception VFS: " + fs);
    }

    /** Collects mounts; see {@link Vfs}. */
    public static final class Builder {
        private final Map<String, VfsFactory.Source> mounts = new LinkedHashMap<>();

        private Builder() {}

        /** Mounts a read-only tree at an absolute path. */
        public Builder mount(String mountPoint, ReadOnlyTree tree) {
            mounts.put(checkMountPoint(mountPoint), new VfsFactory.Tree(tree));
            return this;
        }

        /**
         * Mounts a read-only tree with a writable layer of this file system's memory on top: new
         * and changed files stay in memory, the tree is shared and never modified (e.g. a cache
         * seeded from a pack).
         */
        public Builder mountWritable(String mountPoint, ReadOnlyTree tree) {
            mounts.put(checkMountPoint(mountPoint), new VfsFactory.Overlay(tree, null));
            return this;
        }

        /**
         * Mounts a read-only tree with a writable layer in a host directory on top: what programs
         * write there persists and is shared with every file system mounted the same way (e.g.
         * Emscripten's cache across sessions and JVMs).
         */
        public Builder mountWritable(String mountPoint, ReadOnlyTree tree, Path upperDirectory) {
            mounts.put(checkMountPoint(mountPoint), new VfsFactory.Overlay(tree, upperDirectory));
            return this;
        }

        /** Mounts a host directory at its own real, absolute path, read-write. */
        public Builder mountHost(Path directory) throws IOException {
            Path real = directory.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IOException("cannot mount " + directory + ": not a directory");
            }
            return mountHost(real.toString(), real);
        }

        /** Mounts a host directory at a chosen absolute path, read-write. */
        public Builder mountHost(String mountPoint, Path directory) {
            mounts.put(checkMountPoint(mountPoint), new VfsFactory.Host(directory));
            return this;
        }

        /** Builds the file system; closing it frees its in-memory layer. */
        public FileSystem build() throws IOException {
            FileSystem memory = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                    .setAttributeViews("basic", "owner", "posix", "unix")
                    .setWorkingDirectory("/")
                    .build());
            Files.createDirectories(memory.getPath("/tmp"));
            return VfsFactory.create(memory, mounts);
        }

        private static String checkMountPoint(String mountPoint) {
            if (!mountPoint.startsWith("/")) {
                throw new IllegalArgumentException("mount point must be absolute: " + mountPoint);
            }
            return Path.of(mountPoint).normalize().toString().replace('\\', '/');
        }
    }
}
