package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.client.Client;
import dev.jemception.client.DaemonCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon for the {@code jemception} command and jemception-maven-plugin: a daemon started the
 * plugin's way ({@link DaemonCommand} over copies of the jars elsewhere, as in a Maven repository)
 * is the one the launcher script finds for the checkout's own jars.
 */
class SharedDaemonTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path DEMO_CLI = ROOT.resolve("demo-cli/target");

    @TempDir
    Path tmp;

    @Test
    void theLauncherFindsTheDaemonStartedFromCopiesOfItsJars() throws Exception {
        Path cache = tmp.resolve("cache");
        Map<String, String> env = Map.of("JEMCEPTION_CACHE", cache.toString(), "JEMCEPTION_NO_AOT_CACHE", "1");
        // first: the launcher builds demo-cli when its sources are newer than its jar
        String noDaemon = bash(env, "./jemception --daemon-status");

        Path javaHome = Path.of(bash(Map.of(), ". scripts/jdk.sh && jemception_find_jdk && printf %s \"$JEMCEPTION_JAVA_HOME\"").strip());
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> lib = Files.list(DEMO_CLI.resolve("lib"))) {
            for (Path jar : Stream.concat(Stream.of(DEMO_CLI.resolve("jemception-demo-cli-0.1.0-SNAPSHOT.jar")),
                    lib.filter(p -> p.toString().endsWith(".jar"))).toList()) {
                copies.add(Files.copy(jar, Files.createDirectories(tmp.resolve("repository").resolve(copies.size() + ""))
                        .resolve(jar.getFileName())));
            }
        }
        List<String> flags = DaemonCommand.parseJvmOptions(Files.readString(DEMO_CLI.resolve("jvm.options")));
        var plugins = DaemonCommand.of(javaHome, flags, copies);
        Path dir = plugins.directory(cache);
        try {
            assertThat(noDaemon).contains("no daemon is running (" + dir + ")");

            plugins.install(cache); // the launcher wrote its own command line there: now the copies'
            assertThat(run(dir, "--version").strip()).isNotEmpty(); // starts the daemon from the copies
            String status = bash(env, "./jemception --daemon-status");
            assertThat(status).contains("socket " + dir.resolve("daemon.sock"))
                    .contains("runs " + copies.stream().filter(c -> c.getFileName().toString().startsWith("jemception-daemon"))
                            .findFirst().orElseThrow())
                    .contains(run(dir, "--daemon-status").lines().findFirst().orElseThrow().replaceAll(", \\d+ commands.*", ""));
        } finally {
            run(dir, "--stop-daemon");
        }
    }

    static String run(Path dir, String... command) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = Client.run(dir, List.of(command), ROOT, Map.of(), out, err);
        Path log = dir.resolve("daemon.log"); // why a daemon stopped: gone with the test's directory otherwise
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)
                + (exit != 0 && Files.exists(log) ? "daemon.log:\n" + Files.readString(log) : "")).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    static String bash(Map<String, String> env, String script) throws IOException, InterruptedException {
        var builder = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
