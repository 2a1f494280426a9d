package dev.jemception.node.internal;

import dev.jemception.vfs.ReadOnlyTree;
import java.util.Map;

/** Where the Node.js shim is mounted: one tree shared by every session. */
public final class ShimMount {
    private static final ReadOnlyTree TREE = new ShimTree();

    private ShimMount() {}

    public static Map<String, ReadOnlyTree> mounts() {
        return Map.of(NodeFileSystem.SHIM_DIR, TREE);
    }
}
