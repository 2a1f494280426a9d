package dev.jemception.vfs.internal;

import dev.jemception.vfs.internal.VfsFileSystem.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes every file operation to the mount that serves the path. Symlinks inside packs are
 * followed here (a link may point into another mount); the in-memory layer and host directories
 * follow their own.
 */
public final class VfsFileSystemProvider extends FileSystemProvider {
    static final String SCHEME = "jemception";
    private static final int MAX_LINK_HOPS = 40;
    /** A directory that exists only because a mount point lies below it is stat'ed as its mount's root. */
    private static final String MOUNT_ROOT = "";

    private static VfsPath vfsPath(Path p) {
        if (p instanceof VfsPath v) {
            return v;
        }
        throw new ProviderMismatchException("not a jemception VFS path: " + p);
    }

    private static boolean follows(LinkOption... options) {
        return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    }

    /** Routes a path, following pack symlinks (the last name only when {@code followLast}). */
    private static Route route(Path path, boolean followLast) throws FileSystemException {
        VfsPath p = vfsPath(path);
        VfsFileSystem fs = p.getFileSystem();
        List<String> names = p.absoluteNames();
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            Route r = fs.route(names);
            String next = r.mount().backend().redirect(r.mount().point(), r.rel(), followLast);
            if (next == null) {
                return r;
            }
            names = VfsPath.parse(fs, next).absoluteNames();
        }
        throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
    }

    /** A path that is an ancestor of a mount point exists as a directory even if no backend has it. */
    private static boolean isMountAncestor(Route r, VfsPath p) {
        return !p.getFileSystem().mountChildren(VfsPath.parse(p.getFileSystem(), r.absolute()).absoluteNames()).isEmpty();
    }

    private static boolean modifies(Set<? extends OpenOption> options) {
        return options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)
                || options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW)
                || options.contains(StandardOpenOption.TRUNCATE_EXISTING) || options.contains(StandardOpenOption.DELETE_ON_CLOSE);
    }

    private static void willModify(Path path, Route r) {
        vfsPath(path).getFileSystem().fire(l -> l.willModify(r.absolute(), r.mount().backend().origin(r.rel())));
    }

    private static void missing(Path path, Route r) {
        vfsPath(path).getFileSystem().fire(l -> l.missing(r.absolute(), r.mount().backend().origin(r.rel())));
    }

    VfsPath realPath(VfsPath p) throws IOException {
        Route r = route(p, true);
        r.mount().backend().readAttributes(r.rel(), BasicFileAttributes.class, true);
        return VfsPath.parse(p.getFileSystem(), r.absolute());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("create a jemception VFS with dev.jemception.vfs.Vfs.builder()");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("jemception VFS instances are not registered by URI");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("jemception VFS instances are not registered by URI");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Route r = route(path, !options.contains(LinkOption.NOFOLLOW_LINKS));
        if (modifies(options)) {
            willModify(path, r);
            return r.mount().backend().open(r.rel(), options, attrs);
        }
        FileChannel channel;
        try {
            channel = r.mount().backend().open(r.rel(), options, attrs);
        } catch (NoSuchFileException e) {
            missing(path, r);
            throw e;
        }
        vfsPath(path).getFileSystem().fire(l -> l.read(r.absolute(), r.mount().backend().origin(r.rel())));
        return channel;
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        return Channels.newInputStream(newFileChannel(path, Set.of(StandardOpenOption.READ)));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        VfsPath d = vfsPath(dir);
        Route r = route(d, true);
        Set<String> names = new LinkedHashSet<>();
        try {
            names.addAll(r.mount().backend().list(r.rel()));
        } catch (NoSuchFileException e) {
            if (!isMountAncestor(r, d)) {
                missing(dir, r);
                throw e;
            }
        }
        names.addAll(d.getFileSystem().mountChildren(VfsPath.parse(d.getFileSystem(), r.absolute()).absoluteNames()));
        List<String> listed = List.copyOf(names);
        d.getFileSystem().fire(l -> l.listed(r.absolute(), listed, r.mount().backend().origin(r.rel())));
        List<Path> entries = new ArrayList<>();
        for (String name : names) {
            Path p = d.resolve(name);
            if (filter.accept(p)) {
                entries.add(p);
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return entries.iterator();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Route r = route(dir, false);
        if (r.rel().isEmpty() || isMountAncestor(r, vfsPath(dir))) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        willModify(dir, r);
        r.mount().backend().createDirectory(r.rel(), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        Route r = route(path, false);
        if (isMountAncestor(r, vfsPath(path))) {
            throw new DirectoryNotEmptyException(path.toString());
        }
        willModify(path, r);
        r.mount().backend().delete(r.rel());
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        transfer(source, target, false, options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        transfer(source, target, true, options);
    }

    private void transfer(Path source, Path target, boolean move, CopyOption... options) throws IOException {
        Route from = route(source, !move && follows(linkOptions(options)));
        Route to = route(target, false);
        if (move) {
            willModify(source, from);
        } else {
            vfsPath(source).getFileSystem().fire(l -> l.read(from.absolute(), from.mount().backend().origin(from.rel())));
        }
        willModify(target, to);
        Path a = from.mount().backend().underlying(from.rel());
        Path b = to.mount().backend().underlying(to.rel());
        if (a != null && b != null && a.getFileSystem() == b.getFileSystem()) {
            if (move) {
                // A move keeps attributes anyway; the default provider refuses COPY_ATTRIBUTES for it (WASI asks).
                Files.move(a, b, Arrays.stream(options).filter(o -> o != StandardCopyOption.COPY_ATTRIBUTES)
                        .toArray(CopyOption[]::new));
            } else {
                Files.copy(a, b, options);
            }
            return;
        }
        // Across mounts: copy the bytes (directories are created empty, as Files.copy does).
        boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
        var attrs = from.mount().backend().readAttributes(from.rel(), BasicFileAttributes.class, true);
        if (exists(to)) {
            if (!replace) {
                throw new FileAlreadyExistsException(target.toString());
            }
            delete(target);
        }
        if (attrs.isDirectory()) {
            createDirectory(target);
        } else {
            try (FileChannel in = from.mount().backend().open(from.rel(), Set.of(StandardOpenOption.READ));
                    OutputStream out = Channels.newOutputStream(to.mount().backend().open(to.rel(),
                            Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)))) {
                Channels.newInputStream(in).transferTo(out);
            }
        }
        if (move) {
            delete(source);
        }
    }

    private static boolean exists(Route r) {
        try {
            r.mount().backend().readAttributes(r.rel(), BasicFileAttributes.class, false);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static LinkOption[] linkOptions(CopyOption... options) {
        return Arrays.stream(options).filter(o -> o instanceof LinkOption).toArray(LinkOption[]::new);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path.equals(path2)) {
            return true;
        }
        Route a = route(path, true);
        Route b = route(path2, true);
        if (a.mount() != b.mount()) {
            return false;
        }
        Path ua = a.mount().backend().underlying(a.rel());
        return ua != null ? Files.isSameFile(ua, b.mount().backend().underlying(b.rel())) : a.rel().equals(b.rel());
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("file stores are not supported by the jemception VFS");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        Route r = route(path, true);
        try {
            r.mount().backend().checkAccess(r.rel(), modes);
        } catch (NoSuchFileException e) {
            if (!isMountAncestor(r, vfsPath(path))) {
                missing(path, r);
                throw e;
            }
        }
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        try {
            Route r = route(path, follows(options));
            V view = r.mount().backend().view(r.rel(), type, follows(options));
            return view == null ? null : watched(path, r, type, view);
        } catch (FileSystemException e) {
            return null;
        }
    }

    /**
     * {@code view}, telling listeners before each change it makes ({@code setTimes},
     * {@code setPermissions}, {@code setOwner} ...), as every other way of changing a file does: a
     * touched file is one a run left, and one a cancelled command must put back. Each use checks
     * the path first, as every other access does: a symlink out of a host mount is no file.
     */
    @SuppressWarnings("unchecked")
    private static <V extends FileAttributeView> V watched(Path path, Route r, Class<V> type, V view) {
        return (V) Proxy.newProxyInstance(VfsFileSystemProvider.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return view.name();
                    }
                    r.mount().backend().checkAccess(r.rel());
                    if (method.getName().startsWith("set")) {
                        willModify(path, r);
                    }
                    try {
                        return method.invoke(view, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return readAttributes(path, options, (backend, rel, follow) -> backend.readAttributes(rel, type, follow));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return readAttributes(path, options, (backend, rel, follow) -> backend.readAttributes(rel, attributes, follow));
    }

    private interface AttributeReader<T> {
        T read(Backend backend, String rel, boolean follow) throws IOException;
    }

    /** Reads attributes; a directory that exists only above a mount point reads as its mount's root. */
    private static <T> T readAttributes(Path path, LinkOption[] options, AttributeReader<T> reader) throws IOException {
        Route r = route(path, follows(options));
        try {
            return reader.read(r.mount().backend(), r.rel(), follows(options));
        } catch (NoSuchFileException e) {
            if (isMountAncestor(r, vfsPath(path))) {
                return reader.read(r.mount().backend(), MOUNT_ROOT, true);
            }
            missing(path, r);
            throw e;
        }
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        Route r = route(path, follows(options));
        willModify(path, r);
        r.mount().backend().setAttribute(r.rel(), attribute, value, follows(options));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        Route r = route(link, false);
        return VfsPath.parse(vfsPath(link).getFileSystem(), r.mount().backend().readLink(r.rel()));
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        Route r = route(link, false);
        willModify(link, r);
        r.mount().backend().createSymlink(r.rel(), target.toString(), attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Route a = route(link, false);
        Route b = route(existing, true);
        willModify(link, a);
        Path ua = a.mount().backend().underlying(a.rel());
        Path ub = b.mount().backend().underlying(b.rel());
        if (ua == null || ub == null || ua.getFileSystem() != ub.getFileSystem()) {
            throw new FileSystemException(link.toString(), existing.toString(), "hard links across mounts are not supported");
        }
        Files.createLink(ua, ub);
    }
}
