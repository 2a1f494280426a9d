package dev.jemception.runtime;

/**
 * A command that runs like an operating-system process: it gets argv, env, cwd and standard
 * streams through a {@link ProcessContext} and returns an exit code. Every jemception tool
 * (clang, wasm-ld, python, node, wasm-opt ...) is one; a program runs other programs through
 * {@link ProcessContext#run}.
 */
@FunctionalInterface
public interface Program {

    /**
     * Runs the program to completion and returns its exit code. A program reports its own errors
     * on {@code stderr}; an exception thrown here is reported by the session as an internal error
     * with exit code 1.
     */
    int run(ProcessContext process) throws Exception;
}
