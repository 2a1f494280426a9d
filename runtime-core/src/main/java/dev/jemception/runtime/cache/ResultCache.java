package dev.jemception.runtime.cache;

import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramRegistry;
import dev.jemception.runtime.cache.RunRecord.Input;
import dev.jemception.runtime.cache.RunRecord.Output;
import dev.jemception.vfs.FileAccessListener;
import dev.jemception.vfs.Vfs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays runs of pure programs instead of running them again (ccache's direct mode, for every
 * file a program opens). jemception serves every file a program touches, so a run's inputs are
 * known exactly: the files it read (with their content), the names it looked for in vain and the
 * directories it listed. A later run with the same command line, working directory and
 * environment whose inputs are all unchanged gets the recorded files, output and exit code
 * written back without running. Serves clang, wasm-ld, Emscripten's {@code compiler.mjs} and the
 * whole {@code emcc}/{@code em++} command. Only successful runs that did not read standard input
 * are recorded. Thread-safe; one per store is shared by the JVM.
 */
public final class ResultCache {
    /** Programs whose output depends only on what they read. */
    private static final Set<String> PURE = Set.of("clang", "clang++", "wasm-ld", "emcc", "em++");
    private static final Map<Path, ResultCache> ON_DISK = new ConcurrentHashMap<>();

    private final ResultStore store;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();

    private ResultCache(ResultStore store) {
        this.store = store;
    }

    /** A cache over any store (a remote one, a test's). */
    public static ResultCache of(ResultStore store) {
        return new ResultCache(store);
    }

    /** The JVM's cache in {@code directory}, created on first use, capped at {@code maxBytes}. */
    public static ResultCache onDisk(Path directory, long maxBytes) {
        return ON_DISK.computeIfAbsent(directory.toAbsolutePath().normalize(),
                dir -> new ResultCache(new DiskResultStore(dir, maxBytes)));
    }

    public ResultStore store() {
        return store;
    }

    /** Runs served from the cache, runs that had to run, and runs recorded, since this JVM started. */
    public record Counts(long hits, long misses, long recorded) {}

    public Counts counts() {
        return new Counts(hits.get(), misses.get(), recorded.get());
    }

    /** Whether this process is one the cache serves. */
    public boolean serves(ProcessContext process) {
        return PURE.contains(ProgramRegistry.commandName(process.argv().get(0))) || isNode(process);
    }

    private static boolean isNode(ProcessContext process) {
        return ProgramRegistry.commandName(process.argv().get(0)).equals("node")
                && process.args().stream().anyMatch(a -> a.endsWith("/compiler.mjs"));
    }

