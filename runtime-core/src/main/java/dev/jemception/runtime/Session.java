package dev.jemception.runtime;

import dev.jemception.runtime.cache.ResultCache;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.runtime.internal.HostJournal;
import dev.jemception.vfs.Vfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One file system (payload, a private in-memory layer, the chosen host directories) plus the
 * toolchain's programs: the world a compile runs in. Thread-safe: commands may run concurrently,
 * they share the file system as processes of one machine would. Close it to free the memory layer.
 */
public final class Session implements AutoCloseable {
    /** Exit code of a command that names no jemception program, as a shell would give. */
    public static final int COMMAND_NOT_FOUND = 127;
    /** Exit code of a cancelled command (a shell's for SIGINT). */
    public static final int CANCELLED = 130;
    /** Exit code of a command stopped at its time limit (as {@code timeout(1)} gives). */
    public static final int TIMED_OUT = 124;
    /** How long a cancelled command's rollback waits for the processes it started to stop. */
    private static final Duration STRAGGLER_LIMIT = Duration.ofSeconds(30);

    private final Toolchain toolchain;
    private final FileSystem fs;
    private final String cwd;
    private final Map<String, String> env;
    private final ProcessListener listener;
    private final ResultCache resultCache;
    private final WasmEngine wasmEngine;

    private Session(Toolchain toolchain, FileSystem fs, String cwd, Map<String, String> env, ProcessListener listener,
            ResultCache resultCache, WasmEngine wasmEngine) {
        this.wasmEngine = wasmEngine;
        this.toolchain = toolchain;
        this.fs = fs;
        this.cwd = cwd;
        this.env = Map.copyOf(env);
        this.listener = listener;
        this.resultCache = resultCache;
    }

    /** Told of every process of a session when it ends, children included (benchmarks, logs). */
    @FunctionalInterface
    public interface ProcessListener {
        void exited(List<String> argv, int exitCode, long elapsedNanos);
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Toolchain toolchain() {
        return toolchain;
    }

    /** The wasm engine chosen for the session's wasm programs ({@link WasmEngine#AUTO} unless one was chosen). */
    public WasmEngine wasmEngine() {
        return wasmEngine;
    }

    /** Runs a command in the session's working directory and environment, capturing its output. */
    public RunResult run(String... argv) {
        return run(Arrays.asList(argv));
    }

    /** Runs a command in the session's working directory and environment, capturing its output. */
    public RunResult run(List<String> argv) {
        return run(argv, new Cancellation());
    }

    /**
     * Runs a command as {@link #run(List)} does, stopping it if it is still running after
     * {@code timeLimit}: it then ends with {@value #TIMED_OUT} and says so on stderr, having left
     * nothing in host directories. The session stays usable.
     */
    public RunResult run(List<String> argv, Duration timeLimit) {
        var cancellation = new Cancellation();
        try (var limit = cancellation.timeLimit(timeLimit)) {
            return run(argv, cancellation);
        }
    }

    /** Runs a command that {@code cancellation} can stop from another thread, capturing its output. */
    public RunResult run(List<String> argv, Cancellation cancellation) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = run(argv, InputStream.nullInputStream(), out, err, cancellation);
        return new RunResult(code, out.toByteArray(), err.toByteArray());
    }

    /** Runs a command with the given standard streams, in the session's cwd and environment. */
    public int run(List<String> argv, InputStream in, OutputStream out, OutputStream err) {
        return run(argv, in, out, err, new Cancellation());
    }

    /**
     * Runs a command with the given standard streams that {@code cancellation} can stop from
     * another thread. A cancelled command ends with the cancellation's exit code, every host file
     * it created is removed and every one it changed is put back.
     */
    public int run(List<String> argv, InputStream in, OutputStream out, OutputStream err, Cancellation cancellation) {
        var journal = new HostJournal(fs);
        int code;
        try (var scope = Vfs.listen(fs, journal)) {
            code = run(new ProcessContext(argv, env, cwd, in, out, err, this, cancellation));
        }
        if (cancellation.isCancelled()) {
            Thread.interrupted(); // the caller's thread may have been one of the command's: file I/O must work
            cancellation.awaitProcesses(STRAGGLER_LIMIT);
            journal.rollback();
            report(err, "jemception: " + argv.get(0) + ": " + cancellation.reason());
            return cancellation.exitCode();
        }
        return code;
    }

