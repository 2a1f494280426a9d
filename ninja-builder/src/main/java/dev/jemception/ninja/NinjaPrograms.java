package dev.jemception.ninja;

import dev.jemception.ninja.internal.Ninja;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramDirectory;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.util.Map;

/**
 * {@code ninja}: a ninja-compatible builder written in Java, so that a build CMake generates runs
 * with no host tool. It reads ninja's manifests and runs each command as a program of the same
 * session (emcc, emar ...). In {@code /emsdk/ninja/bin}.
 */
public final class NinjaPrograms implements ProgramProvider {

    @Override
    public Map<String, Program> programs() {
        return Map.of("ninja", Ninja::run);
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of(EmsdkLayout.NINJA_BIN, new ProgramDirectory("ninja-bin", programs().keySet()));
    }
}
