package dev.jemception.maven;

import dev.jemception.client.Client;
import dev.jemception.client.DaemonCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;

/**
 * Commands in the jemception daemon: a warm JVM kept by the user across builds, started from this
 * plugin's own class path (jemception-demo-cli and its dependencies) with the launcher's JVM flags,
 * on the JDK the mojo chose. Its key hashes what runs, not where: the {@code jemception} command of
 * the same version on the same JDK finds the same daemon.
 */
final class DaemonRunner implements CommandRunner {
    /** The launcher's JVM flags, shipped in jemception-demo-cli's jar. */
    private static final String JVM_OPTIONS = "META-INF/jemception/jvm.options";

    private final Path dir;
    private final Map<String, String> env;

    private DaemonRunner(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
    }

    /**
     * Writes the daemon's command line into its directory; the first command starts it if none
     * answers. Commands run with {@code env} ({@code JEMCEPTION_*}, {@code EMCC_*}).
     */
    static DaemonRunner install(Path javaHome, List<Path> classPath, Map<String, String> env, Log log) throws IOException {
        var command = DaemonCommand.of(javaHome, launcherFlags(log), classPath);
        Path dir = command.install(DaemonCommand.userCacheDir());
        if (!Client.daemonRunning(dir)) {
            log.info("Starting the jemception daemon (" + dir + "): the first compile of a fresh daemon takes about a minute");
        }
        return new DaemonRunner(dir, env);
    }

    private static List<String> launcherFlags(Log log) throws IOException {
        try (InputStream in = DaemonRunner.class.getClassLoader().getResourceAsStream(JVM_OPTIONS)) {
            if (in == null) {
                log.warn("jemception-demo-cli has no " + JVM_OPTIONS + ": the daemon runs without its JVM flags (slower)");
                return List.of();
            }
            return DaemonCommand.parseJvmOptions(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public int run(List<String> argv, Path cwd, OutputStream out, OutputStream err) throws IOException, InterruptedException {
        return Client.run(dir, argv, cwd, env, out, err);
    }
}
