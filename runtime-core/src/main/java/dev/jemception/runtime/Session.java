package dev.jemception.runtime;

import dev.jemception.vfs.Vfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
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

    private final Toolchain toolchain;
    private final FileSystem fs;
    private final String cwd;
    private final Map<String, String> env;
    private final ProcessListener listener;

    private Session(Toolchain toolchain, FileSystem fs, String cwd, Map<String, String> env, ProcessListener listener) {
        this.toolchain = toolchain;
        this.fs = fs;
        this.cwd = cwd;
        this.env = Map.copyOf(env);
        this.listener = listener;
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

    /** Runs a command in the session's working directory and environment, capturing its output. */
    public RunResult run(String... argv) {
        return run(Arrays.asList(argv));
    }

    /** Runs a command in the session's working directory and environment, capturing its output. */
    public RunResult run(List<String> argv) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = run(argv, InputStream.nullInputStream(), out, err);
        return new RunResult(code, out.toByteArray(), err.toByteArray());
    }

    /** Runs a command with the given standard streams, in the session's cwd and environment. */
    public int run(List<String> argv, InputStream in, OutputStream out, OutputStream err) {
        return run(new ProcessContext(argv, env, cwd, in, out, err, this));
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
        int code = dispatch(process);
        listener.exited(process.argv(), code, System.nanoTime() - start);
        return code;
    }

    private int dispatch(ProcessContext process) {
        String command = process.argv().get(0);
        var program = toolchain.programs().find(command);
        if (program.isEmpty()) {
            report(process, "jemception: " + command + ": no such program (jemception has: "
                    + String.join(", ", toolchain.programs().names()) + ")");
            return COMMAND_NOT_FOUND;
        }
        try {
            return program.get().run(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(process, "jemception: " + command + ": interrupted");
            return 130;
        } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError e) {
            report(process, "jemception: " + command + ": internal error: " + e);
            if (Boolean.getBoolean("jemception.verbose")) {
                e.printStackTrace(new PrintStream(process.stderr(), true, StandardCharsets.UTF_8));
            }
            return 1;
        }
    }

    private static void report(ProcessContext process, String message) {
        try {
            process.stderr().write((message + "\n").getBytes(StandardCharsets.UTF_8));
            process.stderr().flush();
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

        public Session build() throws IOException {
            var vfs = Vfs.builder();
            toolchain.mounts().forEach(vfs::mount);
            toolchain.writableMounts().forEach(vfs::mountWritable);
            for (Path dir : hostDirs) {
                vfs.mountHost(dir);
            }
            return new Session(toolchain, vfs.build(), cwd, env, listener);
        }
    }
}
