package dev.jemception.engine.emscripten;

import com.dylibso.chicory.runtime.Memory;
import dev.jemception.engine.emscripten.FileTable.ErrnoException;
import dev.jemception.engine.emscripten.FileTable.OpenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The path and directory syscalls of Emscripten's libc ({@code __syscall_stat64}, getdents64,
 * mkdirat, renameat ...) over the session's file system, with the struct layouts Emscripten's JS
 * library writes. Each returns 0 or a result, or a negated errno.
 */
final class FileSyscalls {
    private static final int S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200;
    private static final int UTIME_NOW = 0x3fffffff, UTIME_OMIT = 0x3ffffffe;
    private static final int DT_DIR = 4, DT_REG = 8, DT_LNK = 10;

    private final Memory memory;
    private final FileTable files;
    private int umask = 022;

    FileSyscalls(Memory memory, FileTable files) {
        this.memory = memory;
        this.files = files;
    }

    /** An operation that fails with an errno. */
    interface Call {
        int run() throws ErrnoException, IOException;
    }

    /** The result of {@code call}, or its failure as a negated errno. */
    static int syscall(Call call) {
        try {
            return call.run();
        } catch (ErrnoException e) {
            return -e.errno;
        } catch (IOException e) {
            return -FileTable.errno(e);
        }
    }

    private Path path(int dirfd, int pathPtr) throws ErrnoException {
        return files.resolve(dirfd, memory.readCString(pathPtr));
    }

    int stat(int dirfd, int pathPtr, int buf, int flags) {
        return syscall(() -> writeStat(path(dirfd, pathPtr), buf, (flags & AT_SYMLINK_NOFOLLOW) != 0));
    }

    int fstat(int fd, int buf) {
        return syscall(() -> {
            OpenFile file = files.get(fd);
            if (file.path == null) { // a standard stream or a pipe: a character device of no size
                writeStat(buf, 0020666, 0, 0, 0, fd + 1L);
                return 0;
            }
            return writeStat(file.path, buf, false);
        });
    }

