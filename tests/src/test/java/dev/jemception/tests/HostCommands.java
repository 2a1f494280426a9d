package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * jemception as a host build tool meets it: a daemon of this build's class path (see
 * {@link TestDaemons}), a launcher script that runs the thin client on it (what the
 * {@code jemception} script does for a command), and commands run as separate processes with
 * the caches in {@code root/cache}.
 */
final class HostCommands {
    record Outcome(int exitCode, String output) {}

    private final Path root;
    private final Path daemonDir;
    private final Path launcher;

    HostCommands(Path root) throws IOException {
        this.root = root;
        daemonDir = Files.createDirectories(root.resolve("daemon"));
        TestDaemons.describe(daemonDir);
        launcher = root.resolve("jemception");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + TestDaemons.JAVA + "' -cp '" + TestDaemons.CLASSPATH
                + "' dev.jemception.client.Client '" + daemonDir + "' -- \"$@\"\n");
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
    }

    /** {@code jemception ARGS} in {@code cwd}, as the launcher runs it: stdout and stderr together. */
    Outcome run(Path cwd, String... args) throws Exception {
        return run(cwd, Map.of(), args);
    }

    /** The same with {@code env} added to the environment. */
    Outcome run(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(TestDaemons.JAVA, "-cp", TestDaemons.CLASSPATH,
                "dev.jemception.client.Client", daemonDir.toString(), "--"));
        command.addAll(List.of(args));
        return outcome(command, cwd, env);
    }

    /** A host program (cmake, ninja, ctest ...) with the same environment as a jemception command. */
    Outcome host(Path cwd, String... command) throws Exception {
        return outcome(List.of(command), cwd, Map.of());
    }

    /** The same with {@code env} added to the environment. */
    Outcome host(Path cwd, Map<String, String> env, String... command) throws Exception {
        return outcome(List.of(command), cwd, env);
    }

    private Outcome outcome(List<String> command, Path cwd, Map<String, String> env) throws Exception {
        var builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("JEMCEPTION_LAUNCHER", launcher.toString(),
                "JEMCEPTION_CACHE", root.resolve("cache").toString(), "JEMCEPTION_DAEMON_IDLE", "10m"));
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Outcome(p.exitValue(), output);
    }

    /** Node.js's output for {@code script} (the oracle for .js output). */
    static String node(Path script) throws Exception {
        Process p = new ProcessBuilder("node", script.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return output;
    }

    void stopDaemon() throws Exception {
        run(root, "--stop-daemon");
    }
}
