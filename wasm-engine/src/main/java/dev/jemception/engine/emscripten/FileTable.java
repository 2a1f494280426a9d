package dev.jemception.engine.emscripten;

import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The open files and working directory of one run, as Emscripten's NODERAWFS sees them: fds 0–2
 * are the process's standard streams, later fds are files and directories of the session's file
 * system opened by path, or pipes. Results are Emscripten errno numbers (positive); callers negate
 * them for {@code __syscall_*}.
 */
final class FileTable {
    static final int EACCES = 2, EAGAIN = 6, EBADF = 8, EEXIST = 20, EINVAL = 28, EIO = 29, EISDIR = 31, EMFILE = 33,
            ENOENT = 44, ENOSYS = 52, ENOTDIR = 54, ENOTEMPTY = 55, ENOTSOCK = 57, ENOTTY = 59, EOVERFLOW = 61,
            EPERM = 63, ERANGE = 68, ESPIPE = 70;
    static final int AT_FDCWD = -100;

    private static final int O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_NOCTTY = 0x100,
            O_TRUNC = 0x200, O_APPEND = 0x400, O_NONBLOCK = 0x800, O_SYNC = 0x101000, O_LARGEFILE = 0x8000,
            O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    private static final int KNOWN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK
            | O_SYNC | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_PATH;
    private static final int MAX_FDS = 4096;

    /**
     * An open file: a channel of the VFS, a directory (its path, no channel), one of the standard
     * streams or an end of a pipe (streams, no path).
     */
    static final class OpenFile {
        final Path path;
        final SeekableByteChannel channel;
        final InputStream in;
        final OutputStream out;
        int flags;
        /** A directory's entries as getdents64 reads them, and how far it has read. */
        List<String> entries;
        int entryIndex;

        OpenFile(Path path, SeekableByteChannel channel, InputStream in, OutputStream out, int flags) {
            this.path = path;
            this.channel = channel;
            this.in = in;
            this.out = out;
            this.flags = flags;
        }

        boolean isDirectory() {
            return path != null && channel == null;
        }
    }

    /** A failed file operation, carrying its errno. */
    static final class ErrnoException extends Exception {
        final int errno;

        ErrnoException(int errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }

    private final ProcessContext process;
    private final TreeMap<Integer, OpenFile> open = new TreeMap<>();
    /** The run's working directory: the process's at start, then what chdir sets. */
    private Path cwd;

    FileTable(ProcessContext process) {
        this.process = process;
        this.cwd = process.fs().getPath(process.cwd());
        open.put(0, new OpenFile(null, null, process.stdin(), null, 0));
        open.put(1, new OpenFile(null, null, null, process.stdout(), O_WRONLY));
        open.put(2, new OpenFile(null, null, null, process.stderr(), O_WRONLY));
    }

    Path cwd() {
        return cwd;
    }

    void chdir(Path directory) throws ErrnoException {
        if (!Files.isDirectory(directory)) {
            throw new ErrnoException(Files.exists(directory) ? ENOTDIR : ENOENT);
        }
        cwd = directory.normalize();
    }

    /**
     * {@code name} resolved as the *at syscalls do: absolute as it is, else against the directory
     * open as {@code dirfd} or, for {@link #AT_FDCWD}, the working directory.
     */
    Path resolve(int dirfd, String name) throws ErrnoException {
        Path base = cwd;
        if (dirfd != AT_FDCWD && !name.startsWith("/")) {
            OpenFile dir = get(dirfd);
            if (!dir.isDirectory()) {
                throw new ErrnoException(ENOTDIR);
            }
            base = dir.path;
        }
        return name.isEmpty() ? base : base.resolve(name);
    }

    /** A pipe's two ends (read, write) as new fds: data written is read back in order, never blocking. */
    int[] pipe() throws ErrnoException {
        var buffer = new Pipe();
        int read = lowestFree(3);
        open.put(read, new OpenFile(null, null, buffer.in, null, 0));
        int write = lowestFree(3);
        open.put(write, new OpenFile(null, null, null, buffer.out, O_WRONLY));
        return new int[] {read, write};
    }

    /** Bytes that can be read from {@code fd} now without waiting: a pipe's buffered data, else 1 (files never wait). */
    int readable(int fd) throws ErrnoException {
        return get(fd).in instanceof Pipe.Input p ? p.available() : 1;
    }

    OpenFile get(int fd) throws ErrnoException {
        OpenFile file = open.get(fd);
        if (file == null) {
            throw new ErrnoException(EBADF);
        }
        return file;
    }

