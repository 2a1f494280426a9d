package dev.jemception.maven;

import dev.jemception.api.Commands;
import dev.jemception.runtime.Cancellation;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Commands in Maven's own JVM, exactly as the daemon runs them ({@link Commands#run}: a session of
 * their own over the toolchain loaded once per JVM), for environments that forbid background
 * processes. Slower: Maven's JVM lacks the launcher's flags, and the toolchain warms up in every build.
 */
final class InProcessRunner implements CommandRunner {
    private final Map<String, String> env;

    /** Commands run with {@code env} ({@code JEMCEPTION_*}, {@code EMCC_*}), as the daemon would get it. */
    InProcessRunner(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public int run(List<String> argv, Path cwd, OutputStream out, OutputStream err) {
        var stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        var stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        return Commands.run(argv, new Commands.Invocation(InputStream.nullInputStream(), stdout, stderr, cwd, env, new Cancellation()));
    }
}
