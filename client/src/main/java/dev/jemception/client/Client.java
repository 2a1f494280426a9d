package dev.jemception.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * {@code jemception ARGS}: runs the command in the user's jemception daemon, starting it first if
 * none answers. The launcher script calls it as {@code Client DAEMON_DIR -- ARGS}, where
 * {@code DAEMON_DIR/daemon.args} holds the daemon's command line (one argument per line).
 * stdout and stderr are streamed as the daemon writes them; the exit code is the command's;
 * SIGINT or SIGTERM cancels the command in the daemon (exit 130 or 143).
 */
public final class Client {
    static final String SOCKET = "daemon.sock";
    static final String ARGS = "daemon.args";
    static final String LOG = "daemon.log";
    static final String ORIGIN = "origin";
    private static final long START_TIMEOUT_MS = 180_000;
    /**
     * glibc's malloc asks for transparent huge pages in the daemon (as ./jemception does for its
     * own JVMs): wasmtime copies LLVM's 333 MB of compiled code twice as it loads it from its
     * cache, and on Linux, where huge pages are given on request, that load takes a third less.
     * Other C libraries ignore the variable.
     */
    static final String HUGE_PAGES = "glibc.malloc.hugetlb=1";

    private Client() {}

    public static void main(String[] args) throws Exception {
        int dash = Arrays.asList(args).indexOf("--");
        if (dash < 1) {
            usage();
        }
        List<String> command = List.of(args).subList(dash + 1, args.length);
        if (HostBuild.runsOnHost(command, Path.of("").toAbsolutePath(), System.getenv())) { // the host's make, here on the terminal
            System.exit(HostBuild.run(command, Path.of("").toAbsolutePath(), System.getenv(), System.err));
        }
        Path dir = dash == 1 ? Path.of(args[0]) : launcherDaemon(List.of(args).subList(0, dash));
        System.exit(execute(dir, command, Path.of("").toAbsolutePath(), forwardedEnvironment(), System.in,
                System.out, System.err, true));
    }

    private static void usage() {
        System.err.println("usage: Client DAEMON_DIR -- ARGS, or Client --java-home JDK --class-path JARS"
                + " [--jvm-flag FLAG]... [--run-flag FLAG]... -- ARGS (run by the jemception launcher)");
        System.exit(2);
    }

    /**
     * The launcher's daemon: the one {@link DaemonCommand} names for that JDK, class path and flags
     * ({@code --run-flag}s are outside its key), installed in {@link DaemonCommand#userCacheDir()}.
     * The launcher asks here rather than hashing the jars itself: one key, one way to compute it.
     */
    private static Path launcherDaemon(List<String> options) throws IOException {
        Path javaHome = null;
        List<Path> classPath = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        List<String> runFlags = new ArrayList<>();
        for (int i = 0; i < options.size(); i += 2) {
            if (i + 1 == options.size()) {
                usage();
            }
            String value = options.get(i + 1);
            switch (options.get(i)) {
                case "--java-home" -> javaHome = Path.of(value);
                case "--class-path" -> {
                    for (String entry : value.split(File.pathSeparator)) {
                        classPath.add(Path.of(entry));
                    }
                }
                case "--jvm-flag" -> flags.add(value);
                case "--run-flag" -> runFlags.add(value);
                default -> usage();
            }
        }
        if (javaHome == null || classPath.isEmpty()) {
            usage();
        }
        return DaemonCommand.of(javaHome, flags, classPath).withRunFlags(runFlags).install(DaemonCommand.userCacheDir());
    }

    /**
     * Runs a jemception command ({@code em++ -c a.cpp -o a.o}, {@code --daemon-status} ...) in the
     * daemon of {@code daemonDir}, starting it from {@code daemonDir/daemon.args} when none answers
     * (see {@link DaemonCommand}), and returns its exit code. The command runs in {@code cwd} with
     * {@code env} (the daemon passes only {@code EMCC_*} on to emcc) and reads an empty stdin; its
     * stdout and stderr are written to {@code out} and {@code err} as the daemon sends them. Safe to
     * call from several threads at once: each call is one connection.
     */
    public static int run(Path daemonDir, List<String> command, Path cwd, Map<String, String> env,
            OutputStream out, OutputStream err) throws IOException, InterruptedException {
        return execute(daemonDir, command, cwd, env, null, out, err, false);
    }

