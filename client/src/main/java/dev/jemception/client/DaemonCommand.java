package dev.jemception.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to start a jemception daemon: a JDK, the JVM flags and the class path (jemception-demo-cli
 * and everything it depends on). {@link #install} writes it as {@code daemon.args} into the
 * daemon's directory, {@code ~/.cache/jemception/daemon/<key>/}, as the {@code jemception} launcher
 * does; {@link Client#run} starts the daemon from that file when none answers.
 *
 * <pre>{@code
 * var daemon = DaemonCommand.of(Path.of(System.getProperty("java.home")), flags, jars);
 * Path dir = daemon.install(DaemonCommand.userCacheDir(), "maven");
 * int exit = Client.run(dir, List.of("emcc", "-c", "/abs/a.c", "-o", "/abs/a.o"), projectDir, Map.of(), out, err);
 * }</pre>
 *
 * @param javaHome  the JDK (21+) the daemon runs on
 * @param jvmFlags  its JVM flags, as {@link #of} completes them
 * @param classPath the jars (or class directories) of jemception-demo-cli and its dependencies
 */
public record DaemonCommand(Path javaHome, List<String> jvmFlags, List<Path> classPath) {
    /** The daemon's main class (in jemception-demo-cli); its one argument is the socket path. */
    public static final String MAIN_CLASS = "dev.jemception.cli.daemon.Daemon";

    public DaemonCommand {
        jvmFlags = List.copyOf(jvmFlags);
        classPath = List.copyOf(classPath);
    }

    /**
     * The daemon command with the launcher's flags ({@code jvm.options} of jemception-demo-cli)
     * plus what the launcher adds for the JDK: {@code --sun-misc-unsafe-memory-access=allow} on
     * JDK 24+, where Truffle still uses {@code sun.misc.Unsafe}.
     */
    public static DaemonCommand of(Path javaHome, List<String> launcherFlags, List<Path> classPath) {
        List<String> flags = new ArrayList<>(launcherFlags);
        if (javaMajor(javaHome) >= 24 && !flags.contains("--sun-misc-unsafe-memory-access=allow")) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return new DaemonCommand(javaHome, flags, classPath);
    }

    /** Splits a {@code jvm.options} text (flags separated by white space, as the launcher reads it). */
    public static List<String> parseJvmOptions(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    /** {@code JEMCEPTION_CACHE}, or {@code ~/.cache/jemception}: where the launcher keeps daemons and caches. */
    public static Path userCacheDir() {
        String env = System.getenv("JEMCEPTION_CACHE");
        return env != null && !env.isEmpty() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "jemception");
    }

    /**
     * This daemon's directory: {@code CACHE/daemon/FAMILY-KEY}, the key a hash of the JDK's
     * {@code release} file, the flags and each class path entry's name, size and modification
     * time, so a new build or JDK gets a daemon of its own. The launcher's key (a {@code cksum} of
     * {@code ls -l} output over demo-cli/target/lib) has no family prefix; a new daemon stops the
     * older ones of its own family only.
     */
    public Path directory(Path cacheDir, String family) {
        if (family.isEmpty() || family.contains("-") || family.contains("/")) {
            throw new IllegalArgumentException("a family is a plain word: " + family);
        }
        return cacheDir.resolve("daemon").resolve(family + "-" + key());
    }

    /** The hash that names the daemon's directory (16 hex digits). */
    public String key() {
        var text = new StringBuilder();
        try {
            Path release = javaHome.resolve("release");
            text.append(Files.isRegularFile(release) ? Files.readString(release) : javaHome.toString()).append('\n');
            text.append(String.join(" ", jvmFlags)).append('\n');
            for (Path p : classPath) {
                text.append(p.getFileName()).append(' ');
                if (Files.exists(p)) {
                    text.append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
                }
                text.append('\n');
            }
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the daemon key: " + e, e);
        }
    }

    /** The daemon's command line, one argument per element, as {@code daemon.args} holds it. */
    public List<String> commandLine(Path daemonDir) {
        List<String> line = new ArrayList<>();
        line.add(javaHome.resolve("bin").resolve("java").toString());
        line.addAll(jvmFlags);
        line.add("-cp");
        line.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        line.add(MAIN_CLASS);
        line.add(daemonDir.resolve(Client.SOCKET).toString());
        return line;
    }

    /**
     * Creates the daemon's directory (private to the user), writes {@code daemon.args} when it
     * differs (atomically: a client may be starting the daemon from it) and returns the directory.
     */
    public Path install(Path cacheDir, String family) throws IOException {
        Path dir = directory(cacheDir, family);
        Client.makePrivate(dir.getParent());
        Client.makePrivate(dir);
        String args = String.join("\n", commandLine(dir)) + "\n";
        Path file = dir.resolve(Client.ARGS);
        if (!Files.isRegularFile(file) || !Files.readString(file).equals(args)) {
            Path tmp = Files.createTempFile(dir, Client.ARGS, ".tmp");
            Files.writeString(tmp, args);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return dir;
    }

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    /** The JDK's major version from its {@code release} file, or this JVM's when it has none. */
    static int javaMajor(Path javaHome) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(javaHome.resolve("release")));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IOException ignored) {
            // no release file: assume the running JDK
        }
        return Runtime.version().feature();
    }
}
