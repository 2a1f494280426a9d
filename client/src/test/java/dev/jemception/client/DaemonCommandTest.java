package dev.jemception.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's key names what runs, not where its jars lie. */
class DaemonCommandTest {
    @TempDir
    Path tmp;

    final Path javaHome = Path.of(System.getProperty("java.home"));
    final List<String> flags = List.of("-Xss16m", "-XX:+UseParallelGC");

    Path jar(String dir, String name, String content) throws IOException {
        Path file = tmp.resolve(dir).resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void theSameJarsElsewhereAndInAnotherOrderGiveTheSameDaemon() throws IOException {
        var checkout = DaemonCommand.of(javaHome, flags,
                List.of(jar("checkout/target", "jemception-demo-cli-1.jar", "cli"), jar("checkout/target/lib", "a-1.jar", "a")));
        var repository = DaemonCommand.of(javaHome, flags,
                List.of(jar("m2/a/1", "a-1.jar", "a"), jar("m2/cli/1", "jemception-demo-cli-1.jar", "cli")));
        Path cache = tmp.resolve("cache");

        assertThat(repository.directory(cache)).isEqualTo(checkout.directory(cache));
        assertThat(checkout.directory(cache).getParent()).isEqualTo(cache.resolve("daemon"));
        assertThat(checkout.directory(cache).getFileName().toString()).matches("[0-9a-f]{16}");
    }

    @Test
    void otherJarContentsOrFlagsGiveAnotherDaemon() throws IOException {
        Path cache = tmp.resolve("cache");
        Path a = jar("one", "a-1.jar", "a");
        var base = DaemonCommand.of(javaHome, flags, List.of(a));

        assertThat(DaemonCommand.of(javaHome, flags, List.of(jar("two", "a-1.jar", "A"))).directory(cache))
                .isNotEqualTo(base.directory(cache));
        assertThat(DaemonCommand.of(javaHome, List.of("-Xss16m"), List.of(a)).directory(cache))
                .isNotEqualTo(base.directory(cache));
    }

    @Test
    void theKeyIsRememberedForTheJarsAsTheyLie() throws IOException {
        Path cache = tmp.resolve("cache");
        Path a = jar("one", "a-1.jar", "a");
        var command = DaemonCommand.of(javaHome, flags, List.of(a));
        Path first = command.directory(cache);
        // the same size and time: the remembered key is used, the jar is not read again
        var time = Files.getLastModifiedTime(a);
        Files.writeString(a, "b");
        Files.setLastModifiedTime(a, time);
        assertThat(command.directory(cache)).isEqualTo(first);
        // touched: read again
        Files.setLastModifiedTime(a, FileTime.fromMillis(time.toMillis() + 2000));
        assertThat(command.directory(cache)).isNotEqualTo(first);
    }

    @Test
    void installWritesTheCommandLineIntoThePrivateDirectory() throws IOException {
        var command = DaemonCommand.of(javaHome, flags, List.of(jar("one", "jemception-demo-cli-1.jar", "cli")));
        Path dir = command.install(tmp.resolve("cache"));

        assertThat(Files.readAllLines(dir.resolve(Client.ARGS))).isEqualTo(command.commandLine(dir));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void theOriginIsTheEntryHoldingTheDaemonsMainClass() throws IOException {
        Path daemonJar = tmp.resolve("r/jemception-daemon-0.1.jar");
        Files.createDirectories(daemonJar.getParent());
        try (var zip = new ZipOutputStream(Files.newOutputStream(daemonJar))) {
            zip.putNextEntry(new ZipEntry(DaemonCommand.MAIN_CLASS.replace('.', '/') + ".class"));
            zip.closeEntry();
        }
        Path other = jar("r/lib", "a.jar", "not a zip");
        String classPath = other + ":" + daemonJar + ":" + tmp.resolve("r/lib/missing.jar");
        assertThat(Client.origin(List.of("java", "-Xss16m", "-cp", classPath, DaemonCommand.MAIN_CLASS, "/d/daemon.sock")))
                .isEqualTo(daemonJar.toString());
        Path classes = Files.createDirectories(tmp.resolve("x/classes/dev/jemception/daemon")).getParent().getParent().getParent();
        Files.writeString(classes.resolve("dev/jemception/daemon/Daemon.class"), "");
        assertThat(Client.origin(List.of("java", "-cp", other + ":" + classes, DaemonCommand.MAIN_CLASS))).isEqualTo(classes.toString());
        assertThat(Client.origin(List.of("java", "-cp", other.toString(), DaemonCommand.MAIN_CLASS))).isEqualTo(other.toString());
    }
}
