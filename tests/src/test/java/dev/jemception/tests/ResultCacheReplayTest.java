package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.api.CompileOptions;
import dev.jemception.api.CompileResult;
import dev.jemception.api.Jemception;
import dev.jemception.api.Source;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.runtime.cache.ResultCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replayed run leaves exactly what the real run leaves, wherever its files live: the same
 * commands with the result cache off, then on twice (a miss, then a hit), in a session whose
 * working directory is in memory and in one whose working directory is a host directory, leave the
 * same files, exit codes and output. And the Java API, which compiles in memory, gets the same
 * module from a hit as from a real compile, in this JVM, in the next one and from many threads.
 */
class ResultCacheReplayTest {
    @TempDir
    static Path temp;

    static final Toolchain TOOLCHAIN = Toolchain.load();
    static final Source HELLO = Source.of("t.c", "#include <stdio.h>\nint main(void) { printf(\"x\\n\"); return 0; }\n");

    @Test
    void aRepeatedCompileIsAHitWithTheSameBytesInThisJvmAndInTheNext() throws Exception {
        Path cacheDir = temp.resolve("api-cache");
        Jemception jemception = Jemception.builder().caches(Caches.in(cacheDir)).build();
        CompileResult first = jemception.compile(CompileOptions.wasm(), HELLO);
        assertThat(first.succeeded()).as(first.stderr()).isTrue();
        assertThat(Wasi.run(first.wasm())).isEqualTo(new Wasi.Exit(0, "x\n"));

        ResultCache.Counts before = Caches.in(cacheDir).resultCache().counts();
        CompileResult second = jemception.compile(CompileOptions.wasm(), HELLO);
        assertThat(second.succeeded()).as(second.stderr()).isTrue();
        assertThat(second.wasm()).isEqualTo(first.wasm());
        ResultCache.Counts after = Caches.in(cacheDir).resultCache().counts();
        assertThat(after.hits()).isEqualTo(before.hits() + 1);
        assertThat(after.misses()).isEqualTo(before.misses());

        Path out = temp.resolve("from-another-jvm.wasm");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xss16m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), AnotherJvm.class.getName(), cacheDir.toString(), out.toString())
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(printed).isZero();
        assertThat(printed).as(printed).contains("hits=1 misses=0");
        assertThat(Files.readAllBytes(out)).isEqualTo(first.wasm());
    }

    /** The same compile in a JVM of its own over the same cache directory: prints the cache's counts. */
    static final class AnotherJvm {
        public static void main(String[] args) throws IOException {
            Path cacheDir = Path.of(args[0]);
            CompileResult r = Jemception.builder().caches(Caches.in(cacheDir)).build().compile(CompileOptions.wasm(), HELLO);
            if (!r.succeeded()) {
                System.out.println(r.stderr());
                System.exit(1);
            }
            Files.write(Path.of(args[1]), r.wasm());
            ResultCache.Counts counts = Caches.in(cacheDir).resultCache().counts();
            System.out.println("hits=" + counts.hits() + " misses=" + counts.misses());
        }
    }

    @Test
    void concurrentCompilesOfOneSourceAndOfManyGiveTheBytesOfSequentialOnes() throws Exception {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sources.add(Source.of("n.c", "int main(void) { return " + (10 + i) + "; }\n"));
        }
        Source same = Source.of("same.c", "int main(void) { return 3; }\n");
        Jemception uncached = Jemception.builder().caches(Caches.none()).build();
        Map<Source, byte[]> sequential = new java.util.HashMap<>();
        for (Source s : Stream.concat(Stream.of(same), sources.stream()).toList()) {
            CompileResult r = uncached.compile(CompileOptions.wasm(), s);
            assertThat(r.succeeded()).as(r.stderr()).isTrue();
            sequential.put(s, r.wasm());
        }
        assertThat(Wasi.run(sequential.get(sources.get(7))).code()).isEqualTo(17);

        Jemception cached = Jemception.builder().caches(Caches.in(temp.resolve("concurrent-cache"))).build();
        for (int round = 0; round < 3; round++) {
            List<Source> jobs = new ArrayList<>(sources);
            for (int i = 0; i < 8; i++) {
                jobs.add(same);
            }
            try (var pool = Executors.newFixedThreadPool(jobs.size())) {
                List<Future<CompileResult>> results = jobs.stream()
                        .map(s -> pool.submit(() -> cached.compile(CompileOptions.wasm(), s))).toList();
                for (int i = 0; i < jobs.size(); i++) {
                    CompileResult r = results.get(i).get();
                    assertThat(r.succeeded()).as("round " + round + ", job " + i + ": " + r.stderr()).isTrue();
                    assertThat(r.wasm()).as("round " + round + ", job " + i).isEqualTo(sequential.get(jobs.get(i)));
                }
            }
        }
    }

    /** The commands, in order: later ones use what earlier ones made. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("emcc", "-c", "lib.c", "-o", "lib.o"),
            List.of("em++", "-c", "main.cpp", "-o", "main.o"),
            List.of("emar", "rcs", "libx.a", "lib.o"),
            List.of("em++", "main.o", "libx.a", "-o", "main.js"),
            List.of("emcc", "solo.c", "lib.c", "-o", "solo.wasm"),
            List.of("emcc", "files.c", "--embed-file", "data.txt", "-o", "embedded.js"),
            List.of("emcc", "files.c", "--preload-file", "data.txt", "-o", "preloaded.js"),
            List.of("emcc", "solo.c", "lib.c", "-gsource-map", "-o", "mapped.js"),
            List.of("emcc", "-c", "broken.c", "-o", "broken.o"));

    static final Map<String, String> INPUTS = Map.of(
            "lib.c", "int twice(int x) { return 2 * x; }\n",
            "main.cpp", "#include <cstdio>\nextern \"C\" int twice(int);\nint main() { std::printf(\"%d\\n\", twice(21)); }\n",
            "solo.c", "#include <stdio.h>\nint twice(int);\nint main(void) { printf(\"solo %d\\n\", twice(4)); return 0; }\n",
            "files.c", "#include <stdio.h>\nint main(void) { FILE *f = fopen(\"data.txt\", \"r\"); char b[16] = {0};\n"
                    + "  fread(b, 1, 15, f); printf(\"%s\", b); return 0; }\n",
            "data.txt", "some data\n",
            "broken.c", "int main(void) { return missing; }\n");

    /**
     * What one pass left: each command's exit code and output, every file of the directory with
     * its hash, and the standalone module it built, to run.
     */
    record Pass(List<String> results, Map<String, String> tree, byte[] solo) {}

    @Test
    void inMemoryTheCacheOffAMissAndAHitLeaveTheSameFilesAndOutput() throws Exception {
        differential(null);
    }

    @Test
    void inAHostDirectoryTheCacheOffAMissAndAHitLeaveTheSameFilesAndOutput() throws Exception {
        differential(Files.createDirectories(temp.resolve("host-project")));
    }

    /** Runs {@link #COMMANDS} three times in {@code hostDir}, or in memory when null, and compares. */
    private static void differential(Path hostDir) throws Exception {
        String kind = hostDir == null ? "memory" : "host";
        Path cacheDir = temp.resolve(kind + "-cache");
        Pass off = pass(hostDir, Caches.in(temp.resolve(kind + "-off")).withResultCache(null));
        assertThat(off.tree()).containsKeys("lib.o", "main.o", "libx.a", "main.js", "main.wasm", "solo.wasm",
                "embedded.js", "embedded.wasm", "preloaded.js", "preloaded.wasm", "preloaded.data", "mapped.js",
                "mapped.wasm", "mapped.wasm.map");
        assertThat(off.tree()).doesNotContainKey("broken.o");
        assertThat(off.results().getLast()).contains("use of undeclared identifier 'missing'");

        Pass miss = pass(hostDir, Caches.in(cacheDir));
        long hits = Caches.in(cacheDir).resultCache().counts().hits();
        Pass hit = pass(hostDir, Caches.in(cacheDir));
        // every successful emcc/em++ command was replayed whole (emar is not cached, the failure ran again)
        assertThat(Caches.in(cacheDir).resultCache().counts().hits()).isEqualTo(hits + 7);
        for (Pass p : List.of(miss, hit)) {
            assertThat(p.results()).isEqualTo(off.results());
            assertThat(p.tree()).isEqualTo(off.tree());
        }
        assertThat(Wasi.run(hit.solo())).isEqualTo(new Wasi.Exit(0, "solo 8\n"));
    }

    private static Pass pass(Path hostDir, Caches caches) throws Exception {
        Session.Builder builder = TOOLCHAIN.newSession().caches(caches);
        if (hostDir != null) {
            try (Stream<Path> old = Files.walk(hostDir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(hostDir)).toList()) {
                    Files.delete(p);
                }
            }
            builder.mountHost(hostDir).cwd(hostDir);
        } else {
            builder.cwd("/project");
        }
        try (Session session = builder.build()) {
            FileSystem fs = session.fileSystem();
            Path dir = hostDir != null ? fs.getPath(hostDir.toRealPath().toString()) : fs.getPath("/project");
            Files.createDirectories(dir);
            for (var input : INPUTS.entrySet()) {
                Files.writeString(dir.resolve(input.getKey()), input.getValue());
            }
            List<String> results = new ArrayList<>();
            for (List<String> command : COMMANDS) {
                RunResult r = session.run(command);
                results.add(String.join(" ", command) + " -> " + r.exitCode() + "\n" + r.stdout() + "\n" + r.stderr());
            }
            return new Pass(results, tree(dir), Files.readAllBytes(dir.resolve("solo.wasm")));
        }
    }

    /**
     * Every path under {@code dir} with the hash of its content. emcc names the temporary file of
     * {@code --preload-file}'s loader in the JS it writes ({@code // include: /tmp/tmpk2x9a1b0.js}),
     * a new name each real run: that name is masked, nothing else.
     */
    private static Map<String, String> tree(Path dir) throws IOException, NoSuchAlgorithmException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(p -> !p.equals(dir)).toList()) {
                byte[] content = Files.isDirectory(p) ? null : Files.readAllBytes(p);
                if (p.toString().endsWith(".js")) {
                    content = PYTHON_TEMP_FILE.matcher(new String(content, StandardCharsets.UTF_8)).replaceAll("/tmp/tmp--------")
                            .getBytes(StandardCharsets.UTF_8);
                }
                tree.put(dir.relativize(p).toString(), content == null ? "directory"
                        : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
            }
        }
        return tree;
    }

    private static final Pattern PYTHON_TEMP_FILE = Pattern.compile("/tmp/tmp[a-z0-9_]{8}");
}
