package dev.jemception.vfs.internal;

import dev.jemception.vfs.ReadOnlyTree;
import dev.jemception.vfs.ReadOnlyTree.Kind;
import dev.jemception.vfs.ReadOnlyTree.Node;
import dev.jemception.vfs.FileAccessListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link ReadOnlyTree} (a pack) mounted into the VFS. */
final class TreeBackend implements Backend {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final ReadOnlyTree tree;
    private final String mountPoint;
    private final int device;

    TreeBackend(ReadOnlyTree tree, String mountPoint, int device) {
        this.tree = tree;
        this.mountPoint = mountPoint;
        this.device = device;
    }

    private String display(String rel) {
        return rel.isEmpty() ? mountPoint : mountPoint.equals("/") ? "/" + rel : mountPoint + "/" + rel;
    }

    private Node node(String rel) throws NoSuchFileException {
        Node n = tree.stat(rel);
        if (n == null) {
            throw new NoSuchFileException(display(rel));
        }
        return n;
    }

    private AccessDeniedException readOnly(String rel) {
        return new AccessDeniedException(display(rel), null, "read-only file system (" + tree.name() + ")");
    }

    @Override
    public FileChannel open(String rel, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        Node n = tree.stat(rel);
        boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        if (n == null) {
            if (options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW)) {
                throw readOnly(rel);
            }
            throw new NoSuchFileException(display(rel));
        }
        if (options.contains(StandardOpenOption.CREATE_NEW)) {
            throw new FileAlreadyExistsException(display(rel));
        }
        if (writes) {
            throw readOnly(rel);
        }
        if (n.kind() == Kind.DIRECTORY) {
            throw new IOException(display(rel) + ": is a directory");
        }
        return new ReadOnlyFileChannel(tree.read(rel));
    }

    @Override
    public List<String> list(String rel) throws IOException {
        if (node(rel).kind() != Kind.DIRECTORY) {
            throw new NotDirectoryException(display(rel));
        }
        return tree.list(rel);
    }

    @Override
    public Map<String, Object> readAttributes(String rel, String attributes, boolean follow) throws IOException {
        Attributes a = new Attributes(node(rel), inode(rel));
        String view = attributes.contains(":") ? attributes.substring(0, attributes.indexOf(':')) : "basic";
        String names = attributes.contains(":") ? attributes.substring(attributes.indexOf(':') + 1) : attributes;
        if (!Set.of("basic", "posix", "unix").contains(view)) {
            throw new UnsupportedOperationException("attribute view '" + view + "' is not supported");
        }
        Map<String, Object> all = new HashMap<>();
        all.put("size", a.size());
        all.put("lastModifiedTime", EPOCH);
        all.put("lastAccessTime", EPOCH);
        all.put("creationTime", EPOCH);
        all.put("isRegularFile", a.isRegularFile());
        all.put("isDirectory", a.isDirectory());
        all.put("isSymbolicLink", a.isSymbolicLink());
        all.put("isOther", false);
        all.put("fileKey", a.fileKey());
        if (!view.equals("basic")) {
            all.put("permissions", a.permissions());
            all.put("owner", a.owner());
            all.put("group", a.group());
        }
        if (view.equals("unix")) {
            all.put("dev", (long) device);
            all.put("ino", inode(rel));
            all.put("nlink", 1);
            all.put("mode", a.node.mode() | typeBits(a.node.kind()));
            all.put("uid", 0);
            all.put("gid", 0);
            all.put("rdev", 0L);
            all.put("ctime", EPOCH);
        }
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> selected = new HashMap<>();
        for (String name : names.split(",")) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("unknown attribute '" + name + "'");
            }
            selected.put(name, all.get(name));
        }
        return selected;
    }

    private static int typeBits(Kind kind) {
        return switch (kind) {
            case FILE -> 0100000;
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
        };
    }

    private long inode(String rel) {
        return rel.hashCode() & 0xffffffffL | 1L << 32;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(String rel, Class<A> type, boolean follow) throws IOException {
        if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
            throw new UnsupportedOperationException(type.getSimpleName() + " is not supported");
        }
        return (A) new Attributes(node(rel), inode(rel));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V view(String rel, Class<V> type, boolean follow) {
        if (type != BasicFileAttributeView.class && type != PosixFileAttributeView.class) {
            return null;
        }
        return (V) new View(rel);
    }

    @Override
    public void setAttribute(String rel, String attribute, Object value, boolean follow) throws IOException {
        throw readOnly(rel);
    }

    @Override
    public void createDirectory(String rel, FileAttribute<?>... attrs) throws IOException {
        if (tree.stat(rel) != null) {
            throw new FileAlreadyExistsException(display(rel));
        }
        throw readOnly(rel);
    }

    @Override
    public void delete(String rel) throws IOException {
        node(rel);
        throw readOnly(rel);
    }

    @Override
    public String readLink(String rel) throws IOException {
        Node n = node(rel);
        if (n.kind() != Kind.SYMLINK) {
            throw new NotLinkException(display(rel));
        }
        return n.linkTarget();
    }

    @Override
    public void createSymlink(String rel, String target, FileAttribute<?>... attrs) throws IOException {
        throw readOnly(rel);
    }

    @Override
    public void checkAccess(String rel, AccessMode... modes) throws IOException {
        Node n = node(rel);
        for (AccessMode m : modes) {
            if (m == AccessMode.WRITE) {
                throw readOnly(rel);
            }
            if (m == AccessMode.EXECUTE && (n.mode() & 0111) == 0) {
                throw new AccessDeniedException(display(rel));
            }
        }
    }

    @Override
    public Path underlying(String rel) {
        return null;
    }

    @Override
    public FileAccessListener.Origin origin(String rel) {
        return FileAccessListener.Origin.PACK;
    }

    @Override
    public String redirect(String mountPoint, String rel, boolean followLast) {
        if (rel.isEmpty()) {
            return null;
        }
        String[] names = rel.split("/");
        var prefix = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            String parent = prefix.toString();
            prefix.append(i == 0 ? "" : "/").append(names[i]);
            if (i == names.length - 1 && !followLast) {
                return null;
            }
            Node n = tree.stat(prefix.toString());
            if (n == null) {
                return null;
            }
            if (n.kind() == Kind.SYMLINK) {
                String rest = String.join("/", Arrays.copyOfRange(names, i + 1, names.length));
                String base = n.linkTarget().startsWith("/") ? n.linkTarget()
                        : mountPoint + "/" + parent + "/" + n.linkTarget();
                return rest.isEmpty() ? base : base + "/" + rest;
            }
        }
        return null;
    }

    private final class View implements PosixFileAttributeView {
        private final String rel;

        View(String rel) {
            this.rel = rel;
        }

        @Override
        public String name() {
            return "posix";
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            return new Attributes(node(rel), inode(rel));
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
            throw readOnly(rel);
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
            throw readOnly(rel);
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            throw readOnly(rel);
        }

        @Override
        public UserPrincipal getOwner() {
            return Owner.ROOT;
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            throw readOnly(rel);
        }
    }

    private enum Owner implements GroupPrincipal {
        ROOT;

        @Override
        public String getName() {
            return "root";
        }
    }

    private record Attributes(Node node, long inode) implements PosixFileAttributes {
        @Override
        public FileTime lastModifiedTime() {
            return EPOCH;
        }

        @Override
        public FileTime lastAccessTime() {
            return EPOCH;
        }

        @Override
        public FileTime creationTime() {
            return EPOCH;
        }

        @Override
        public boolean isRegularFile() {
            return node.kind() == Kind.FILE;
        }

        @Override
        public boolean isDirectory() {
            return node.kind() == Kind.DIRECTORY;
        }

        @Override
        public boolean isSymbolicLink() {
            return node.kind() == Kind.SYMLINK;
        }

        @Override
        public boolean isOther() {
            return false;
        }

        @Override
        public long size() {
            return node.size();
        }

        @Override
        public Object fileKey() {
            return inode;
        }

        @Override
        public UserPrincipal owner() {
            return Owner.ROOT;
        }

        @Override
        public GroupPrincipal group() {
            return Owner.ROOT;
        }

        @Override
        public Set<PosixFilePermission> permissions() {
            var perms = new ArrayList<PosixFilePermission>();
            PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
            for (int bit = 0; bit < 9; bit++) {
                if ((node.mode() & (0400 >> bit)) != 0) {
                    perms.add(all[bit]);
                }
            }
            return Set.copyOf(perms);
        }
    }
}
