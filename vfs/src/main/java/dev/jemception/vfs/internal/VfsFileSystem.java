package dev.jemception.vfs.internal;

import dev.jemception.vfs.FileAccessListener;
import dev.jemception.vfs.Vfs;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The file system every program of a session sees: a table of mounts, the longest mount point
 * that contains a path serves it. Immutable once built, so it is safe to share between threads.
 */
public final class VfsFileSystem extends FileSystem {
    /** A backend at an absolute, normalized mount point. */
    record Mount(String point, List<String> names, Backend backend) {}

    /** Where a path lands: its mount and the path relative to the mount point. */
    record Route(Mount mount, String rel, String absolute) {}

    private final VfsFileSystemProvider provider = new VfsFileSystemProvider();
    private final List<Mount> mounts; // longest mount point first
    private final VfsPath root = new VfsPath(this, true, new String[0]);
    private final AutoCloseable onClose;
    private volatile boolean open = true;
    /** The listener of the current thread's program; child threads inherit it. */
    private final InheritableThreadLocal<FileAccessListener> listener = new InheritableThreadLocal<>();
    private static final ThreadLocal<Boolean> IN_LISTENER = ThreadLocal.withInitial(() -> false);

    VfsFileSystem(List<Mount> mounts, AutoCloseable onClose) {
        var sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.names().size()).reversed());
        this.mounts = List.copyOf(sorted);
        this.onClose = onClose;
    }

    public FileAccessListener listener() {
        return listener.get();
    }

    /** Installs {@code l} on the current thread (and threads it starts) until the result is closed. */
    public Vfs.Scope listen(FileAccessListener l) {
        FileAccessListener previous = listener.get();
        listener.set(l);
        return () -> listener.set(previous);
    }

    /** Tells the current thread's listener of an operation, unless the listener itself did it. */
    void fire(Consumer<FileAccessListener> event) {
        FileAccessListener l = listener.get();
        if (l == null || IN_LISTENER.get()) {
            return;
        }
        IN_LISTENER.set(true);
        try {
            event.accept(l);
        } finally {
            IN_LISTENER.set(false);
        }
    }

    /** Where an absolute path is served from (not following symlinks). */
    public FileAccessListener.Origin origin(String path) {
        Route r = route(VfsPath.parse(this, path).absoluteNames());
        return r.mount().backend().origin(r.rel());
    }

    /** The host file an absolute path is served from, if it is one (a host mount, a persistent layer). */
    public Optional<Path> hostFile(String path) {
        Route r = route(VfsPath.parse(this, path).absoluteNames());
        Backend backend = r.mount().backend();
        return backend.origin(r.rel()) == FileAccessListener.Origin.HOST
                ? Optional.ofNullable(backend.underlying(r.rel()))
                : Optional.empty();
    }

    VfsPath root() {
        return root;
    }

    Route route(List<String> absoluteNames) {
        for (Mount m : mounts) {
            int n = m.names().size();
            if (absoluteNames.size() >= n && absoluteNames.subList(0, n).equals(m.names())) {
                String rel = String.join("/", absoluteNames.subList(n, absoluteNames.size()));
                return new Route(m, rel, "/" + String.join("/", absoluteNames));
            }
        }
        throw new IllegalStateException("no root mount");
    }

    /** Names of mount points directly below {@code absoluteNames}, so listings show them. */
    Set<String> mountChildren(List<String> absoluteNames) {
        Set<String> names = new TreeSet<>();
        for (Mount m : mounts) {
            int n = absoluteNames.size();
            if (m.names().size() > n && m.names().subList(0, n).equals(absoluteNames)) {
                names.add(m.names().get(n));
            }
        }
        return names;
    }

    @Override
    public VfsFileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() throws IOException {
        open = false;
        try {
            onClose.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(root);
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic", "posix", "unix");
    }

    @Override
    public Path getPath(String first, String... more) {
        return VfsPath.parse(this, first, more);
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        int colon = syntaxAndPattern.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected syntax:pattern, got " + syntaxAndPattern);
        }
        String syntax = syntaxAndPattern.substring(0, colon);
        String pattern = syntaxAndPattern.substring(colon + 1);
        Pattern regex = switch (syntax) {
            case "regex" -> Pattern.compile(pattern);
            case "glob" -> Pattern.compile(globToRegex(pattern));
            default -> throw new UnsupportedOperationException("path matcher syntax '" + syntax + "'");
        };
        return path -> regex.matcher(path.toString()).matches();
    }

    private static String globToRegex(String glob) {
        var re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                    re.append(twice ? ".*" : "[^/]*");
                    i += twice ? 1 : 0;
                }
                case '?' -> re.append("[^/]");
                case '{' -> re.append("(?:");
                case '}' -> re.append(')');
                case ',' -> re.append('|');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("user lookup is not supported by the jemception VFS");
    }

    @Override
    public java.nio.file.WatchService newWatchService() {
        throw new UnsupportedOperationException("watching files is not supported by the jemception VFS");
    }
}
