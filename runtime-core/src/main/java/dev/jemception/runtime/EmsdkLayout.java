package dev.jemception.runtime;

import java.nio.charset.StandardCharsets;

/**
 * Where each part of the toolchain is in every session: emsdk's layout under {@value #ROOT}, in
 * one place. Each program provider mounts its part at the path named here, and emcc finds them
 * through {@link #emscriptenConfig()}, the {@code .emscripten} the Emscripten payload is built with.
 */
public final class EmsdkLayout {
    public static final String ROOT = "/emsdk";
    /** The Emscripten tree (emcc.py, tools/, src/, system/). */
    public static final String EMSCRIPTEN = ROOT + "/emscripten";
    /** Emscripten's entry points ({@code emcc}, {@code em++} ...), as emsdk puts them on PATH. */
    public static final String EMSCRIPTEN_BIN = ROOT + "/bin";
    /** Emscripten's cache ({@code EM_CACHE}): sysroot headers, prebuilt libraries and ports. */
    public static final String CACHE = ROOT + "/cache";
    /** clang, wasm-ld and the llvm-* tools ({@code LLVM_ROOT}). */
    public static final String LLVM_BIN = ROOT + "/llvm/bin";
    /** binaryen ({@code BINARYEN_ROOT}); emcc runs its tools from {@code bin/} under it. */
    public static final String BINARYEN = ROOT + "/binaryen";
    public static final String BINARYEN_BIN = BINARYEN + "/bin";
    /** {@code node} ({@code NODE_JS}). */
    public static final String NODE_BIN = ROOT + "/node/bin";
    /** The Closure Compiler ({@code CLOSURE_COMPILER}). */
    public static final String CLOSURE_BIN = ROOT + "/closure/bin";
    /** The ninja-compatible builder CMake's Ninja generator runs. */
    public static final String NINJA_BIN = ROOT + "/ninja/bin";
    /** CMake: {@code bin/cmake}, its modules in {@code share/cmake-3.31}, jemception's toolchain in {@code share/jemception}. */
    public static final String CMAKE = ROOT + "/cmake";
    public static final String CMAKE_BIN = CMAKE + "/bin";
    public static final String CMAKE_SHARE = CMAKE + "/share";
    /** Emscripten's CMake toolchain file (what emcmake passes as {@code CMAKE_TOOLCHAIN_FILE}). */
    public static final String EMSCRIPTEN_TOOLCHAIN = EMSCRIPTEN + "/cmake/Modules/Platform/Emscripten.cmake";
    /** The Python home emcc.py runs with ({@code bin/python3} under it). */
    public static final String PYTHON_HOME = ROOT + "/python";
    /** GraalPy's bytecode of the modules Python imports ({@code sys.pycache_prefix}). */
    public static final String PYCACHE = ROOT + "/pycache";

    /** The name of Closure's command in {@link #CLOSURE_BIN}. */
    public static final String CLOSURE_COMMAND = "google-closure-compiler";

    private EmsdkLayout() {}

    /**
     * Emscripten's configuration, {@code .emscripten} in {@link #EMSCRIPTEN}: every tool it names is
     * a jemception program; the files at these paths only mark where emcc expects them.
     */
    public static byte[] emscriptenConfig() {
        return ("# Emscripten configuration for jemception: every tool below is a jemception program, served\n"
                + "# inside the JVM; the files at these paths only mark where emcc expects them.\n"
                + "LLVM_ROOT = '" + LLVM_BIN + "'\n"
                + "BINARYEN_ROOT = '" + BINARYEN + "'\n"
                + "NODE_JS = '" + NODE_BIN + "/node'\n"
                + "CLOSURE_COMPILER = '" + CLOSURE_BIN + "/" + CLOSURE_COMMAND + "'\n"
                + "CACHE = '" + CACHE + "'\n").getBytes(StandardCharsets.UTF_8);
    }
}
