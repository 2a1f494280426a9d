package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.api.Commands;
import dev.jemception.runtime.Cancellation;
import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.runtime.cache.RemoteCache;
import dev.jemception.runtime.cache.ResultCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result cache's remote tier against a real nginx (WebDAV, as Bazel's documentation sets it
 * up): two checkouts of one project at different paths, each with a cache directory of its own,
 * share compile results through the server; a changed header misses; a corrupt blob is a miss (and is
 * uploaded again); a server stopped mid-build costs one warning, never the build. Commands name
 * every file by its absolute path, as jemception-maven-plugin does, so the keys must not contain
 * the checkout's path.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteCacheTest {
    @TempDir
    static Path root;
    static Nginx server;
    static final List<String> programs = new CopyOnWriteArrayList<>();
    static byte[] objectA;

    @BeforeAll
    static void startServer() throws Exception {
        server = Nginx.start(root.resolve("server"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** A checkout of the project at {@code dir}: a C file, its header, and main.c. */
    static Path checkout(String dir) throws IOException {
        Path project = Files.createDirectories(root.resolve(dir));
        Files.createDirectories(project.resolve("src"));
        Files.createDirectories(project.resolve("include"));
        Files.writeString(project.resolve("include/calc.h"), "#define FACTOR 3\nint scale(int x);\n");
        Files.writeString(project.resolve("src/calc.c"), "#include \"calc.h\"\nint scale(int x) { return x * FACTOR; }\n");
        Files.writeString(project.resolve("src/main.c"),
                "#include <stdio.h>\n#include \"calc.h\"\nint main(void) { printf(\"%d\\n\", scale(14)); return 0; }\n");
        return project;
    }

    static Caches caches(String name) {
        return Caches.in(root.resolve("caches").resolve(name)).withRemote(RemoteCache.of(server.url()));
    }

    /** {@code emcc -c /abs/src/calc.c -o /abs/build/calc.o -MD -MF /abs/build/calc.d -I/abs/include}. */
    static RunResult compile(Path project, Caches caches) throws Exception {
        Files.createDirectories(project.resolve("build"));
        return run(project, caches, "emcc", "-c", project.resolve("src/calc.c").toString(), "-o",
                project.resolve("build/calc.o").toString(), "-MD", "-MF", project.resolve("build/calc.d").toString(),
                "-I" + project.resolve("include"));
    }

    static RunResult run(Path project, Caches caches, String... argv) throws Exception {
        programs.clear();
        try (Session s = Toolchain.load().newSession().mountHost(project).cwd(project).caches(caches)
                .listener((args, code, nanos) -> programs.add(Path.of(args.get(0)).getFileName().toString()))
                .build()) {
            RunResult r = s.run(argv);
            assertThat(r.exitCode()).as(String.join(" ", argv) + "\n" + r.stderr()).isZero();
            caches.resultCache().awaitUploads(Duration.ofSeconds(60));
            return r;
        }
    }

    @Test
    @Order(1)
    void aCompileInTheFirstCheckoutIsUploaded() throws Exception {
        Path a = checkout("one/a/project");
        compile(a, caches("a"));
        assertThat(programs).contains("clang");
        objectA = Files.readAllBytes(a.resolve("build/calc.o"));
        assertThat(caches("a").resultCache().remoteCounts().orElseThrow().uploaded()).isPositive();
        try (Stream<Path> ac = Files.list(server.data.resolve("ac")); Stream<Path> cas = Files.list(server.data.resolve("cas"))) {
            assertThat(ac.count()).isPositive();
            assertThat(cas.count()).isPositive();
        }
    }

    @Test
    @Order(2)
    void theSecondCheckoutElsewhereIsARemoteHitWithTheSameBytes() throws Exception {
        Path b = checkout("two/deeper/b/project");
        Caches cachesB = caches("b");
        compile(b, cachesB);
        assertThat(programs).containsExactly("emcc"); // replayed whole: clang did not run
        assertThat(cachesB.resultCache().counts().remoteHits()).isEqualTo(1);
        assertThat(Files.readAllBytes(b.resolve("build/calc.o"))).isEqualTo(objectA);
        // the dependency file names this checkout's files, not the first one's
        String deps = Files.readString(b.resolve("build/calc.d"));
        assertThat(deps).contains(b.resolve("src/calc.c").toString(), b.resolve("include/calc.h").toString())
                .doesNotContain(root.resolve("one").toString());

        // and the object is the real thing: linked with main.c, it runs
        run(b, cachesB, "emcc", b.resolve("build/calc.o").toString(), b.resolve("src/main.c").toString(),
                "-I" + b.resolve("include"), "-o", b.resolve("build/main.wasm").toString());
        assertThat(Wasi.run(b.resolve("build/main.wasm"))).isEqualTo(new Wasi.Exit(0, "42\n"));

        // a remote hit is kept locally: again in this checkout is a local hit
        long localHits = cachesB.resultCache().counts().hits();
        compile(b, cachesB);
        assertThat(cachesB.resultCache().counts().hits()).isEqualTo(localHits + 1);
    }

    @Test
    @Order(3)
    void aChangedHeaderInOneCheckoutMissesThereAndLeavesTheOtherAlone() throws Exception {
        Path b = root.resolve("two/deeper/b/project");
        Files.writeString(b.resolve("include/calc.h"), "#define FACTOR 5\nint scale(int x);\n");
        compile(b, caches("b"));
        assertThat(programs).contains("clang");
        assertThat(Files.readAllBytes(b.resolve("build/calc.o"))).isNotEqualTo(objectA);

        Path a = root.resolve("one/a/project");
        compile(a, caches("a"));
        assertThat(programs).containsExactly("emcc");
        assertThat(Files.readAllBytes(a.resolve("build/calc.o"))).isEqualTo(objectA);
    }

    @Test
    @Order(4)
    void aCorruptBlobOnTheServerIsAMiss() throws Exception {
        try (Stream<Path> cas = Files.list(server.data.resolve("cas"))) {
            for (Path blob : cas.toList()) {
                byte[] bytes = Files.readAllBytes(blob);
                if (bytes.length == 0) {
                    Files.writeString(blob, "not empty"); // an empty output (stderr) made into another
                } else {
                    bytes[bytes.length / 2] ^= 0x5a; // same length, other content
                    Files.write(blob, bytes);
                }
            }
        }
        Path c = checkout("three/c/project");
        Caches cachesC = caches("c");
        compile(c, cachesC);
        assertThat(programs).contains("clang"); // the entry was found, its blobs did not match: compiled
        assertThat(cachesC.resultCache().remoteCounts().orElseThrow().corrupt()).isPositive();
        assertThat(Files.readAllBytes(c.resolve("build/calc.o"))).isEqualTo(objectA);

        // that run uploaded the blobs again over the corrupt ones: a fresh cache now hits
        Path e = checkout("five/e/project");
        compile(e, caches("e"));
        assertThat(programs).containsExactly("emcc");
        assertThat(Files.readAllBytes(e.resolve("build/calc.o"))).isEqualTo(objectA);
    }

    @Test
    @Order(5)
    void aServerStoppedMidBuildCostsOneWarningNotTheBuild() throws Exception {
        Path d = checkout("four/d/project");
        Files.createDirectories(d.resolve("build"));
        Files.writeString(d.resolve("src/extra.c"), "int extra(void) { return 7; }\n");
        Map<String, String> env = Map.of("JEMCEPTION_CACHE", root.resolve("caches/d").toString(),
                RemoteCache.URL_VARIABLE, server.url());
        var stderr = new StringBuilder();
        // three commands of one build, as the plugin runs them: the server goes away after the first
        for (String source : List.of("calc.c", "main.c", "extra.c")) {
            var err = new ByteArrayOutputStream();
            int code = Commands.run(List.of("emcc", "-c", d.resolve("src/" + source).toString(), "-I" + d.resolve("include"),
                "-o", d.resolve("build/" + source + ".o").toString()), new Commands.Invocation(InputStream.nullInputStream(),
                        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), d, env, new Cancellation()));
            stderr.append(err.toString(StandardCharsets.UTF_8));
            assertThat(code).as(stderr.toString()).isZero();
            if (source.equals("calc.c")) {
                assertThat(stderr.toString()).doesNotContain("remote cache");
                server.stop();
            }
        }
        assertThat(Files.readAllBytes(d.resolve("build/calc.c.o"))).isEqualTo(objectA);
        assertThat(Files.exists(d.resolve("build/extra.c.o"))).isTrue();
        assertThat(stderr.toString().split("remote cache .* unavailable", -1)).as(stderr.toString()).hasSize(2);
        server.restart();
    }
}
