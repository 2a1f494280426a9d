package dev.jemception.api.internal;

import dev.jemception.client.HostBuild;
import dev.jemception.runtime.Toolchain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which host directories a command line needs: the working directory, the directory of every
 * argument that names a host file or a file to create (also in {@code -o=x}, {@code -Ix} and
 * {@code --opt=x} forms, in the response files {@code @file} names, and for {@code ninja} the
 * absolute paths its build file names), and the roots of the host build that runs it, if any
 * ({@link HostBuild#ROOTS_VARIABLE}: so that its sources can include {@code ../x.h}). The file
 * system root and the toolchain's own payload paths are never mounted: the first would expose the
 * whole host, the second would hide the payload.
 */
final class HostMounts {
    private HostMounts() {}

    static List<Path> forCommand(Path cwd, String tool, List<String> args, String buildRoots, Toolchain toolchain) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(cwd);
        if (tool.equals("ninja")) {
            ninjaManifest(cwd, args).ifPresent(text -> addAbsolutePaths(dirs, cwd, text));
        }
        if (buildRoots != null) {
            for (String root : buildRoots.split(File.pathSeparator)) {
                if (!root.isEmpty() && Files.isDirectory(cwd.resolve(root))) {
                    dirs.add(directoryOf(cwd, root));
                }
            }
        }
        addArguments(dirs, cwd, args, 0);
        List<Path> result = new ArrayList<>();
        for (Path dir : dirs) {
            if (dir.getParent() != null && !overlapsPayload(dir, toolchain)) {
                result.add(dir);
            }
        }
        return result;
    }

    /**
     * The build file {@code ninja ARGS} reads ({@code -C DIR}, {@code -f FILE}): its commands are
     * command lines too, so what they name (CMake writes sources and include directories as
     * absolute paths, often outside the source tree) is visible as it would be to each of them.
     */
    private static Optional<String> ninjaManifest(Path cwd, List<String> args) {
        Path dir = cwd;
        String file = "build.ninja";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-C") || a.equals("-f")) && i + 1 < args.size()) {
                if (a.equals("-C")) {
                    dir = dir.resolve(args.get(++i));
                } else {
                    file = args.get(++i);
                }
            } else if (a.startsWith("-C") && a.length() > 2) {
                dir = dir.resolve(a.substring(2));
            } else if (a.startsWith("-f") && a.length() > 2) {
                file = a.substring(2);
            }
        }
        try {
            Path manifest = dir.resolve(file);
            return Files.isRegularFile(manifest) && Files.size(manifest) <= MAX_RESPONSE_FILE_SIZE
                    ? Optional.of(Files.readString(manifest)) : Optional.empty();
        } catch (InvalidPathException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?:^|[\\s=:|'\"]|-I|-isystem|-L)(/[A-Za-z0-9._+@%,/-]+)");

    private static void addAbsolutePaths(Set<Path> dirs, Path cwd, String text) {
        Matcher m = ABSOLUTE_PATH.matcher(text);
        while (m.find()) {
            Path dir = directoryOf(cwd, m.group(1));
            if (dir != null) {
                dirs.add(dir);
            }
        }
    }

    /** Response files in response files: clang reads them too, this deep is plenty. */
    private static final int MAX_RESPONSE_FILE_DEPTH = 4;
    private static final long MAX_RESPONSE_FILE_SIZE = 16 << 20;

    private static void addArguments(Set<Path> dirs, Path cwd, List<String> args, int depth) {
        for (String arg : args) {
            for (String candidate : candidates(arg)) {
                Path dir = directoryOf(cwd, candidate);
                if (dir != null) {
                    dirs.add(dir);
                }
            }
            if (arg.startsWith("@") && depth < MAX_RESPONSE_FILE_DEPTH) {
                responseFile(cwd, arg.substring(1)).ifPresent(inside -> addArguments(dirs, cwd, inside, depth + 1));
            }
        }
    }

    /** The arguments in response file {@code name}, split as clang splits them (GNU style), if it is one. */
    static Optional<List<String>> responseFile(Path cwd, String name) {
        try {
            Path file = cwd.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_RESPONSE_FILE_SIZE) {
                return Optional.empty();
            }
            return Optional.of(splitGnu(Files.readString(file)));
        } catch (InvalidPathException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** GNU-style splitting: blanks separate, quotes group, a backslash escapes the next character. */
    static List<String> splitGnu(String text) {
        List<String> args = new ArrayList<>();
        var arg = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    arg.append(c);
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                arg.append(text.charAt(++i));
                inArg = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    arg.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(arg.toString());
                    arg.setLength(0);
                    inArg = false;
                }
            } else {
                arg.append(c);
                inArg = true;
            }
        }
        if (inArg) {
            args.add(arg.toString());
        }
        return args;
    }

    private static List<String> candidates(String arg) {
        List<String> c = new ArrayList<>();
        if (!arg.startsWith("-")) {
            c.add(arg.startsWith("@") ? arg.substring(1) : arg);
        } else if (arg.contains("=")) {
            c.add(arg.substring(arg.indexOf('=') + 1));
        } else if (arg.length() > 2 && arg.charAt(1) != '-') {
            c.add(arg.substring(2)); // -Ipath, -Lpath, -opath
        }
        return c;
    }

    /** The directory to mount for a path argument, or null when it names nothing on the host. */
    private static Path directoryOf(Path cwd, String arg) {
        if (arg.isEmpty()) {
            return null;
        }
        try {
            Path p = cwd.resolve(arg).normalize();
            if (Files.isDirectory(p)) {
                return p.toRealPath();
            }
            Path parent = p.getParent();
            if (parent != null && Files.isDirectory(parent)) {
                return parent.toRealPath();
            }
        } catch (InvalidPathException | java.io.IOException e) {
            // not a path
        }
        return null;
    }

    private static boolean overlapsPayload(Path dir, Toolchain toolchain) {
        for (String mount : toolchain.payloadMountPoints()) {
            if (dir.startsWith(Path.of(mount))) {
                return true;
            }
        }
        return false;
    }
}
