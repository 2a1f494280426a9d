package dev.jemception.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds a program by its command name ({@code clang}) or by any path ending in that name
 * ({@code /usr/bin/clang}, {@code $LLVM_ROOT/clang++}): like a shell whose PATH holds every
 * jemception program. Immutable.
 */
public final class ProgramRegistry {
    private final Map<String, Program> programs;

    ProgramRegistry(Map<String, Program> programs) {
        this.programs = Map.copyOf(programs);
    }

    /** The program a command runs, if jemception has one by that name. */
    public Optional<Program> find(String command) {
        return Optional.ofNullable(programs.get(commandName(command)));
    }

    /** The names of every program, sorted. */
    public Set<String> names() {
        return new TreeMap<>(programs).keySet();
    }

    /** The basename of a command path: {@code /emsdk/llvm/bin/clang++} gives {@code clang++}. */
    public static String commandName(String command) {
        String name = command.substring(command.lastIndexOf('/') + 1);
        return name.endsWith(".exe") ? name.substring(0, name.length() - 4) : name;
    }
}
