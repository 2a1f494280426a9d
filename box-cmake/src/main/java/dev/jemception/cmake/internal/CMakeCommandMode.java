package dev.jemception.cmake.internal;

import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code cmake -E}'s file commands that CMake's generated build steps run most (remove a library
 * before archiving it, touch a stamp, copy a header), in Java: a build step is then a file
 * operation, not a start of CMake's module. The other commands are CMake's own.
 */
final class CMakeCommandMode {
    private static final Set<String> COMMANDS = Set.of("rm", "remove", "touch", "touch_nocreate", "make_directory",
            "copy", "copy_if_different", "echo", "echo_append", "true", "false");

    private CMakeCommandMode() {}

    /** Whether {@code args} (after the command name) is a {@code cmake -E} command this class runs. */
    static boolean handles(List<String> args) {
        return args.size() >= 2 && args.get(0).equals("-E") && COMMANDS.contains(args.get(1));
    }

    static int run(ProcessContext process) throws IOException {
        var err = new PrintStream(process.stderr(), true, StandardCharsets.UTF_8);
        List<String> args = process.args();
        Path cwd = process.fs().getPath(process.cwd());
        String command = args.get(1);
        List<String> operands = args.subList(2, args.size());
        switch (command) {
            case "rm", "remove" -> {
                boolean force = false;
                boolean recursive = false;
                int i = 0;
                for (; i < operands.size() && operands.get(i).startsWith("-") && !operands.get(i).equals("--"); i++) {
                    force |= operands.get(i).contains("f");
                    recursive |= operands.get(i).contains("r") || operands.get(i).contains("R");
                }
                if (i < operands.size() && operands.get(i).equals("--")) {
                    i++;
                }
                int code = 0;
                for (String name : operands.subList(i, operands.size())) {
                    Path p = cwd.resolve(name);
                    if (recursive && Files.isDirectory(p)) {
                        try (Stream<Path> tree = Files.walk(p)) {
                            for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                                Files.delete(q);
                            }
                        }
                    } else if (!Files.deleteIfExists(p) && !force && command.equals("rm")) {
                        err.println("CMake Error: File to remove does not exist:\n " + name);
                        code = 1;
                    }
                }
                return code;
            }
            case "touch", "touch_nocreate" -> {
                for (String name : operands) {
                    Path p = cwd.resolve(name);
                    if (Files.exists(p)) {
                        Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
                    } else if (command.equals("touch")) {
                        Files.createFile(p);
                    }
                }
                return 0;
            }
            case "make_directory" -> {
                for (String name : operands) {
                    Files.createDirectories(cwd.resolve(name));
                }
                return 0;
            }
            case "copy", "copy_if_different" -> {
                if (operands.size() < 2) {
                    err.println("cmake -E " + command + ": needs a source and a destination");
                    return 1;
                }
                Path target = cwd.resolve(operands.get(operands.size() - 1));
                for (String name : operands.subList(0, operands.size() - 1)) {
                    Path source = cwd.resolve(name);
                    Path to = Files.isDirectory(target) ? target.resolve(source.getFileName().toString()) : target;
                    if (command.equals("copy") || !Files.exists(to) || Files.mismatch(source, to) != -1) {
                        try {
                            Files.copy(source, to, StandardCopyOption.REPLACE_EXISTING);
                        } catch (NoSuchFileException e) {
                            err.println("Error copying file \"" + name + "\" to \"" + to + "\".");
                            return 1;
                        }
                    }
                }
                return 0;
            }
            case "echo", "echo_append" -> {
                String text = String.join(" ", operands) + (command.equals("echo") ? "\n" : "");
                process.stdout().write(text.getBytes(StandardCharsets.UTF_8));
                return 0;
            }
            case "true" -> {
                return 0;
            }
            case "false" -> {
                return 1;
            }
            default -> throw new IllegalArgumentException("not a command of this class: " + command);
        }
    }
}
