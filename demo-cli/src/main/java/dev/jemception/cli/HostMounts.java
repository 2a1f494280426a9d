package dev.jemception.cli;

import dev.jemception.client.HostBuild;
import dev.jemception.runtime.Toolchain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which host directories a command line needs: the working directory, the directory of every
 * argument that names a host file or a file to create (also in {@code -o=x}, {@code -Ix} and
 * {@code --opt=x} forms), and the roots of the host build that runs it, if any
 * ({@link HostBuild#ROOTS_VARIABLE}: so that its sources can include {@code ../x.h}). The file
 * system root and the toolchain's own payload paths are never mounted: the first would expose the
 * whole host, the second would hide the payload.
 */
final class HostMounts {
    private HostMounts() {}

    static List<Path> forCommand(Path cwd, List<String> args, String buildRoots, Toolchain toolchain) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(cwd);
        if (buildRoots != null) {
            for (String root : buildRoots.split(File.pathSeparator)) {
                if (!root.isEmpty() && Files.isDirectory(cwd.resolve(root))) {
                    dirs.add(directoryOf(cwd, root));
                }
            }
        }
        for (String arg : args) {
            for (String candidate : candidates(arg)) {
                Path dir = directoryOf(cwd, candidate);
                if (dir != null) {
                    dirs.add(dir);
                }
            }
        }
        List<Path> result = new ArrayList<>();
        for (Path dir : dirs) {
            if (dir.getParent() != null && !overlapsPayload(dir, toolchain)) {
                result.add(dir);
            }
        }
        return result;
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
