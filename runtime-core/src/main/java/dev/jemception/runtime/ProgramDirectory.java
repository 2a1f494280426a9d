package dev.jemception.runtime;

import dev.jemception.vfs.ReadOnlyTree;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A read-only {@code bin} directory with one small executable file per program name. Tools that
 * look for a program on disk before running it (emcc checks that {@code LLVM_ROOT/clang} exists)
 * find it there; running that path runs the program of that name, as the registry looks programs
 * up by basename.
 */
public final class ProgramDirectory implements ReadOnlyTree {
    private final String name;
    private final List<String> programs;

    public ProgramDirectory(String name, Set<String> programs) {
        this.name = name;
        this.programs = List.copyOf(new TreeSet<>(programs));
    }

    private static byte[] marker(String program) {
        return ("#!/bin/false\n# jemception program '" + program + "': it runs inside the JVM.\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Node stat(String path) {
        if (path.isEmpty()) {
            return new Node(Kind.DIRECTORY, 0555, 0, null);
        }
        return programs.contains(path) ? new Node(Kind.FILE, 0555, marker(path).length, null) : null;
    }

    @Override
    public List<String> list(String path) {
        return path.isEmpty() ? programs : List.of();
    }

    @Override
    public ByteBuffer read(String path) throws NoSuchFileException {
        if (!programs.contains(path)) {
            throw new NoSuchFileException(path);
        }
        return ByteBuffer.wrap(marker(path)).asReadOnlyBuffer();
    }
}
