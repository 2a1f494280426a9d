package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.cache.Caches;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as users meet it: real client processes (the launcher's {@code Client}) talking to a
 * real daemon JVM it starts, compiling real files, cancelled with a real SIGINT, killed with -9.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonTest {
    @TempDir
    static Path root;
    static Path daemonDir;
    static final String JAVA = TestDaemons.JAVA;
    static final String CLASSPATH = TestDaemons.CLASSPATH;

    record Outcome(int exitCode, String stdout, String stderr) {}

    @BeforeAll
    static void describeTheDaemon() throws IOException {
        daemonDir = root.resolve("daemons").resolve("test-build");
        Files.createDirectories(daemonDir);
        TestDaemons.describe(daemonDir);
    }

    @AfterAll
    static void stopTheDaemon() throws Exception {
        client(root, null, "--stop-daemon").waitFor(60, TimeUnit.SECONDS);
    }

    static Process client(Path cwd, String stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-cp", CLASSPATH, "dev.jemception.client.Client",
                daemonDir.toString(), "--"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().put("JEMCEPTION_DAEMON_IDLE", "10m"); // a daemon a failed run leaves goes soon
        Process p = builder.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        return p;
    }

    static Outcome finish(Process p) throws Exception {
        byte[][] streams = new byte[2][];
        Thread readOut = Thread.ofPlatform().start(() -> streams[0] = readAll(p.getInputStream()));
        Thread readErr = Thread.ofPlatform().start(() -> streams[1] = readAll(p.getErrorStream()));
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        readOut.join();
        readErr.join();
        return new Outcome(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8), new String(streams[1], StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static Outcome jemception(Path cwd, String... args) throws Exception {
        return finish(client(cwd, null, args));
    }

    @Test
    @Order(1)
    void twoClientsCompileAtOnceAndGetWhatNoDaemonGives() throws Exception {
        Path a = Files.createDirectories(root.resolve("a"));
        Path b = Files.createDirectories(root.resolve("b"));
        Files.writeString(a.resolve("secret.h"), "#define SECRET 7\n");
        Files.writeString(a.resolve("a.c"), "#include \"secret.h\"\nint a(void) { return SECRET; }\n");
        Files.writeString(b.resolve("b.c"), "int b(int x) { return x * 3; }\n");
        Process pa = client(a, null, "emcc", "-c", "a.c", "-o", "a.o");
        Process pb = client(b, null, "emcc", "-c", "b.c", "-o", "b.o");
        Outcome oa = finish(pa);
        Outcome ob = finish(pb);
        assertThat(oa.exitCode()).as(oa.stderr()).isZero();
        assertThat(ob.exitCode()).as(ob.stderr()).isZero();

        try (Session s = Toolchain.load().newSession().mountHost(a).cwd(a).caches(Caches.none()).build()) {
            RunResult r = s.run("emcc", "-c", "a.c", "-o", "reference.o");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
        assertThat(Files.readAllBytes(a.resolve("a.o"))).isEqualTo(Files.readAllBytes(a.resolve("reference.o")));
    }

    @Test
    @Order(2)
    void aClientSeesNoDirectoryThatOnlyAnotherClientMounted() throws Exception {
        Path b = root.resolve("b");
        Files.writeString(b.resolve("peek.c"), "#include \"" + root.resolve("a/secret.h") + "\"\nint peek(void) { return SECRET; }\n");
        Outcome o = jemception(b, "emcc", "-c", "peek.c", "-o", "peek.o");
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.stderr()).contains("secret.h' file not found").doesNotContain("Exception");
    }

    @Test
    @Order(3)
    void stdinReachesTheCommand() throws Exception {
        Path c = Files.createDirectories(root.resolve("c"));
        Outcome o = finish(client(c, "int main(){return 3;}\n", "emcc", "-x", "c", "-", "-o", "three.wasm"));
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(Wasi.run(c.resolve("three.wasm")).code()).isEqualTo(3);
    }

    @Test
    @Order(4)
    void ctrlCStopsTheCommandLeavesNoOutputAndTheDaemonServesOn() throws Exception {
        Path d = Files.createDirectories(root.resolve("d"));
        Files.writeString(d.resolve("hello.cpp"), "#include <iostream>\nint main() { std::cout << \"hi\\n\"; }\n");
        Process p = client(d, null, "em++", "hello.cpp", "-o", "hello.js");
        // interrupt once wasm-ld has written hello.wasm: emcc still has its JS to write then
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.exists(d.resolve("hello.wasm")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(d.resolve("hello.wasm")).exists();
        assertThat(p.isAlive()).isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(finish(p).exitCode()).isEqualTo(130);
        try (Stream<Path> files = Files.list(d)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("hello.cpp");
        }
        Outcome status = jemception(d, "--daemon-status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).contains("jemception daemon: pid");
    }

    @Test
    @Order(5)
    void aKilledDaemonIsReplacedOnTheNextCall() throws Exception {
        long pid = Long.parseLong(Files.readString(daemonDir.resolve("daemon.pid")).trim());
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        assertThat(daemonDir.resolve("daemon.sock")).exists(); // left behind, stale

        Outcome o = jemception(root, "clang", "--version");
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("clang version 22.1.0");
        assertThat(Long.parseLong(Files.readString(daemonDir.resolve("daemon.pid")).trim())).isNotEqualTo(pid);

        // the new daemon replays what the killed one recorded (the result cache is on disk)
        Files.delete(root.resolve("a/a.o"));
        long[] before = hitsAndMisses(jemception(root, "--cache-stats").stdout());
        Outcome again = jemception(root.resolve("a"), "emcc", "-c", "a.c", "-o", "a.o");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(Files.readAllBytes(root.resolve("a/a.o"))).isEqualTo(Files.readAllBytes(root.resolve("a/reference.o")));
        long[] after = hitsAndMisses(jemception(root, "--cache-stats").stdout());
        assertThat(after).containsExactly(before[0] + 1, before[1]); // one hit, no miss
    }

    /** Local hits and misses of the daemon's result cache, from {@code --cache-stats}. */
    static long[] hitsAndMisses(String stats) {
        var m = java.util.regex.Pattern.compile("this JVM: (\\d+) local hits, \\d+ remote hits, (\\d+) misses").matcher(stats);
        assertThat(m.find()).as(stats).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
