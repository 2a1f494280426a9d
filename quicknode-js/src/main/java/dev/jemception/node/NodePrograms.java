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
        // Emscripten's JS compiler and JS optimizer: their output follows from their arguments, the
        // files they read and, for the compiler, the settings emcc pipes in (the optimizer inherits
        // emcc's stdin and never reads it: it must not be consumed). A change to a program's C++
        // seldom changes the JS around it, so an -O2 link's optimizer run (2-3 s) is mostly replayed.
        return Map.of("node", Program.replayable(NodeRunner::run, process -> {
            if (process.args().stream().anyMatch(a -> a.endsWith("/compiler.mjs"))) {
                return Replay.FILES_AND_STDIN;
            }
            return process.args().stream().anyMatch(a -> a.endsWith("/acorn-optimizer.mjs")) ? Replay.FILES : Replay.NEVER;
        }));
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return ShimMount.mounts();
    }
}
