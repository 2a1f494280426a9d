package dev.jemception.runtime;

import java.util.function.Function;

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

    /**
     * Whether the result cache may record this run and replay it for the same inputs: only where
     * the files a run writes, its output and exit code follow from its command line, working
     * directory, environment and the files it reads. Default: never.
     */
    default Replay replay(ProcessContext process) {
        return Replay.NEVER;
    }

    /** {@code program} with the result cache allowed to replay its runs as {@code policy} says. */
    static Program replayable(Program program, Function<ProcessContext, Replay> policy) {
        return new Program() {
            @Override
            public int run(ProcessContext process) throws Exception {
                return program.run(process);
            }

            @Override
            public Replay replay(ProcessContext process) {
                return policy.apply(process);
            }
        };
    }
}
