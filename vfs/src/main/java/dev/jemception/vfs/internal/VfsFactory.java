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

    /** A read-only tree to mount with a writable layer on top: in memory, or in {@code upper} on the host. */
    public record Overlay(ReadOnlyTree tree, Path upper) {}

    /** @param mounts mount point to {@link ReadOnlyTree}, {@link Overlay} or host {@link Path} */
    public static FileSystem create(FileSystem memory, Map<String, Object> mounts) throws IOException {
        List<Mount> table = new ArrayList<>();
        table.add(new Mount("/", List.of(), new PathBackend(memory.getPath("/"), false, Origin.MEMORY)));
        int device = 1;
        for (var e : mounts.entrySet()) {
            String point = e.getKey();
            List<String> names = point.equals("/") ? List.of() : Arrays.asList(point.substring(1).split("/"));
            Backend backend = switch (e.getValue()) {
                case ReadOnlyTree tree -> new TreeBackend(tree, point, ++device);
                case Overlay overlay -> overlay.upper() == null
                        ? new OverlayBackend(memory.getPath(point), Origin.MEMORY, overlay.tree(), point, ++device)
                        : new OverlayBackend(overlay.upper(), Origin.HOST, overlay.tree(), point, ++device);
                case Path host -> new PathBackend(host, true, Origin.HOST);
                default -> throw new IllegalArgumentException("cannot mount " + e.getValue());
            };
            table.add(new Mount(point, List.copyOf(names), backend));
        }
        return new VfsFileSystem(table, memory);
    }
}