    /**
     * Runs {@code program} for {@code process}, or replays a recorded run of the same command
     * with the same inputs. {@code toolchain} identifies what the packs and programs are.
     */
    public int run(ProcessContext process, String toolchain, Program program) throws Exception {
        FileSystem fs = process.fs();
        TempPaths temps = new TempPaths(fs, process.argv());
        // emcc pipes compiler.mjs its settings: read them first, they are part of the key
        byte[] input = isNode(process) ? process.stdin().readAllBytes() : null;
        String key = key(process, toolchain, temps, input);
        FileAccessListener parent = Vfs.listener(fs);
        List<RunRecord> known = new ArrayList<>();
        try {
            known.addAll(store.getAction(key).map(RunRecord::decode).orElse(List.of()));
            for (RunRecord r : known) {
                Input changed = changedInput(fs, r, temps);
                if (changed == null && replay(process, r, temps, parent)) {
                    hits.incrementAndGet();
                    return r.exitCode();
                }
                if (changed != null && Boolean.getBoolean("jemception.verbose")) {
                    process.stderr().write(("jemception: result cache: " + process.argv().get(0) + " runs: "
                            + temps.denormalize(changed.path()) + " is not as recorded (" + changed.kind() + ")\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // an unreadable store is a miss
        }
        misses.incrementAndGet();

        var stdin = new WatchedInput(input != null ? new ByteArrayInputStream(input) : process.stdin());
        var out = new Tee(process.stdout());
        var err = new Tee(process.stderr());
        var recorder = new RunRecorder(fs, temps);
        int code;
        try (var scope = Vfs.listen(fs, parent == null ? recorder : recorder.andThen(parent))) {
            code = program.run(process.with(process.argv(), stdin, out, err));
        }
        if (Boolean.getBoolean("jemception.verbose")) {
            String why = code != 0 ? "exit code " + code : input == null && stdin.used ? "it read stdin" : recorder.uncacheable();
            if (why != null) {
                process.stderr().write(("jemception: result cache: " + process.argv().get(0) + " not recorded: " + why + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        if (code == 0 && (input != null || !stdin.used) && !process.cancellation().isCancelled() && recorder.uncacheable() == null) {
            try (var quiet = Vfs.listen(fs, null)) {
                Map<String, byte[]> blobs = new HashMap<>();
                List<Output> outputs = recorder.outputs(blobs);
                if (outputs != null) {
                    String stdoutHash = put(blobs, out.copy.toByteArray());
                    String stderrHash = put(blobs, err.copy.toByteArray());
                    for (var blob : blobs.entrySet()) {
                        store.putBlob(blob.getKey(), blob.getValue());
                    }
                    known.add(0, new RunRecord(code, stdoutHash, stderrHash, recorder.inputs(), outputs));
                    store.putAction(key, RunRecord.encode(known));
                    recorded.incrementAndGet();
                }
            } catch (IOException e) {
                // not recorded; the run itself succeeded
            }
        }
        return code;
    }

    private static String put(Map<String, byte[]> blobs, byte[] content) {
        String hash = Hashes.sha256(content);
        blobs.put(hash, content);
        return hash;
    }

    /** The command line, working directory and environment, temporary names normalized. */
    private static String key(ProcessContext process, String toolchain, TempPaths temps, byte[] input) {
        var text = new StringBuilder("jemception-result-1\0").append(toolchain).append('\0');
        text.append("stdin=").append(input == null ? "-" : Hashes.sha256(input)).append('\0');
        process.argv().forEach(a -> text.append(temps.normalize(a)).append('\0'));
        text.append("cwd=").append(temps.normalize(process.cwd())).append('\0');
        new TreeMap<>(process.env()).forEach((k, v) -> text.append(k).append('=').append(temps.normalize(v)).append('\0'));
        return Hashes.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The first input of {@code r} that is not as it was recorded, or null when all are. */
    private static Input changedInput(FileSystem fs, RunRecord r, TempPaths temps) {
        // A file the run looked for and then wrote itself (emcc's cache entry) may be there now,
        // exactly as the run wrote it: the run would have found what it was going to make.
        Map<String, String> written = new HashMap<>();
        r.outputs().stream().filter(o -> o.kind() == RunRecord.OutputKind.FILE).forEach(o -> written.put(o.path(), o.hash()));
        try (var quiet = Vfs.listen(fs, null)) {
            for (Input in : r.inputs()) {
                Path p = fs.getPath(temps.denormalize(in.path()));
                boolean ok = switch (in.kind()) {
                    case FILE -> Files.isRegularFile(p) && Hashes.sha256(Files.readAllBytes(p)).equals(in.hash());
                    case ABSENT -> !Files.exists(p) || written.containsKey(in.path()) && Files.isRegularFile(p)
                            && Hashes.sha256(Files.readAllBytes(p)).equals(written.get(in.path()));
                    case LISTING -> Files.isDirectory(p) && RunRecorder.listingHash(names(p)).equals(in.hash());
                };
                if (!ok) {
                    return in;
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return r.inputs().isEmpty() ? new Input(RunRecord.InputKind.FILE, "?", null, "") : r.inputs().get(0);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    /**
     * Writes a recorded run's files and output. The enclosing run (emcc around clang) is told of
     * the inputs as if they had been read, and sees the writes, so it records them too.
     */
    private boolean replay(ProcessContext process, RunRecord r, TempPaths temps, FileAccessListener parent)
            throws IOException {
        FileSystem fs = process.fs();
        Map<String, byte[]> blobs = new HashMap<>();
        for (String hash : hashes(r)) {
            Optional<byte[]> blob = store.getBlob(hash);
            if (blob.isEmpty()) {
                return false; // evicted: run instead
            }
            blobs.put(hash, blob.get());
        }
        if (parent != null) {
            for (Input in : r.inputs()) {
                String path = temps.denormalize(in.path());
                switch (in.kind()) {
                    case FILE -> parent.read(path, in.origin());
                    case ABSENT -> parent.missing(path, in.origin());
                    case LISTING -> {
                        List<String> names;
                        try (var quiet = Vfs.listen(fs, null)) {
                            names = names(fs.getPath(path));
                        }
                        parent.listed(path, names, in.origin());
                    }
                }
            }
        }
        for (Output o : r.outputs()) {
            Path p = fs.getPath(temps.denormalize(o.path()));
            switch (o.kind()) {
                case DIRECTORY -> Files.createDirectories(p);
                case DELETED -> Files.deleteIfExists(p);
                case FILE -> {
                    boolean same;
                    try (var quiet = Vfs.listen(fs, null)) {
                        same = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                                && Arrays.equals(Files.readAllBytes(p), blobs.get(o.hash()));
                    }
                    if (same) {
                        // a file another process may be reading (emcc's cache): touch, do not rewrite
                        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
                    } else {
                        Files.write(p, blobs.get(o.hash()));
                    }
                }
            }
        }
        process.stdout().write(blobs.get(r.stdoutHash()));
        process.stderr().write(blobs.get(r.stderrHash()));
        process.stdout().flush();
        process.stderr().flush();
        return true;
    }

    private static List<String> hashes(RunRecord r) {
        List<String> hashes = new ArrayList<>(List.of(r.stdoutHash(), r.stderrHash()));
        r.outputs().stream().filter(o -> o.kind() == RunRecord.OutputKind.FILE).forEach(o -> hashes.add(o.hash()));
        return hashes;
    }

    /** Standard input that remembers whether the program read it (then the run is not recorded). */
    private static final class WatchedInput extends FilterInputStream {
        volatile boolean used;

        WatchedInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            used = true;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            used = true;
            return super.read(b, off, len);
        }
    }

    /** An output stream that also keeps a copy of what went through it. */
    private static final class Tee extends OutputStream {
        private final OutputStream target;
        final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Tee(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }
}
