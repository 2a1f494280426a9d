package dev.jemception.runtime;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the result cache may do with a run of a program ({@link Program#replay}): always run it,
 * or record a successful run and replay it for the same inputs. A program whose output follows from
 * its command line, working directory, environment and the files it reads may be replayed; one that
 * writes more files than its {@code -o} names, or leaves scratch files under names it makes up anew
 * each run, says which.
 *
 * @param allowed        whether runs are recorded and replayed at all
 * @param stdinIsInput   standard input is read in full first and is part of the inputs (otherwise a
 *                       run that reads it is not recorded)
 * @param derivedOutputs from the arguments and the absolute path {@code -o} names, the other files
 *                       a run writes beside it: a record lacking one is not whole
 * @param scratchDir     from the environment, the directory where the run makes scratch files, or
 *                       null: none
 * @param scratchNames   the names it makes there (a file or directory directly in {@code scratchDir})
 * @param toolchainCache an absolute directory where the program keeps what it derives from the
 *                       toolchain alone (an interpreter's bytecode of the payload's modules), or
 *                       null: none. Whatever it finds or leaves there, its output is the same
 */
public record Replay(boolean allowed, boolean stdinIsInput,
        BiFunction<List<String>, String, List<String>> derivedOutputs,
        Function<Map<String, String>, String> scratchDir, Pattern scratchNames, String toolchainCache) {
    private static final BiFunction<List<String>, String, List<String>> NONE_DERIVED = (args, target) -> List.of();

    /** Always run it. */
    public static final Replay NEVER = new Replay(false, false, NONE_DERIVED, env -> null, null, null);
    /** Record a successful run that read no standard input; replay it for the same inputs. */
    public static final Replay FILES = new Replay(true, false, NONE_DERIVED, env -> null, null, null);
    /** As {@link #FILES}, with standard input read in full first and part of the inputs. */
    public static final Replay FILES_AND_STDIN = new Replay(true, true, NONE_DERIVED, env -> null, null, null);

    /** This policy, with the run writing {@code derived} files beside its {@code -o} file. */
    public Replay derivingOutputs(BiFunction<List<String>, String, List<String>> derived) {
        return new Replay(allowed, stdinIsInput, derived, scratchDir, scratchNames, toolchainCache);
    }

    /** This policy, with the run leaving scratch files named {@code names} in {@code dir}: neither inputs nor outputs. */
    public Replay withScratch(Function<Map<String, String>, String> dir, Pattern names) {
        return new Replay(allowed, stdinIsInput, derivedOutputs, dir, names, toolchainCache);
    }

    /** This policy, with the run keeping what it derives from the toolchain in {@code dir}: neither inputs nor outputs. */
    public Replay withToolchainCache(String dir) {
        return new Replay(allowed, stdinIsInput, derivedOutputs, scratchDir, scratchNames, dir);
    }
}
