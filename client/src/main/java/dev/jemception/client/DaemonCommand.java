package dev.jemception.client;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.stream.Collectors;

/**
 * How to start a jemception daemon: a JDK, the JVM flags and the class path (jemception-demo-cli
 * and everything it depends on). {@link #install} writes it as {@code daemon.args} into the
 * daemon's directory, {@code ~/.cache/jemception/daemon/<key>/}, as the {@code jemception} launcher
 * does; {@link Client#run} starts the daemon from that file when none answers.
 *
 * <pre>{@code
 * var daemon = DaemonCommand.of(Path.of(System.getProperty("java.home")), flags, jars);
 * Path dir = daemon.install(DaemonCommand.userCacheDir());
 * int exit = Client.run(dir, List.of("emcc", "-c", "/abs/a.c", "-o", "/abs/a.o"), projectDir, Map.of(), out, err);
 * }</pre>
 *
 * @param javaHome  the JDK (21+) the daemon runs on
 * @param jvmFlags  its JVM flags, as {@link #of} completes them
 * @param classPath the jars (or class directories) of jemception-demo-cli and its dependencies
 * @param runFlags  JVM flags of this start only, outside the key (the launcher's JVM AOT cache,
 *                  which lies in a file of its own per checkout)
 */
public record DaemonCommand(Path javaHome, List<String> jvmFlags, List<Path> classPath, List<String> runFlags) {
    /** The daemon's main class (in jemception-daemon); its one argument is the socket path. */
    public static final String MAIN_CLASS = "dev.jemception.daemon.Daemon";

    public DaemonCommand {
        jvmFlags = List.copyOf(jvmFlags);
        classPath = List.copyOf(classPath);
        runFlags = List.copyOf(runFlags);
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
        return new DaemonCommand(javaHome, flags, classPath, List.of());
    }

    /** The same daemon (the same key) started with {@code flags} added. */
    public DaemonCommand withRunFlags(List<String> flags) {
        return new DaemonCommand(javaHome, jvmFlags, classPath, flags);
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
     * This daemon's directory, {@code CACHE/daemon/KEY}: see {@link #key}. The {@code jemception}
     * launcher asks the client for it too ({@link Client#main}), so the command and a build plugin
     * running the same jars share one daemon wherever each finds its copy of them.
     */
    public Path directory(Path cacheDir) throws IOException {
        return cacheDir.resolve("daemon").resolve(key(cacheDir.resolve("daemon").resolve("keys")));
    }

    /**
     * The hash that names the daemon's directory (16 hex digits): SHA-256 of the JDK's
     * {@code release} file and a newline, the flags joined by spaces and a newline, then the
     * sorted SHA-256 of each jar, one per line. It depends on what runs, never on where the jars
     * lie. Hashing a few hundred MB of jars takes a second or two, so the key is kept in
     * {@code keysDir} under a hash of each jar's path, size and modification time.
     */
    String key(Path keysDir) throws IOException {
        String release = releaseText();
        String flags = String.join(" ", jvmFlags) + "\n";
        var stamp = new StringBuilder(release).append(flags);
        for (Path p : classPath) {
            stamp.append(p.toAbsolutePath()).append(' ');
            if (Files.exists(p)) {
                stamp.append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
            }
            stamp.append('\n');
        }
        Path remembered = keysDir.resolve(sha256(stamp.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32));
        if (Files.isRegularFile(remembered)) {
            String key = Files.readString(remembered).strip();
            if (key.matches("[0-9a-f]{16}")) {
                return key;
            }
        }
        List<String> jarHashes = new ArrayList<>();
        for (Path p : classPath) {
            if (Files.isDirectory(p)) {
                jarHashes.add(p.toAbsolutePath().toString()); // classes of a build in progress: its own daemon
                continue;
            }
            try (InputStream in = Files.newInputStream(p)) {
                jarHashes.add(sha256(in));
            }
        }
        jarHashes.sort(null);
        String text = release + flags + jarHashes.stream().map(h -> h + "\n").collect(Collectors.joining());
        String key = sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Client.makePrivate(keysDir);
        Path tmp = Files.createTempFile(keysDir, "key", ".tmp");
        Files.writeString(tmp, key + "\n");
        Files.move(tmp, remembered, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    /** The JDK's {@code release} file and a newline (its path and a newline when it has none). */
    private String releaseText() throws IOException {
        Path release = javaHome.resolve("release");
        return (Files.isRegularFile(release) ? Files.readString(release) : javaHome.toString()) + "\n";
    }

    /** The daemon's command line, one argument per element, as {@code daemon.args} holds it. */
    public List<String> commandLine(Path daemonDir) {
        List<String> line = new ArrayList<>();
        line.add(javaHome.resolve("bin").resolve("java").toString());
        line.addAll(jvmFlags);
        line.addAll(runFlags);
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
    public Path install(Path cacheDir) throws IOException {
        Path dir = directory(cacheDir);
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
    public static int javaMajor(Path javaHome) {
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

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
