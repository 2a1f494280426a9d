package dev.jemception.vfs.internal;

import dev.jemception.vfs.FileAccessListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessMode;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is mounted at a mount point. Paths are relative to the mount point, normalized, without a
 * leading slash ({@code ""} is the mount point itself).
 */
interface Backend {

    FileChannel open(String rel, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException;

    List<String> list(String rel) throws IOException;

    Map<String, Object> readAttributes(String rel, String attributes, boolean follow) throws IOException;

    <A extends BasicFileAttributes> A readAttributes(String rel, Class<A> type, boolean follow) throws IOException;

    <V extends FileAttributeView> V view(String rel, Class<V> type, boolean follow);

    void setAttribute(String rel, String attribute, Object value, boolean follow) throws IOException;

    void createDirectory(String rel, FileAttribute<?>... attrs) throws IOException;

    void delete(String rel) throws IOException;

    String readLink(String rel) throws IOException;

    void createSymlink(String rel, String target, FileAttribute<?>... attrs) throws IOException;

    void checkAccess(String rel, AccessMode... modes) throws IOException;

    /** Where {@code rel} is served from, for {@link dev.jemception.vfs.FileAccessListener}s. */
    FileAccessListener.Origin origin(String rel);

    /** The path in the backing java.nio file system, or null when there is none (packs). */
    Path underlying(String rel);

    /**
     * Where {@code rel} really is when a symlink inside this backend must be followed by the VFS
     * itself: the absolute VFS path to continue with, or null when nothing needs following.
     */
    String redirect(String mountPoint, String rel, boolean followLast);
}
