package dev.jemception.node.internal;

import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * What the Node.js shim asks of Java: the process (argv, env, cwd, streams, exit) and file
 * operations on the session's VFS. Paths are resolved against the process's cwd. File errors are
 * thrown as {@link NodeError}s carrying Node's error codes (ENOENT, EEXIST, ...).
 */
public final class NodeHost {
    private final ProcessContext process;
    private final List<String> argv;
    private final NodeFileSystem files;

    NodeHost(ProcessContext process, List<String> argv, NodeFileSystem files) {
        this.process = process;
        this.argv = argv;
        this.files = files;
    }

    /** See {@link NodeFileSystem#resolveRequire}; a module that is not there is Node's MODULE_NOT_FOUND. */
    @HostAccess.Export
    public String resolveRequire(String specifier, String fromDir) {
        try {
            return files.resolveRequire(specifier, fromDir);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NodeError("MODULE_NOT_FOUND", "require", specifier, e.getReason());
        }
    }

    /** A file-system error with Node's code, e.g. ENOENT, turned into a JS Error by the shim. */
    public static final class NodeError extends RuntimeException {
        @HostAccess.Export
        public final String code;
        @HostAccess.Export
        public final String syscall;
        @HostAccess.Export
        public final String path;

        NodeError(String code, String syscall, String path, String description) {
            super(code + ": " + description + ", " + syscall + " '" + path + "'");
            this.code = code;
            this.syscall = syscall;
            this.path = path;
        }

        @HostAccess.Export
        @Override
        public String getMessage() {
            return super.getMessage();
        }
    }

    /** Thrown by process.exit to unwind the script. */
    static final class Exit extends RuntimeException {
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private Path resolve(String path) {
        return process.fs().getPath(process.cwd()).resolve(path);
    }

    private static NodeError error(IOException e, String syscall, String path) {
        if (e instanceof NoSuchFileException) {
            return new NodeError("ENOENT", syscall, path, "no such file or directory");
        }
        if (e instanceof FileAlreadyExistsException) {
            return new NodeError("EEXIST", syscall, path, "file already exists");
        }
        if (e instanceof NotDirectoryException) {
            return new NodeError("ENOTDIR", syscall, path, "not a directory");
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            return new NodeError("ENOTEMPTY", syscall, path, "directory not empty");
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new NodeError("EACCES", syscall, path, "permission denied");
        }
        return new NodeError("EIO", syscall, path, String.valueOf(e.getMessage()));
    }

    @HostAccess.Export
    public String[] argv() {
        return argv.toArray(String[]::new);
    }

    @HostAccess.Export
    public Map<String, String> env() {
        return process.env();
    }

    @HostAccess.Export
    public String cwd() {
        return process.cwd();
    }

    @HostAccess.Export
    public void exit(int code) {
        throw new Exit(code);
    }

    @HostAccess.Export
    public void write(int fd, String text) {
        writeBytes(fd, text.getBytes(StandardCharsets.UTF_8));
    }

    @HostAccess.Export
    public void writeBytes(int fd, byte[] bytes) {
        try {
            (fd == 2 ? process.stderr() : process.stdout()).write(bytes);
        } catch (IOException e) {
            throw error(e, "write", "<stdio>");
        }
    }

    /** All of standard input: what {@code fs.readFileSync(0)} reads. */
    @HostAccess.Export
    public byte[] readStdin() {
        try {
            return process.stdin().readAllBytes();
        } catch (IOException e) {
            throw error(e, "read", "<stdin>");
        }
    }

    @HostAccess.Export
    public String readText(String path) {
        try {
            return Files.readString(resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw error(e, "open", path);
        }
    }

    @HostAccess.Export
    public byte[] readBytes(String path) {
        try {
            return Files.readAllBytes(resolve(path));
        } catch (IOException e) {
            throw error(e, "open", path);
        }
    }

    @HostAccess.Export
    public void writeText(String path, String text, boolean append) {
        writeFileBytes(path, text.getBytes(StandardCharsets.UTF_8), append);
    }

    @HostAccess.Export
    public void writeFileBytes(String path, byte[] bytes, boolean append) {
        try {
            if (append) {
                Files.write(resolve(path), bytes, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } else {
                Files.write(resolve(path), bytes);
            }
        } catch (IOException e) {
            throw error(e, "open", path);
        }
    }

    @HostAccess.Export
    public boolean exists(String path) {
        return Files.exists(resolve(path));
    }

    /** [isFile, isDirectory, isSymbolicLink, size, mtimeMs], or ENOENT. */
    @HostAccess.Export
    public double[] stat(String path, boolean follow) {
        try {
            var a = Files.readAttributes(resolve(path), BasicFileAttributes.class,
                    follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS});
            FileTime mtime = a.lastModifiedTime();
            return new double[] {a.isRegularFile() ? 1 : 0, a.isDirectory() ? 1 : 0, a.isSymbolicLink() ? 1 : 0,
                a.size(), mtime.toMillis()};
        } catch (IOException e) {
            throw error(e, follow ? "stat" : "lstat", path);
        }
    }

    @HostAccess.Export
    public void mkdir(String path, boolean recursive) {
        try {
            if (recursive) {
                Files.createDirectories(resolve(path));
            } else {
                Files.createDirectory(resolve(path));
            }
        } catch (IOException e) {
            throw error(e, "mkdir", path);
        }
    }

    @HostAccess.Export
    public String[] readdir(String path) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(resolve(path))) {
            dir.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw error(e, "scandir", path);
        }
        names.sort(null);
        return names.toArray(String[]::new);
    }

    @HostAccess.Export
    public void unlink(String path) {
        try {
            if (Files.isDirectory(resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                throw new NodeError("EISDIR", "unlink", path, "illegal operation on a directory");
            }
            Files.delete(resolve(path));
        } catch (IOException e) {
            throw error(e, "unlink", path);
        }
    }

    @HostAccess.Export
    public void rmdir(String path) {
        try {
            Files.delete(resolve(path));
        } catch (IOException e) {
            throw error(e, "rmdir", path);
        }
    }

    @HostAccess.Export
    public void rename(String from, String to) {
        try {
            Files.move(resolve(from), resolve(to), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw error(e, "rename", from);
        }
    }

    @HostAccess.Export
    public String realpath(String path) {
        try {
            return resolve(path).toRealPath().toString();
        } catch (IOException e) {
            throw error(e, "realpath", path);
        }
    }

    @HostAccess.Export
    public byte[] utf8Encode(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @HostAccess.Export
    public String utf8Decode(Value bytes) {
        byte[] b = new byte[(int) bytes.getArraySize()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes.getArrayElement(i).asInt();
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