    private int writeStat(Path path, int buf, boolean noFollow) throws IOException {
        LinkOption[] options = noFollow ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, options);
        int mode = a.isDirectory() ? S_IFDIR | 0755
                : a.isSymbolicLink() ? S_IFLNK | 0777
                : S_IFREG | (Files.isExecutable(path) ? 0755 : 0644);
        writeStat(buf, mode, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                a.lastAccessTime().to(TimeUnit.NANOSECONDS), inode(a.fileKey(), path));
        return 0;
    }

    /**
     * An inode number: from the file's key where its file system has one (host files: the same file
     * by any path), else from its path; never 0.
     */
    private static long inode(Object fileKey, Path path) {
        long hash = (fileKey != null ? fileKey.hashCode() : path.toAbsolutePath().normalize().toString().hashCode()) & 0x7fffffffL;
        return hash == 0 ? 1 : hash;
    }

    /** {@code struct stat} as Emscripten lays it out (SYSCALLS.writeStat). */
    private void writeStat(int buf, int mode, long size, long mtimeNanos, long atimeNanos, long inode) {
        memory.writeI32(buf, 1); // st_dev
        memory.writeI32(buf + 4, mode);
        memory.writeI32(buf + 8, 1); // st_nlink
        memory.writeI32(buf + 12, 0); // st_uid
        memory.writeI32(buf + 16, 0); // st_gid
        memory.writeI32(buf + 20, 0); // st_rdev
        memory.writeLong(buf + 24, size);
        memory.writeI32(buf + 32, 4096); // st_blksize
        memory.writeI32(buf + 36, (int) ((size + 511) / 512)); // st_blocks
        writeTime(buf + 40, atimeNanos);
        writeTime(buf + 56, mtimeNanos);
        writeTime(buf + 72, mtimeNanos); // st_ctim: the VFS keeps no change time
        memory.writeLong(buf + 88, inode);
    }

    private void writeTime(int at, long nanos) {
        memory.writeLong(at, Math.floorDiv(nanos, 1_000_000_000L));
        memory.writeI32(at + 8, (int) Math.floorMod(nanos, 1_000_000_000L));
    }

    /** statfs64/fstatfs64: a roomy file system of 4 KiB blocks (nothing asks more of it). */
    int statfs(int buf) {
        memory.writeI32(buf + 4, 4096); // f_bsize
        memory.writeLong(buf + 8, 1L << 24); // f_blocks
        memory.writeLong(buf + 16, 1L << 23); // f_bfree
        memory.writeLong(buf + 24, 1L << 23); // f_bavail
        memory.writeLong(buf + 32, 1L << 20); // f_files
        memory.writeLong(buf + 40, 1L << 19); // f_ffree
        memory.writeI32(buf + 48, 42); // f_fsid
        memory.writeI32(buf + 56, 255); // f_namelen
        memory.writeI32(buf + 60, 4096); // f_frsize
        memory.writeI32(buf + 64, 0); // f_flags
        return 0;
    }

    /** getdents64: as many {@code struct dirent} records as fit, "." and ".." first; 0 at the end. */
    int getdents(int fd, int dirp, int count) {
        return syscall(() -> {
            OpenFile dir = files.get(fd);
            if (!dir.isDirectory()) {
                throw new ErrnoException(FileTable.ENOTDIR);
            }
            if (dir.entries == null) {
                List<String> entries = new ArrayList<>(List.of(".", ".."));
                try (Stream<Path> children = Files.list(dir.path)) {
                    children.map(c -> c.getFileName().toString()).sorted().forEach(entries::add);
                }
                dir.entries = entries;
            }
            int written = 0;
            while (dir.entryIndex < dir.entries.size() && written + FileTable.DIRENT_SIZE <= count) {
                String name = dir.entries.get(dir.entryIndex);
                Path child = dir.path.resolve(name);
                int type = name.equals(".") || name.equals("..") || Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) ? DT_DIR
                        : Files.isSymbolicLink(child) ? DT_LNK : DT_REG;
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                int at = dirp + written;
                memory.writeLong(at, inode(null, child));
                memory.writeLong(at + 8, (long) (dir.entryIndex + 1) * FileTable.DIRENT_SIZE);
                memory.writeShort(at + 16, (short) FileTable.DIRENT_SIZE);
                memory.writeByte(at + 18, (byte) type);
                memory.write(at + 19, bytes, 0, Math.min(bytes.length, 255));
                memory.writeByte(at + 19 + Math.min(bytes.length, 255), (byte) 0);
                written += FileTable.DIRENT_SIZE;
                dir.entryIndex++;
            }
            if (written == 0 && dir.entryIndex < dir.entries.size()) {
                throw new ErrnoException(FileTable.EINVAL); // the buffer holds not even one record
            }
            return written;
        });
    }

    int mkdir(int dirfd, int pathPtr) {
        return syscall(() -> {
            Files.createDirectory(path(dirfd, pathPtr));
            return 0;
        });
    }

    int unlink(int dirfd, int pathPtr, int flags) {
        return syscall(() -> {
            Path path = path(dirfd, pathPtr);
            boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            if ((flags & AT_REMOVEDIR) != 0 ? !directory && Files.exists(path, LinkOption.NOFOLLOW_LINKS) : directory) {
                throw new ErrnoException((flags & AT_REMOVEDIR) != 0 ? FileTable.ENOTDIR : FileTable.EISDIR);
            }
            Files.delete(path);
            return 0;
        });
    }

    int rename(int oldDirfd, int oldPtr, int newDirfd, int newPtr) {
        return syscall(() -> {
            Path from = path(oldDirfd, oldPtr);
            Path to = path(newDirfd, newPtr);
            if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                throw new ErrnoException(FileTable.EISDIR);
            }
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            return 0;
        });
    }

    int readlink(int dirfd, int pathPtr, int buf, int size) {
        return syscall(() -> {
            if (size <= 0) {
                throw new ErrnoException(FileTable.EINVAL);
            }
            Path path = path(dirfd, pathPtr);
            if (!Files.isSymbolicLink(path)) {
                throw new ErrnoException(Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? FileTable.EINVAL : FileTable.ENOENT);
            }
            byte[] target = Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8);
            int n = Math.min(size, target.length);
            memory.write(buf, target, 0, n);
            return n;
        });
    }

    int symlink(int targetPtr, int dirfd, int linkPtr) {
        return syscall(() -> {
            Path link = path(dirfd, linkPtr);
            Files.createSymbolicLink(link, link.getFileSystem().getPath(memory.readCString(targetPtr)));
            return 0;
        });
    }

    int chdir(int pathPtr) {
        return syscall(() -> {
            files.chdir(path(FileTable.AT_FDCWD, pathPtr));
            return 0;
        });
    }

    int fchdir(int fd) {
        return syscall(() -> {
            OpenFile dir = files.get(fd);
            if (dir.path == null) {
                throw new ErrnoException(FileTable.ENOTDIR);
            }
            files.chdir(dir.path);
            return 0;
        });
    }

    int getcwd(int buf, int size) {
        byte[] cwd = (files.cwd().toString() + "\0").getBytes(StandardCharsets.UTF_8);
        if (size == 0) {
            return -FileTable.EINVAL;
        }
        if (size < cwd.length) {
            return -FileTable.ERANGE;
        }
        memory.write(buf, cwd);
        return cwd.length;
    }

    /** faccessat: exists, and for X_OK is executable (the only permission anything here lacks). */
    int access(int dirfd, int pathPtr, int mode) {
        return syscall(() -> {
            if ((mode & ~7) != 0) {
                throw new ErrnoException(FileTable.EINVAL);
            }
            Path path = path(dirfd, pathPtr);
            if (!Files.exists(path)) {
                throw new ErrnoException(FileTable.ENOENT);
            }
            if ((mode & 1) != 0 && !Files.isDirectory(path) && !Files.isExecutable(path)) {
                throw new ErrnoException(FileTable.EACCES);
            }
            return 0;
        });
    }

    /** utimensat: sets the times it names (UTIME_NOW, UTIME_OMIT as in POSIX); null times mean now. */
    int utimens(int dirfd, int pathPtr, int times) {
        return syscall(() -> {
            Path path = path(dirfd, pathPtr);
            FileTime now = FileTime.fromMillis(System.currentTimeMillis());
            FileTime access = times == 0 ? now : time(times, now);
            FileTime modified = times == 0 ? now : time(times + 16, now);
            Files.getFileAttributeView(path, BasicFileAttributeView.class).setTimes(modified, access, null);
            return 0;
        });
    }

    private FileTime time(int timespec, FileTime now) {
        long seconds = memory.readLong(timespec);
        int nanos = memory.readInt(timespec + 8);
        if (nanos == UTIME_NOW) {
            return now;
        }
        return nanos == UTIME_OMIT ? null : FileTime.from(seconds * 1_000_000_000L + nanos, TimeUnit.NANOSECONDS);
    }

    int truncate(int fd, long length) {
        return syscall(() -> {
            OpenFile file = files.get(fd);
            if (file.channel == null || length < 0) {
                throw new ErrnoException(FileTable.EINVAL);
            }
            if (length < file.channel.size()) {
                file.channel.truncate(length);
            } else if (length > file.channel.size()) {
                long position = file.channel.position();
                file.channel.position(length - 1).write(ByteBuffer.wrap(new byte[1]));
                file.channel.position(position);
            }
            return 0;
        });
    }

    /** umask: kept for the run; new files and directories here get fixed modes, so it changes nothing else. */
    int umask(int mask) {
        int old = umask;
        umask = mask & 0777;
        return old;
    }

    /** fd_fdstat_get: a directory or a regular file (3, 4); no fd is a terminal. */
    int fdstat(int fd, int buf) {
        try {
            OpenFile file = files.get(fd);
            memory.writeByte(buf, (byte) (file.isDirectory() ? 3 : 4));
            memory.writeShort(buf + 2, (short) 0);
            memory.writeLong(buf + 8, 0);
            memory.writeLong(buf + 16, 0);
            return 0;
        } catch (ErrnoException e) {
            return e.errno;
        }
    }
}
