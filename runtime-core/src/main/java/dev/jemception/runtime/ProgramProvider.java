package dev.jemception.runtime;

import dev.jemception.vfs.ReadOnlyTree;
import java.util.Map;

/**
 * Contributes programs, and the read-only payload they need, to every {@link Toolchain}. Found
 * with {@link java.util.ServiceLoader}: each box module (box-llvm, ...) provides one.
 */
public interface ProgramProvider {

    /** Programs by command name. */
    Map<String, Program> programs();

    /** Read-only trees to mount in every session, by absolute mount point. */
    Map<String, ReadOnlyTree> mounts() throws java.io.IOException;

    /**
     * Read-only trees to mount in every session with a private in-memory layer on top, for
     * directories programs write to (a compiler cache seeded from a pack), by mount point.
     */
    default Map<String, ReadOnlyTree> writableMounts() throws java.io.IOException {
        return Map.of();
    }

    /**
     * Loads, in the calling thread, what the programs' first run on {@code engine} would load
     * (compiled code), for the whole JVM: a process calls it at start ({@link Toolchain#warmUpInBackground}).
     */
    default void warmUp(WasmEngine engine) {}
}
