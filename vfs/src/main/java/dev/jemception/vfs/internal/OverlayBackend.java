package dev.jemception.vfs.internal;

import dev.jemception.vfs.FileAccessListener;
import dev.jemception.vfs.ReadOnlyTree;
import dev.jemception.vfs.ReadOnlyTree.Kind;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessMode;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only tree with a writable in-memory layer on top (an overlay): reads fall through to the
 * tree, new and changed files live in memory, the tree is never modified. The tree's directories
 * are recreated in memory up front, so a file can be created in any of them without copying
 * directories up lazily. A file of the tree opened for writing is copied up first; deleting one
 * is refused.
 */
final class OverlayBackend implements Backend {
    private final PathBackend upper;
    private final TreeBackend lower;
    private final ReadOnlyTree tree;

    /** @param upperOrigin MEMORY for a session's own layer, HOST for a persistent one on disk */
    OverlayBackend(Path upperRoot, FileAccessListener.Origin upperOrigin, ReadOnlyTree tree, String mountPoint, int device)
            throws IOException {
        Files.createDirectories(upperRoot);
        copyDirectories(tree, "", upperRoot);
        this.upper = new PathBackend(upperRoot, false, upperOrigin);
        this.lower = new TreeBackend(tree, mountPoint, device);
        this.tree = tree;
    }

    private static void copyDirectories(ReadOnlyTree tree, String dir, Path target) throws IOException {
        for (String name : tree.list(dir)) {
            String child = dir.isEmpty() ? name : dir + "/" + name;
            var node = tree.stat(child);
            if (node != null && node.kind() == Kind.DIRECTORY) {
                Path sub = target.resolve(name);
                Files.createDirectories(sub);
                copyDirectories(tree, child, sub);
            }
        }
    }

    private boolean inUpper(String rel) {
        return Files.exists(upper.underlying(rel), LinkOption.NOFOLLOW_LINKS);
    }

    private boolean inLower(String rel) {
        return tree.stat(rel) != null;
    }

    /** Where an existing path is served from; a new path is created in memory. */
    private Backend layer(String rel) {
        return inUpper(rel) || !inLower(rel) ? upper : lower;
    }

    @Override
    public FileChannel open(String rel, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        var node = tree.stat(rel);
        if (writes && node != null && node.kind() == Kind.FILE && !inUpper(rel)) {
            if (options.contains(StandardOpenOption.CREATE_NEW)) {
                throw new FileAlreadyExistsException(rel);
            }
            try (var in = Channels.newInputStream(lower.open(rel, Set.of(StandardOpenOption.READ)))) {
                Files.copy(in, upper.underlying(rel));
            }
        }
        return layer(rel).open(rel, options, attrs);
    }

    @Override
    public List<String> list(String rel) throws IOException {
        var names = new LinkedHashSet<String>();
        if (inUpper(rel)) {
            names.addAll(upper.list(rel));
        }
        if (inLower(rel)) {
            names.addAll(lower.list(rel));
        }
        return List.copyOf(names.isEmpty() ? layer(rel).list(rel) : names);
    }

    @Override
    public Map<String, Object> readAttributes(String rel, String attributes, boolean follow) throws IOException {
        return layer(rel).readAttributes(rel, attributes, follow);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(String rel, Class<A> type, boolean follow) throws IOException {
        return layer(rel).readAttributes(rel, type, follow);
    }

    @Override
    public <V extends FileAttributeView> V view(String rel, Class<V> type, boolean follow) {
        return layer(rel).view(rel, type, follow);
    }

    @Override
    public void setAttribute(String rel, String attribute, Object value, boolean follow) throws IOException {
        layer(rel).setAttribute(rel, attribute, value, follow);
    }

    @Override
    public void createDirectory(String rel, FileAttribute<?>... attrs) throws IOException {
        if (inLower(rel)) {
            throw new FileAlreadyExistsException(rel);
        }
        upper.createDirectory(rel, attrs);
    }

    @Override
    public void delete(String rel) throws IOException {
        // The tree's files and directories stay: only what was written in memory can go.
        (inLower(rel) ? lower : upper).delete(rel);
    }

    @Override
    public String readLink(String rel) throws IOException {
        return layer(rel).readLink(rel);
    }

    @Override
    public void createSymlink(String rel, String target, FileAttribute<?>... attrs) throws IOException {
        if (inLower(rel)) {
            throw new FileAlreadyExistsException(rel);
        }
        upper.createSymlink(rel, target, attrs);
    }

    @Override
    public void checkAccess(String rel, AccessMode... modes) throws IOException {
        layer(rel).checkAccess(rel, modes);
    }

    @Override
    public FileAccessListener.Origin origin(String rel) {
        return layer(rel).origin(rel);
    }

    @Override
    public Path underlying(String rel) {
        return layer(rel) == upper ? upper.underlying(rel) : null;
    }

    @Override
    public String redirect(String mountPoint, String rel, boolean followLast) {
        return inUpper(rel) ? null : lower.redirect(mountPoint, rel, followLast);
    }
}
