package dev.jemception.node.internal;

import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.vfs.ReadOnlyTree;
import dev.jemception.runtime.ProgramDirectory;
import java.util.Map;
import java.util.Set;

/** Where the Node.js shim and the {@code node} command are mounted: shared by every session. */
public final class ShimMount {
    /** Where {@code node} is on disk, for programs that look for it there (emcc's NODE_JS). */

    private static final ReadOnlyTree TREE = new ShimTree();
    private static final ReadOnlyTree BIN = new ProgramDirectory("node-bin", Set.of("node"));

    private ShimMount() {}

    public static Map<String, ReadOnlyTree> mounts() {
        return Map.of(NodeFileSystem.SHIM_DIR, TREE, EmsdkLayout.NODE_BIN, BIN);
    }
}