    /** openat(dirfd, path, flags, mode). */
    int open(int dirfd, String name, int flags) throws ErrnoException {
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new ErrnoException(EINVAL);
        }
        Path path = resolve(dirfd, name);
        boolean directory = Files.isDirectory(path);
        if ((flags & O_DIRECTORY) != 0 && !directory && Files.exists(path)) {
            throw new ErrnoException(ENOTDIR);
        }
        if (directory && (flags & O_ACCMODE) != 0) {
            throw new ErrnoException(EISDIR);
        }
        Set<OpenOption> options = new HashSet<>();
        int access = flags & O_ACCMODE;
        options.add(access == O_WRONLY ? StandardOpenOption.WRITE : StandardOpenOption.READ);
        if (access == O_RDWR) {
            options.add(StandardOpenOption.WRITE);
        }
        if ((flags & O_CREAT) != 0) {
            options.add((flags & O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((flags & O_TRUNC) != 0 && access != 0) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        int fd = lowestFree(3);
        try {
            open.put(fd, new OpenFile(path, directory ? null : Files.newByteChannel(path, options), null, null, flags));
        } catch (IOException e) {
            throw new ErrnoException(errno(e));
        }
        return fd;
    }

    /** F_DUPFD: the same open file under the lowest free fd at or above {@code from}. */
    int dup(int fd, int from) throws ErrnoException {
        OpenFile file = get(fd);
        int copy = lowestFree(Math.max(from, 0));
        open.put(copy, file);
        return copy;
    }

    /** dup3: the same open file as {@code fd} under {@code target}, closing what was there. */
    int dupTo(int fd, int target) throws ErrnoException {
        OpenFile file = get(fd);
        if (target < 0 || target >= MAX_FDS) {
            throw new ErrnoException(EBADF);
        }
        if (open.containsKey(target)) {
            close(target);
        }
        open.put(target, file);
        return target;
    }

    void close(int fd) throws ErrnoException {
        OpenFile file = open.remove(fd);
        if (file == null) {
            throw new ErrnoException(EBADF);
        }
        if (!open.containsValue(file)) {
            try {
                if (file.channel != null) {
                    file.channel.close();
                } else if (file.out instanceof Pipe.Output pipe) {
                    pipe.close(); // the reader sees end of file
                }
            } catch (IOException e) {
                throw new ErrnoException(EIO);
            }
        }
    }

    /** Closes every file still open at exit, so written data reaches the file system. */
    void closeAll() {
        for (OpenFile file : open.values()) {
            if (file.channel != null) {
                try {
                    file.channel.close();
                } catch (IOException ignored) {
                    // the run is over; nothing can report it
                }
            }
        }
        open.clear();
    }

    int read(int fd, byte[] buffer, int length) throws ErrnoException {
        OpenFile file = get(fd);
        try {
            if (file.channel != null) {
                int n = file.channel.read(ByteBuffer.wrap(buffer, 0, length));
                return Math.max(n, 0);
            }
            if (file.in == null) {
                throw new ErrnoException(file.out != null ? EBADF : EISDIR);
            }
            int n = file.in.read(buffer, 0, length);
            return Math.max(n, 0);
        } catch (Pipe.WouldBlock e) {
            throw new ErrnoException(EAGAIN);
        } catch (IOException e) {
            throw new ErrnoException(EIO);
        }
    }

    int write(int fd, byte[] buffer, int length) throws ErrnoException {
        OpenFile file = get(fd);
        try {
            if (file.channel != null) {
                if ((file.flags & O_APPEND) != 0) {
                    file.channel.position(file.channel.size());
                }
                return file.channel.write(ByteBuffer.wrap(buffer, 0, length));
            }
            if (file.out == null) {
                throw new ErrnoException(file.in != null ? EBADF : EISDIR);
            }
            file.out.write(buffer, 0, length);
            return length;
        } catch (IOException e) {
            throw new ErrnoException(EIO);
        }
    }

    long seek(int fd, long offset, int whence) throws ErrnoException {
        OpenFile file = get(fd);
        if (file.isDirectory()) { // getdents64's offsets: one record per entry
            if (whence != 0 || offset < 0) {
                throw new ErrnoException(EINVAL);
            }
            file.entryIndex = (int) (offset / DIRENT_SIZE);
            file.entries = offset == 0 ? null : file.entries;
            return offset;
        }
        if (file.channel == null) {
            throw new ErrnoException(ESPIPE);
        }
        try {
            long base = switch (whence) {
                case 0 -> 0;
                case 1 -> file.channel.position();
                case 2 -> file.channel.size();
                default -> throw new ErrnoException(EINVAL);
            };
            long position = base + offset;
            if (position < 0) {
                throw new ErrnoException(EINVAL);
            }
            file.channel.position(position);
            return position;
        } catch (IOException e) {
            throw new ErrnoException(EIO);
        }
    }

    void flush() {
        for (OutputStream out : new OutputStream[] {process.stdout(), process.stderr()}) {
            try {
                out.flush();
            } catch (IOException ignored) {
                // the caller's stream is gone; nothing to flush into
            }
        }
    }

    private int lowestFree(int from) throws ErrnoException {
        for (int fd = from; fd < MAX_FDS; fd++) {
            if (!open.containsKey(fd)) {
                return fd;
            }
        }
        throw new ErrnoException(EMFILE);
    }

    /** pread/pwrite: at {@code offset}, the file position left as it was. */
    int transferAt(int fd, byte[] buffer, int length, long offset, boolean write) throws ErrnoException {
        OpenFile file = get(fd);
        if (file.channel == null) {
            throw new ErrnoException(file.isDirectory() ? EISDIR : ESPIPE);
        }
        try {
            long position = file.channel.position();
            file.channel.position(offset);
            try {
                int n = write ? file.channel.write(ByteBuffer.wrap(buffer, 0, length))
                        : file.channel.read(ByteBuffer.wrap(buffer, 0, length));
                return Math.max(n, 0);
            } finally {
                file.channel.position(position);
            }
        } catch (IOException e) {
            throw new ErrnoException(EIO);
        }
    }

    /** The size of one getdents64 record ({@code struct dirent}: ino, off, reclen, type, a 256-byte name, padding). */
    static final int DIRENT_SIZE = 280;

    static int errno(IOException e) {
        if (e instanceof NoSuchFileException) {
            return ENOENT;
        } else if (e instanceof FileAlreadyExistsException) {
            return EEXIST;
        } else if (e instanceof AccessDeniedException) {
            return EACCES;
        } else if (e instanceof NotDirectoryException) {
            return ENOTDIR;
        } else if (e instanceof DirectoryNotEmptyException) {
            return ENOTEMPTY;
        } else if (e instanceof FileSystemLoopException) {
            return 32; // ELOOP
        }
        return EIO;
    }
}
