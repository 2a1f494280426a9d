package dev.jemception.runtime.cache;

import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.Replay;
import dev.jemception.runtime.cache.RunRecord.Input;
import dev.jemception.runtime.cache.RunRecord.Output;
import dev.jemception.runtime.Hashing;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays runs of pure programs instead of running them again (ccache's direct mode, for every
 * file a program opens). jemception serves every file a program touches, so a run's inputs are
 * known exactly: the files it read (with their content), the names it looked for in vain and the
 * directories it listed. A later run with the same command line, working directory and
 * environment whose inputs are all unchanged gets the recorded files, output and exit code
 * written back without running. Serves the programs that say they may be replayed
 * ({@link Program#replay}: clang, wasm-ld, Emscripten's {@code compiler.mjs} and
 * {@code acorn-optimizer.mjs}, and the whole {@code emcc}/{@code em++} command). Only successful
 * runs are recorded, and only those that did not read standard input unless the program's input is
 * part of the key.
 *
 * <p>Two tiers: a local store, and optionally a remote one ({@link RemoteCache}) asked when no
 * local record fits; what comes from the remote is kept locally, and what a run records goes to
 * both (to the remote in the background). The key names no host path: the working directory is a
 * placeholder ({@link RunPaths}), so two checkouts of a project at different paths share entries.
 * Thread-safe; one per store is shared by the JVM.
 */
public final class ResultCache {
    private static final Map<Path, ResultCache> ON_DISK = new ConcurrentHashMap<>();
    private static final Map<List<Object>, ResultCache> LAYERED = new ConcurrentHashMap<>();

    private final ResultStore store;
    private final HttpResultStore remote;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong remoteHits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();

    private ResultCache(ResultStore store, HttpResultStore remote) {
        this.store = store;
        this.remote = remote;
    }

    /** A cache over any store (a test's), without a remote tier. */
    public static ResultCache of(ResultStore store) {
        return new ResultCache(store, null);
    }

    /** The JVM's cache in {@code directory}, created on first use, capped at {@code maxBytes}. */
    public static ResultCache onDisk(Path directory, long maxBytes) {
        return ON_DISK.computeIfAbsent(directory.toAbsolutePath().normalize(),
                dir -> new ResultCache(new DiskResultStore(dir, maxBytes), null));
    }

    /**
     * The JVM's cache in {@code directory} backed by {@code remote}: one per directory and remote,
     * so that its counts and its upload queue are shared by every session that uses them.
     */
    public static ResultCache onDisk(Path directory, long maxBytes, RemoteCache remote) {
        ResultCache local = onDisk(directory, maxBytes);
        return LAYERED.computeIfAbsent(List.of(directory.toAbsolutePath().normalize(), remote),
                k -> new ResultCache(local.store, new HttpResultStore(remote)));
    }

    /** The local store. */
    public ResultStore store() {
        return store;
    }

    /** The remote tier, if any. */
    public Optional<RemoteCache> remote() {
        return Optional.ofNullable(remote).map(HttpResultStore::remote);
    }

    /**
     * Runs served from the local store and from the remote one, runs that had to run, and runs
     * recorded, since this cache was made (in the daemon: since it started).
     */
    public record Counts(long hits, long remoteHits, long misses, long recorded) {}

    public Counts counts() {
        return new Counts(hits.get(), remoteHits.get(), misses.get(), recorded.get());
    }

    /**
     * The remote tier's traffic: entries found and not found, failed requests, blobs that did not
     * match their digest, bytes down and up, and values uploaded.
     */
    public record RemoteCounts(long hits, long misses, long errors, long corrupt, long bytesDown, long bytesUp,
            long uploaded) {}

    public Optional<RemoteCounts> remoteCounts() {
        return Optional.ofNullable(remote).map(r -> new RemoteCounts(r.hits.get(), r.misses.get(), r.errors.get(),
                r.corrupt.get(), r.bytesDown.get(), r.bytesUp.get(), r.uploaded.get()));
    }

    /** What went wrong with the remote tier and was not said yet, taken: said once per problem. */
    public Optional<String> takeWarning() {
        return remote == null ? Optional.empty() : remote.takeWarning();
    }

    /** Waits up to {@code limit} for the uploads queued so far (a JVM about to exit, tests). */
    public void awaitUploads(Duration limit) throws InterruptedException {
        if (remote != null) {
            remote.awaitUploads(limit);
        }
    }

    /** Waits up to {@code limit} (each) for the uploads of every remote tier of this JVM: before it exits. */
    public static void awaitAllUploads(Duration limit) {
        try {
            for (ResultCache cache : LAYERED.values()) {
                cache.awaitUploads(limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the cache serves this run of {@code program}: the program says so ({@link Program#replay}). */
    public boolean serves(Program program, ProcessContext process) {
        return program.replay(process).allowed();
    }

    /**
     * Runs {@code program} for {@code process}, or replays a recorded run of the same command
     * with the same inputs. {@code toolchain} identifies what the packs and programs are.
     */
    public int run(ProcessContext process, String toolchain, Program program) throws Exception {
        FileSystem fs = process.fs();
        Replay policy = program.replay(process);
        RunPaths paths = new RunPaths(fs, process.argv(), process.cwd(), process.env(), policy);
        List<String> named = NamedOutputs.of(fs, process.argv(), process.cwd(), policy).stream().map(paths::normalize).toList();
        byte[] input = policy.stdinIsInput() ? process.stdin().readAllBytes() : null;
        String key = key(process, toolchain, paths, input);
        FileAccessListener parent = Vfs.listener(fs);
        List<RunRecord> local = records(store, key);
        RunRecord hit = replayAny(process, local, paths, named, parent);
        if (hit != null) {
            hits.incrementAndGet();
            return hit.exitCode();
        }
        List<RunRecord> shared = remote == null ? List.of() : records(remote, key);
        hit = replayAny(process, shared, paths, named, parent);
        if (hit != null) {
            remoteHits.incrementAndGet();
            putQuietly(store, key, merge(List.of(hit), local));
            return hit.exitCode();
        }
        misses.incrementAndGet();

        var stdin = new WatchedInput(input != null ? new ByteArrayInputStream(input) : process.stdin());
        var out = new Tee(process.stdout());
        var err = new Tee(process.stderr());
        var recorder = new RunRecorder(fs, paths);
        int code;
        try (var scope = Vfs.listen(fs, parent == null ? recorder : recorder.andThen(parent))) {
            code = program.run(process.with(process.argv(), stdin, out, err));
        }
        String why = code != 0 ? "exit code " + code
                : input == null && stdin.used ? "it read stdin"
                : process.cancellation().isCancelled() ? "it was cancelled"
                : recorder.uncacheable();
        if (why == null) {
            try (var quiet = Vfs.listen(fs, null)) {
                why = record(key, recorder, paths, named, code, out, err, local, shared);
            } catch (IOException e) {
                why = "the cache could not store it: " + e.getMessage(); // the run itself succeeded
            }
        }
        if (why != null && Boolean.getBoolean("jemception.verbose")) {
            process.stderr().write(("jemception: result cache: " + process.argv().get(0) + " not recorded: " + why + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return code;
    }

    /** Stores what {@code recorder} saw of a successful run under {@code key}; why not, or null when stored. */
    private String record(String key, RunRecorder recorder, RunPaths paths, List<String> named, int code, Tee out,
            Tee err, List<RunRecord> local, List<RunRecord> shared) throws IOException {
        Map<String, byte[]> blobs = new HashMap<>();
        List<Output> outputs = recorder.outputs(blobs);
        if (outputs == null) {
            return recorder.uncacheable();
        }
        String lacking = lacking(outputs, named);
        if (lacking != null) {
            return "it did not leave " + paths.denormalize(lacking) + ", which its command line names";
        }
        List<Input> inputs = new ArrayList<>(recorder.inputs());
        Stream stdout = stream(out.copy.toByteArray(), paths, blobs);
        Stream stderr = stream(err.copy.toByteArray(), paths, blobs);
        if (recorder.boundToWorkdir() || stdout.bound() || stderr.bound()) {
            // binary content names this directory: good for this directory only
            inputs.add(new Input(RunRecord.InputKind.WORKDIR, "", null, workdirHash(paths)));
        }
        var record = new RunRecord(code, stdout.hash(), stdout.text(), stderr.hash(), stderr.text(),
                List.copyOf(inputs), outputs);
        for (var blob : blobs.entrySet()) {
            store.putBlob(blob.getKey(), blob.getValue());
            if (remote != null) {
                remote.putBlob(blob.getKey(), blob.getValue());
            }
        }
        store.putAction(key, RunRecord.encode(merge(List.of(record), local)));
        if (remote != null) {
            remote.putAction(key, RunRecord.encode(merge(List.of(record), shared)));
        }
        recorded.incrementAndGet();
        return null;
    }

    /** The first of {@code named} (normalized paths) that is not a file among {@code outputs}, or null. */
    private static String lacking(List<Output> outputs, List<String> named) {
        for (String path : named) {
            if (outputs.stream().noneMatch(o -> o.kind().isFile() && o.path().equals(path))) {
                return path;
            }
        }
        return null;
    }

    /** A run's stdout or stderr as stored: its blob's hash, stored as text with the directory as placeholder or not. */
    private record Stream(String hash, boolean text, boolean bound) {}

    private static Stream stream(byte[] content, RunPaths paths, Map<String, byte[]> blobs) {
        RunPaths.Content travel = paths.classify(content);
        boolean text = travel == RunPaths.Content.TEXT_WITH_WORKDIR;
        return new Stream(put(blobs, text ? paths.normalizeText(content) : content), text,
                travel == RunPaths.Content.BINARY_WITH_WORKDIR);
    }

    private static String workdirHash(RunPaths paths) {
        return Hashing.sha256Hex(String.valueOf(paths.workdir()).getBytes(StandardCharsets.UTF_8));
    }

    /** The records of {@code key} in {@code store}; none when it has none or cannot be read. */
    private static List<RunRecord> records(ResultStore store, String key) {
        try {
            return store.getAction(key).map(RunRecord::decode).orElse(List.of());
        } catch (IOException e) {
            return List.of(); // an unreadable store is a miss
        }
    }

    /** {@code first}, then the records of {@code rest} not among them: a key's new value. */
    private static List<RunRecord> merge(List<RunRecord> first, List<RunRecord> rest) {
        List<RunRecord> all = new ArrayList<>(first);
        rest.stream().filter(r -> !all.contains(r)).forEach(all::add);
        return all;
    }

    private static void putQuietly(ResultStore store, String key, List<RunRecord> records) {
        try {
            store.putAction(key, RunRecord.encode(records));
        } catch (IOException e) {
            // kept remotely only; the next run asks again
        }
    }

    /**
     * Replays the first of {@code records} whose inputs are all as recorded and that holds every
     * file the command line names ({@code named}, normalized); null when none does.
     */
    private RunRecord replayAny(ProcessContext process, List<RunRecord> records, RunPaths paths, List<String> named,
            FileAccessListener parent) throws IOException {
        for (RunRecord r : records) {
            String lacking = lacking(r.outputs(), named);
            Input changed = lacking == null ? changedInput(process.fs(), r, paths) : null;
            if (lacking == null && changed == null && replay(process, r, paths, parent)) {
                return r;
            }
            if ((lacking != null || changed != null) && Boolean.getBoolean("jemception.verbose")) {
                process.stderr().write(("jemception: result cache: " + process.argv().get(0) + " runs: "
                        + (lacking != null ? "its record lacks " + paths.denormalize(lacking)
                                : changed.kind() == RunRecord.InputKind.WORKDIR ? "another working directory"
                                : paths.denormalize(changed.path()) + " is not as recorded (" + changed.kind() + ")")
                        + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    private static String put(Map<String, byte[]> blobs, byte[] content) {
        String hash = Hashing.sha256Hex(content);
        blobs.put(hash, content);
        return hash;
    }

    /**
     * The key: the toolchain, the command line, the working directory and the environment, with
     * temporary names and the working directory as placeholders ({@link RunPaths}), and the hash
     * of what was piped in. No host path, user name or temp directory of this machine is in it.
     */
    private static String key(ProcessContext process, String toolchain, RunPaths paths, byte[] input) {
        var text = new StringBuilder("jemception-result-3\0").append(toolchain).append('\0');
        text.append("stdin=").append(input == null ? "-" : Hashing.sha256Hex(input)).append('\0');
        process.argv().forEach(a -> text.append(paths.normalize(a)).append('\0'));
        text.append("cwd=").append(paths.normalize(process.cwd())).append('\0');
        new TreeMap<>(process.env()).forEach((k, v) -> text.append(k).append('=').append(paths.normalize(v)).append('\0'));
        return Hashing.sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The first input of {@code r} that is not as it was recorded, or null when all are. */
    private static Input changedInput(FileSystem fs, RunRecord r, RunPaths paths) {
        // A file the run looked for and then wrote itself (emcc's cache entry) may be there now,
        // exactly as the run wrote it: the run would have found what it was going to make.
        Map<String, Output> written = new HashMap<>();
        r.outputs().stream().filter(o -> o.kind().isFile()).forEach(o -> written.put(o.path(), o));
        try (var quiet = Vfs.listen(fs, null)) {
            for (Input in : r.inputs()) {
                Path p = in.kind() == RunRecord.InputKind.WORKDIR ? null : fs.getPath(paths.denormalize(in.path()));
                boolean ok = switch (in.kind()) {
                    case FILE -> Files.isRegularFile(p) && Hashing.sha256Hex(Files.readAllBytes(p)).equals(in.hash());
                    case ABSENT -> !Files.exists(p) || written.containsKey(in.path()) && Files.isRegularFile(p)
                            && storedHash(written.get(in.path()), Files.readAllBytes(p), paths).equals(written.get(in.path()).hash());
                    case LISTING -> Files.isDirectory(p) && RunRecorder.listingHash(names(p)).equals(in.hash());
                    case WORKDIR -> workdirHash(paths).equals(in.hash());
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

    /** The hash {@code content} of output {@code o}'s file would be stored under. */
    private static String storedHash(Output o, byte[] content, RunPaths paths) {
        return Hashing.sha256Hex(o.kind() == RunRecord.OutputKind.TEXT_FILE ? paths.normalizeText(content) : content);
    }

    private static List<String> names(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    /**
     * Writes a recorded run's files and output. The enclosing run (emcc around clang) is told of
     * the inputs as if they had been read, and sees the writes, so it records them too. False,
     * with nothing written, when a blob is in neither tier (evicted, lost, corrupt).
     */
    private boolean replay(ProcessContext process, RunRecord r, RunPaths paths, FileAccessListener parent)
            throws IOException {
        FileSystem fs = process.fs();
        Map<String, byte[]> blobs = new HashMap<>();
        for (String hash : hashes(r)) {
            Optional<byte[]> blob = blob(hash);
            if (blob.isEmpty()) {
                return false;
            }
            blobs.put(hash, blob.get());
        }
        if (parent != null) {
            for (Input in : r.inputs()) {
                String path = paths.denormalize(in.path());
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
                    case WORKDIR -> { } // the enclosing run has the same working directory
                }
            }
        }
        for (Output o : r.outputs()) {
            Path p = fs.getPath(paths.denormalize(o.path()));
            switch (o.kind()) {
                case DIRECTORY -> Files.createDirectories(p);
                case DELETED -> Files.deleteIfExists(p);
                case FILE, TEXT_FILE -> {
                    byte[] content = o.kind() == RunRecord.OutputKind.TEXT_FILE
                            ? paths.denormalizeText(blobs.get(o.hash())) : blobs.get(o.hash());
                    boolean same;
                    try (var quiet = Vfs.listen(fs, null)) {
                        same = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(p), content);
                    }
                    if (same) {
                        // a file another process may be reading (emcc's cache): touch, do not rewrite
                        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
                    } else {
                        Files.write(p, content);
                    }
                }
            }
        }
        byte[] stdout = blobs.get(r.stdoutHash());
        byte[] stderr = blobs.get(r.stderrHash());
        process.stdout().write(r.stdoutWithWorkdir() ? paths.denormalizeText(stdout) : stdout);
        process.stderr().write(r.stderrWithWorkdir() ? paths.denormalizeText(stderr) : stderr);
        process.stdout().flush();
        process.stderr().flush();
        return true;
    }

    /** A blob from the local store, else from the remote one (then kept locally); empty when neither has it. */
    private Optional<byte[]> blob(String hash) throws IOException {
        Optional<byte[]> blob = store.getBlob(hash);
        if (blob.isEmpty() && remote != null) {
            blob = remote.getBlob(hash);
            if (blob.isPresent()) {
                store.putBlob(hash, blob.get());
            }
        }
        return blob;
    }

    private static List<String> hashes(RunRecord r) {
        List<String> hashes = new ArrayList<>(List.of(r.stdoutHash(), r.stderrHash()));
        r.outputs().stream().filter(o -> o.kind().isFile()).forEach(o -> hashes.add(o.hash()));
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
