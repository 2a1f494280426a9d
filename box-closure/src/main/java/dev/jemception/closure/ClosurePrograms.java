package dev.jemception.closure;

import dev.jemception.closure.internal.ClosureCompiler;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramDirectory;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.util.Map;

/**
 * The Closure Compiler, the version Emscripten 5.0.7 pins, as {@code google-closure-compiler} in {@code /emsdk/closure/bin}
 * (the {@code CLOSURE_COMPILER} of jemception's Emscripten config): emcc runs it for {@code --closure}.
 * Upstream installs it from npm, where it wraps this same compiler; here it is the Java library itself.
 */
public final class ClosurePrograms implements ProgramProvider {

    @Override
    public Map<String, Program> programs() {
        return Map.of(EmsdkLayout.CLOSURE_COMMAND, ClosureCompiler::run);
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of(EmsdkLayout.CLOSURE_BIN, new ProgramDirectory("closure-bin", programs().keySet()));
    }
}
