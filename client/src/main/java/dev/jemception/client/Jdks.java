package dev.jemception.client;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a JDK on this machine the way the {@code jemception} launcher does ({@code scripts/jdk.sh}):
 * {@code JAVA_HOME}, the {@code java} on {@code PATH}, then the usual install places (Linux
 * packages, SDKMAN, IntelliJ's {@code ~/.jdks}, macOS); the newest wins.
 */
public final class Jdks {
    /** jemception's own minimum: the daemon and the toolchain are Java 21 classes. */
    public static final int MINIMUM = 21;

    private Jdks() {}

    /** The newest JDK of at least {@code minimum} (a home with {@code bin/java}), if any. */
    public static Optional<Path> newest(int minimum) {
        Path best = null;
        int bestMajor = 0;
        for (Path home : candidates()) {
            // a JDK 9+ has a release file: without one, javaMajor would give this JVM's version
            if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(home.resolve("release"))) {
                continue;
            }
            int major = DaemonCommand.javaMajor(home);
            if (major > bestMajor) {
                best = home;
                bestMajor = major;
            }
        }
        return bestMajor >= minimum ? Optional.of(best) : Optional.empty();
    }

    private static List<Path> candidates() {
        List<Path> homes = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isEmpty()) {
            homes.add(Path.of(javaHome));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path java = Path.of(dir.isEmpty() ? "." : dir, "java");
                if (Files.isExecutable(java)) {
                    try {
                        homes.add(java.toRealPath().getParent().getParent());
                    } catch (IOException | RuntimeException ignored) {
                        // a dangling link: not a JDK
                    }
                    break;
                }
            }
        }
        String home = System.getProperty("user.home");
        for (String parent : List.of("/usr/lib/jvm", "/usr/java", "/opt/java", home + "/.sdkman/candidates/java",
                home + "/.jdks", "/Library/Java/JavaVirtualMachines")) {
            addChildren(Path.of(parent), "*", homes);
        }
        addChildren(Path.of("/opt"), "jdk*", homes);
        return homes;
    }

    private static void addChildren(Path parent, String glob, List<Path> homes) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, glob)) {
            for (Path child : children) {
                Path macHome = child.resolve("Contents").resolve("Home"); // macOS bundles
                homes.add(Files.isDirectory(macHome) ? macHome : child);
            }
        } catch (IOException ignored) {
            // unreadable: no candidates there
        }
    }
}
