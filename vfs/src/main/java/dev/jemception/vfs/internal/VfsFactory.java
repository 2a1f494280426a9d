package dev.jemception.vfs.internal;

import dev.jemception.vfs.FileAccessListener.Origin;
import dev.jemception.vfs.ReadOnlyTree;
import dev.jemception.vfs.internal.VfsFileSystem.Mount;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Assembles a {@link VfsFileSystem} from the mounts collected by {@link dev.jemception.vfs.Vfs}. */
public final class VfsFactory {
    private VfsFactory() {}

    /** What one mount point serves. */
    public sealed interface Source permits Tree, Overlay, Host {}

    /** A read-only tree. */
    public record Tree(ReadOnlyTree tree) implements Source {}

    /** A read-only tree with a writable layer on top: in memory, or in {@code upper} on the host. */
    public record Overlay(ReadOnlyTree tree, Path upper) implements Source {}

    /** A host directory, read-write. */
    public record Host(Path directory) implements Source {}

    public static FileSystem create(FileSystem memory, Map<String, Source> mounts) throws IOException {
        List<Mount> table = new ArrayList<>();
        table.add(new Mount("/", List.of(), new PathBackend(memory.getPath("/"), false, Origin.MEMORY)));
        int device = 1;
        for (var e : mounts.entrySet()) {
            String point = e.getKey();
            List<String> names = point.equals("/") ? List.of() : Arrays.asList(point.substring(1).split("/"));
            Backend backend = switch (e.getValue()) {
                case Tree tree -> new TreeBackend(tree.tree(), point, ++device);
                case Overlay overlay -> overlay.upper() == null
                        ? new OverlayBackend(memory.getPath(point), Origin.MEMORY, overlay.tree(), point, ++device)
                        : new OverlayBackend(overlay.upper(), Origin.HOST, overlay.tree(), point, ++device);
                case Host host -> new PathBackend(host.directory(), true, Origin.HOST);
            };
            table.add(new Mount(point, List.copyOf(names), backend));
        }
        return new VfsFileSystem(table, memory);
    }
}
