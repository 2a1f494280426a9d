package dev.jemception.node;

import dev.jemception.node.internal.NodeRunner;
import dev.jemception.node.internal.ShimMount;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.Replay;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.util.Map;

/**
 * {@code node}: GraalJS with a Node.js API shim, enough for Emscripten's JavaScript tools. The shim
 * is mounted read-only in every session.
 */
public final class NodePrograms implements ProgramProvider {
    @Override
    public Map<String, Program> programs() {
        // Emscripten's JS compiler: its output follows from the settings emcc pipes in and the files it reads
        return Map.of("node", Program.replayable(NodeRunner::run, process ->
                process.args().stream().anyMatch(a -> a.endsWith("/compiler.mjs"))
                        ? Replay.FILES_AND_STDIN : Replay.NEVER));
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return ShimMount.mounts();
    }
}