    /**
     * Runs a process to completion. Never throws for a failing program: an unknown command gives
     * {@value #COMMAND_NOT_FOUND}, a program's unexpected exception gives 1 with a one-line message.
     */
    public int run(ProcessContext process) {
        if (process.argv().isEmpty()) {
            throw new IllegalArgumentException("empty command line");
        }
        long start = System.nanoTime();
        int code;
        try (var running = process.cancellation().enter()) {
            code = dispatch(process);
        }
        listener.exited(process.argv(), code, System.nanoTime() - start);
        return code;
    }

    private int dispatch(ProcessContext process) {
        String command = process.argv().get(0);
        Cancellation cancellation = process.cancellation();
        if (cancellation.isCancelled()) {
            return cancellation.exitCode();
        }
        var program = toolchain.programs().find(command);
        if (program.isEmpty()) {
            report(process.stderr(), "jemception: " + command + ": no such program (jemception has: "
                    + String.join(", ", toolchain.programs().names()) + ")");
            return COMMAND_NOT_FOUND;
        }
        try {
            if (resultCache != null && resultCache.serves(program.get(), process)) {
                return resultCache.run(process, toolchain.identity(), program.get());
            }
            return program.get().run(process);
        } catch (ProgramUnavailableException e) {
            report(process.stderr(), "jemception: " + command + ": " + e.getMessage());
            return 1;
        } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError e) {
            if (cancellation.isCancelled()) {
                return cancellation.exitCode(); // how a stopped program ends is no error of its own
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                report(process.stderr(), "jemception: " + command + ": interrupted");
                return CANCELLED;
            }
            report(process.stderr(), "jemception: " + command + ": internal error: " + e);
            if (Boolean.getBoolean("jemception.verbose")) {
                e.printStackTrace(new PrintStream(process.stderr(), true, StandardCharsets.UTF_8));
            }
            return 1;
        }
    }

    private static void report(OutputStream stderr, String message) {
        try {
            stderr.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            stderr.flush();
        } catch (IOException ignored) {
            // nowhere left to report to
        }
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }

    /** Configures a {@link Session}; get one from {@link Toolchain#newSession()}. */
    public static final class Builder {
        private final Toolchain toolchain;
        private final List<Path> hostDirs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String cwd = "/tmp";
        private ProcessListener listener = (argv, code, nanos) -> {};
        private Caches caches = Caches.user();
        private WasmEngine wasmEngine = WasmEngine.configured();

        Builder(Toolchain toolchain) {
            this.toolchain = toolchain;
            env.put("PATH", toolchain.programPath() + ":/usr/bin:/bin");
            env.put("HOME", "/tmp");
            env.put("TMPDIR", "/tmp");
        }

        /** Makes a host directory visible, read-write, at its real absolute path. */
        public Builder mountHost(Path directory) {
            hostDirs.add(directory);
            return this;
        }

        /** The working directory of commands (a VFS path; host paths are mounted at their real path). */
        public Builder cwd(String directory) {
            this.cwd = directory;
            return this;
        }

        /** The working directory of commands, a mounted host directory. */
        public Builder cwd(Path hostDirectory) throws IOException {
            return cwd(hostDirectory.toRealPath().toString());
        }

        /** Is told of every process of the session when it ends. */
        public Builder listener(ProcessListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** The caches to use (default {@link Caches#user()}: shared with every jemception JVM of the user). */
        public Builder caches(Caches caches) {
            this.caches = caches;
            return this;
        }

        /** The wasm engine (default {@link WasmEngine#configured()}: the system property, the environment, else auto). */
        public Builder wasmEngine(WasmEngine engine) {
            this.wasmEngine = engine;
            return this;
        }

        public Session build() throws IOException {
            var vfs = Vfs.builder();
            toolchain.mounts().forEach(vfs::mount);
            for (var writable : toolchain.writableMounts().entrySet()) {
                Path upper = caches.persistentLayer(writable.getValue());
                if (upper != null) {
                    Files.createDirectories(upper);
                    vfs.mountWritable(writable.getKey(), writable.getValue(), upper);
                } else {
                    vfs.mountWritable(writable.getKey(), writable.getValue());
                }
            }
            for (Path dir : hostDirs) {
                vfs.mountHost(dir);
            }
            return new Session(toolchain, vfs.build(), cwd, env, listener, caches.resultCache(), wasmEngine);
        }
    }
}
