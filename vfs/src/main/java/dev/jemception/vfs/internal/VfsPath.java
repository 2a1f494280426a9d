package dev.jemception.vfs.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A POSIX path of a {@link VfsFileSystem}: "/"-separated, absolute when it starts with "/". */
final class VfsPath implements Path {
    private final VfsFileSystem fs;
    private final boolean absolute;
    private final String[] names;

    VfsPath(VfsFileSystem fs, boolean absolute, String[] names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = names;
    }

    static VfsPath parse(VfsFileSystem fs, String first, String... more) {
        var joined = new StringBuilder(first);
        for (String m : more) {
            if (!m.isEmpty()) {
                joined.append('/').append(m);
            }
        }
        String s = joined.toString();
        if (s.indexOf('\0') >= 0) {
            throw new java.nio.file.InvalidPathException(s, "NUL character in path");
        }
        List<String> parts = new ArrayList<>();
        for (String p : s.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return new VfsPath(fs, s.startsWith("/"), parts.toArray(String[]::new));
    }

    /** The absolute, lexically normalized names of this path, for routing to a mount. */
    List<String> absoluteNames() {
        return Arrays.asList(((VfsPath) toAbsolutePath().normalize()).names);
    }

    String absoluteString() {
        return toAbsolutePath().normalize().toString();
    }

    @Override
    public VfsFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public Path getRoot() {
        return absolute ? fs.root() : null;
    }

    @Override
    public Path getFileName() {
        return names.length == 0 ? null : new VfsPath(fs, false, new String[] {names[names.length - 1]});
    }

    @Override
    public Path getParent() {
        if (names.length == 0 || (names.length == 1 && !absolute)) {
            return names.length == 1 && absolute ? fs.root() : null;
        }
        return new VfsPath(fs, absolute, Arrays.copyOf(names, names.length - 1));
    }

    @Override
    public int getNameCount() {
        return names.length;
    }

    @Override
    public Path getName(int index) {
        return new VfsPath(fs, false, new String[] {names[index]});
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return new VfsPath(fs, false, Arrays.copyOfRange(names, beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        if (!(other instanceof VfsPath o) || o.fs != fs || o.absolute != absolute || o.names.length > names.length) {
            return false;
        }
        return Arrays.equals(names, 0, o.names.length, o.names, 0, o.names.length);
    }

    @Override
    public boolean endsWith(Path other) {
        if (!(other instanceof VfsPath o) || o.fs != fs || o.names.length > names.length
                || (o.absolute && (!absolute || o.names.length != names.length))) {
            return false;
        }
        int off = names.length - o.names.length;
        return Arrays.equals(names, off, names.length, o.names, 0, o.names.length);
    }

    @Override
    public Path normalize() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(".")) {
                continue;
            }
            if (n.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                    continue;
                }
                if (absolute) {
                    continue; // "/.." is "/"
                }
            }
            out.add(n);
        }
        return new VfsPath(fs, absolute, out.toArray(String[]::new));
    }

    @Override
    public Path resolve(Path other) {
        VfsPath o = check(other);
        if (o.absolute) {
            return o;
        }
        if (o.names.length == 0) {
            return this;
        }
        String[] joined = Arrays.copyOf(names, names.length + o.names.length);
        System.arraycopy(o.names, 0, joined, names.length, o.names.length);
        return new VfsPath(fs, absolute, joined);
    }

    @Override
    public Path resolve(String other) {
        return resolve(parse(fs, other));
    }

    @Override
    public Path relativize(Path other) {
        VfsPath o = check(other);
        if (o.absolute != absolute) {
            throw new IllegalArgumentException("cannot relativize " + other + " against " + this);
        }
        int common = 0;
        while (common < names.length && common < o.names.length && names[common].equals(o.names[common])) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = common; i < names.length; i++) {
            out.add("..");
        }
        out.addAll(Arrays.asList(o.names).subList(common, o.names.length));
        return new VfsPath(fs, false, out.toArray(String[]::new));
    }

    /**
     * A {@code file:} URI: VFS paths are the paths programs see (host directories are mounted at
     * their real paths), and tools such as Node's {@code import.meta.url} expect file URLs.
     */
    @Override
    public URI toUri() {
        try {
            return new URI("file", "", absoluteString(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Path toAbsolutePath() {
        return absolute ? this : fs.root().resolve(this);
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return fs.provider().realPath(this);
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("watching files is not supported by the jemception VFS");
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VfsPath p && p.fs == fs && p.absolute == absolute && Arrays.equals(p.names, names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(absolute, Arrays.hashCode(names));
    }

    @Override
    public String toString() {
        String joined = String.join("/", names);
        return absolute ? "/" + joined : joined;
    }

    private VfsPath check(Path other) {
        if (other instanceof VfsPath p && p.fs == fs) {
            return p;
        }
        if (other instanceof VfsPath) {
            throw new ProviderMismatchException("path of another jemception VFS: " + other);
        }
        return parse(fs, other.toString());
    }
}
