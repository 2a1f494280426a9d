package dev.jemception.vfs.internal;

import dev.jemception.vfs.FileAccessListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directory of another java.nio file system mounted into the VFS: the in-memory layer (Jimfs)
 * or a host directory. For host directories, a path whose real location (after the host's own
 * symlinks) lies outside the mounted directory is refused, so a symlink cannot leak host files.
 */
final class PathBackend implements Backend {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};

    private final Path root;
    private final Path realRoot;
    private final FileAccessListener.Origin origin;

    /** @param confine whether to refuse paths that resolve outside {@code root} (host mounts) */
    PathBackend(Path root, boolean confine, FileAccessListener.Origin origin) throws IOException {
        this.root = root;
        this.realRoot = confine ? root.toRealPath() : null;
        this.origin = origin;
    }

    @Override
    public FileAccessListener.Origin origin(String rel) {
        return origin;
    }

    @Override
    public Path underlying(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    private Path confined(String rel) throws IOException {
        Path p = underlying(rel);
        if (realRoot != null) {
            // Check the deepest existing ancestor: new files are created inside checked directories.
            Path existing = p;
            while (existing != null && !Files.exists(existing, NOFOLLOW)) {
                existing = existing.getParent();
            }
            if (existing != null && Files.exists(existing) && !existing.toRealPath().startsWith(realRoot)) {
                // Outside the sandbox: as invisible as any other unmounted host file.
                throw new NoSuchFileException(p.toString(), null, "resolves outside the mounted directory");
            }
        }
        return p;
    }

    @Override
    public FileChannel open(String rel, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        return FileChannel.open(confined(rel), options, attrs);
    }

    @Override
    public List<String> list(String rel) throws IOException {
        List<String> names = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(confined(rel))) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public Map<String, Object> readAttributes(String rel, String attributes, boolean follow) throws IOException {
        Path p = confined(rel);
        Map<String, Object> read = Files.readAttributes(p, attributes, links(follow));
        boolean modeWithoutType = read.get("mode") instanceof Integer mode && (mode & 0170000) == 0;
        if (!modeWithoutType && UNIX_LONGS.stream().noneMatch(k -> read.get(k) instanceof Integer)) {
            return read;
        }
        // Jimfs's "unix" view gives inode and device numbers as Integer and the mode without the
        // file type; the view's contract (and GraalVM's stat) wants Long and st_mode.
        Map<String, Object> fixed = new HashMap<>(read);
        UNIX_LONGS.forEach(k -> fixed.computeIfPresent(k, (key, v) -> ((Number) v).longValue()));
        if (modeWithoutType) {
            var basic = Files.readAttributes(p, BasicFileAttributes.class, links(follow));
            int type = basic.isDirectory() ? 0040000 : basic.isSymbolicLink() ? 0120000 : basic.isRegularFile() ? 0100000 : 0;
            fixed.put("mode", (Integer) read.get("mode") | type);
        }
        return fixed;
    }

    private static final List<String> UNIX_LONGS = List.of("ino", "dev", "rdev");

    @Override
    public <A extends BasicFileAttributes> A readAttributes(String rel, Class<A> type, boolean follow) throws IOException {
        return Files.readAttributes(confined(rel), type, links(follow));
    }

    @Override
    public <V extends FileAttributeView> V view(String rel, Class<V> type, boolean follow) {
        return Files.getFileAttributeView(underlying(rel), type, links(follow));
    }

    @Override
    public void setAttribute(String rel, String attribute, Object value, boolean follow) throws IOException {
        Files.setAttribute(confined(rel), attribute, value, links(follow));
    }

    @Override
    public void createDirectory(String rel, FileAttribute<?>... attrs) throws IOException {
        Files.createDirectory(confined(rel), attrs);
    }

    @Override
    public void delete(String rel) throws IOException {
        if (rel.isEmpty()) {
            throw new AccessDeniedException("/", null, "a mount point cannot be deleted");
        }
        Files.delete(confined(rel));
    }

    @Override
    public String readLink(String rel) throws IOException {
        return Files.readSymbolicLink(confined(rel)).toString();
    }

    @Override
    public void createSymlink(String rel, String target, FileAttribute<?>... attrs) throws IOException {
        Files.createSymbolicLink(confined(rel), root.getFileSystem().getPath(target), attrs);
    }

    @Override
    public void checkAccess(String rel, AccessMode... modes) throws IOException {
        Path p = confined(rel);
        if (!Files.exists(p, NOFOLLOW)) {
            throw new NoSuchFileException(p.toString());
        }
        p.getFileSystem().provider().checkAccess(p, modes);
    }

    @Override
    public String redirect(String mountPoint, String rel, boolean followLast) {
        return null; // the backing file system follows its own symlinks
    }

    private static LinkOption[] links(boolean follow) {
        return follow ? FOLLOW : NOFOLLOW;
    }
}