    /** The variables the {@code jemception} command forwards to the daemon: {@code EMCC_*} and {@code JEMCEPTION_*}. */
    public static Map<String, String> forwardedEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("EMCC_") || k.startsWith("JEMCEPTION_")) {
                env.put(k, v);
            }
        });
        return env;
    }

    /**
     * The one path of the command line and the API. {@code stdin} null: the command reads end of
     * input. {@code cancelOnExit}: a shutdown hook (Ctrl-C on the terminal) cancels the command and
     * waits for the daemon to roll it back; embedders leave it off (a closed connection cancels too).
     */
    private static int execute(Path dir, List<String> command, Path cwd, Map<String, String> env, InputStream stdin,
            OutputStream out, OutputStream err, boolean cancelOnExit) throws IOException, InterruptedException {
        boolean control = command.size() == 1
                && (command.get(0).equals("--daemon-status") || command.get(0).equals("--stop-daemon"));
        SocketChannel running = connect(dir);
        if (running == null && control) {
            out.write(("jemception: no daemon is running (" + dir + ")\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
        try (SocketChannel channel = running != null ? running : startDaemon(dir)) {
            return converse(channel, new Protocol.Request(command, cwd.toAbsolutePath().toString(), env), stdin, out,
                    err, cancelOnExit);
        } catch (EOFException | SocketException e) { // the daemon died mid-command (killed, or it could not start)
            err.write(("jemception: the daemon ended before the command did; its log: " + dir.resolve(LOG) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            err.flush();
            return 1;
        }
    }

    /** Whether the daemon of {@code daemonDir} answers (a caller may want to say that starting one takes a minute). */
    public static boolean daemonRunning(Path daemonDir) {
        SocketChannel channel = connect(daemonDir);
        if (channel == null) {
            return false;
        }
        try (channel) {
            // a whole (cheap) command, so that the daemon does not log a broken connection
            var out = new DataOutputStream(Channels.newOutputStream(channel));
            Protocol.writeRequest(out, new Protocol.Request(List.of("--daemon-status"), "/", Map.of()));
            Channels.newInputStream(channel).readAllBytes();
        } catch (IOException ignored) {
            // it answered the connection: running
        }
        return true;
    }

    /** A connection to the daemon of {@code dir}, or null when none answers. */
    static SocketChannel connect(Path dir) {
        Path socket = dir.resolve(SOCKET);
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            return null; // refused: a daemon that died left its socket file
        }
    }

    /**
     * Starts the daemon (one client at a time: a lock file across processes, and this method's
     * monitor across threads, since a JVM cannot hold one file lock twice) and connects once it listens.
     */
    private static synchronized SocketChannel startDaemon(Path dir) throws IOException, InterruptedException {
        makePrivate(dir.getParent());
        makePrivate(dir);
        try (FileChannel lockFile = FileChannel.open(dir.resolve("start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var lock = lockFile.lock()) {
            SocketChannel channel = connect(dir); // another client may have started it meanwhile
            if (channel != null) {
                return channel;
            }
            Files.deleteIfExists(dir.resolve(SOCKET)); // stale: its daemon is gone
            List<String> daemon = new ArrayList<>(Files.readAllLines(dir.resolve(ARGS), StandardCharsets.UTF_8));
            String origin = origin(daemon);
            stopOlderDaemons(dir, origin);
            Files.writeString(dir.resolve(ORIGIN), origin);
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                daemon.add(0, "/usr/bin/setsid"); // its own session: the terminal's Ctrl-C is not for it
            }
            Path log = dir.resolve(LOG);
            var builder = new ProcessBuilder(daemon)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            builder.environment().merge("GLIBC_TUNABLES", HUGE_PAGES, (theirs, ours) -> theirs + ":" + ours);
            Process process = builder.start();
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (System.currentTimeMillis() < deadline) {
                channel = connect(dir);
                if (channel != null) {
                    return channel;
                }
                if (!process.isAlive() && process.exitValue() != 0) {
                    break;
                }
                Thread.sleep(20);
            }
            process.destroy();
            throw new IOException("the jemception daemon did not start; its log: " + log);
        }
    }

    /**
     * Daemons of earlier builds started from the same place (sibling directories whose
     * {@code origin} names the same jemception-daemon jar: a rebuilt checkout, a re-installed
     * plugin) are told to stop: they hold gigabytes. Daemons started from elsewhere (another
     * plugin version, another checkout) may still serve someone and are left to their idle timeout.
     */
    private static void stopOlderDaemons(Path dir, String origin) {
        try (var siblings = Files.list(dir.getParent())) {
            for (Path other : siblings.filter(p -> !p.equals(dir) && origin.equals(readOrigin(p))).toList()) {
                SocketChannel channel = connect(other);
                if (channel != null) {
                    try (channel) {
                        var out = new DataOutputStream(Channels.newOutputStream(channel));
                        Protocol.writeRequest(out, new Protocol.Request(List.of("--stop-daemon"), "/", Map.of()));
                        Channels.newInputStream(channel).readAllBytes();
                    }
                }
            }
        } catch (IOException ignored) {
            // best effort: they stop by themselves when idle
        }
    }

    /**
     * Where a daemon's command line takes jemception from: the class path entry that holds its main
     * class (the jemception-daemon jar of a checkout or of a Maven repository), else its whole class path.
     */
    static String origin(List<String> daemonArgs) {
        int cp = daemonArgs.indexOf("-cp");
        if (cp < 0 || cp + 1 >= daemonArgs.size()) {
            return String.join(" ", daemonArgs);
        }
        String classPath = daemonArgs.get(cp + 1);
        String mainClass = DaemonCommand.MAIN_CLASS.replace('.', '/') + ".class";
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> holds(Path.of(entry), mainClass))
                .findFirst().orElse(classPath);
    }

    /** Whether a class path entry (a jar or a directory of classes) holds {@code classFile}. */
    private static boolean holds(Path entry, String classFile) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(classFile));
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.getEntry(classFile) != null;
        } catch (IOException e) {
            return false; // not a jar
        }
    }

    private static String readOrigin(Path daemonDir) {
        try {
            return Files.readString(daemonDir.resolve(ORIGIN));
        } catch (IOException e) {
            return null; // not a daemon directory, or one from before origins were kept
        }
    }

    private static int converse(SocketChannel channel, Protocol.Request request, InputStream stdin,
            OutputStream stdout, OutputStream stderr, boolean cancelOnExit) throws IOException {
        var out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        Protocol.writeRequest(out, request);
        var done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGINT/SIGTERM: cancel the command and wait for the daemon to roll it back
            try {
                synchronized (out) {
                    out.writeByte(Protocol.CANCEL);
                    out.flush();
                }
                done.await(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
                // the daemon is gone: nothing left to cancel
            }
        });
        if (cancelOnExit) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            while (true) {
                byte type = in.readByte();
                switch (type) {
                    case Protocol.STDOUT -> {
                        stdout.write(Protocol.readData(in));
                        stdout.flush();
                    }
                    case Protocol.STDERR -> {
                        stderr.write(Protocol.readData(in));
                        stderr.flush();
                    }
                    case Protocol.WANT_STDIN -> pumpStdin(stdin, out);
                    case Protocol.EXIT -> {
                        int code = in.readInt();
                        done.countDown();
                        if (cancelOnExit) {
                            Runtime.getRuntime().removeShutdownHook(hook);
                        }
                        return code;
                    }
                    default -> throw new IOException("unexpected frame " + type);
                }
            }
        } catch (EOFException e) {
            done.countDown();
            stderr.write("jemception: the daemon stopped while running the command (its log is beside its socket)\n"
                    .getBytes(StandardCharsets.UTF_8));
            stderr.flush();
            return 1;
        } catch (IllegalStateException e) {
            return 130; // shutting down already
        }
    }

    /** Sends {@code stdin} to the daemon on a thread of its own; null sends end of input at once. */
    private static void pumpStdin(InputStream stdin, DataOutputStream out) {
        Thread pump = new Thread(() -> { // not Thread.ofPlatform(): this module is for Java 17 (Maven's JVM)
            byte[] buffer = new byte[65536];
            try {
                int n;
                while (stdin != null && (n = stdin.read(buffer)) > 0) {
                    synchronized (out) {
                        Protocol.writeData(out, Protocol.STDIN, buffer, 0, n);
                    }
                }
                synchronized (out) {
                    Protocol.writeData(out, Protocol.STDIN, buffer, 0, 0);
                }
            } catch (IOException ignored) {
                // the command ended first
            }
        }, "jemception stdin");
        pump.setDaemon(true);
        pump.start();
    }

    /** Makes {@code dir} private to the user (0700), as the socket's only door. */
    static void makePrivate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}
