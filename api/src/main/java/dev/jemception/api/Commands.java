package dev.jemception.api;

import dev.jemception.api.internal.JemceptionCommand;
import dev.jemception.runtime.Cancellation;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs a {@code jemception} command line as the {@code jemception} command does, in a session of
 * its own: jemception's options ({@code --verbose}, {@code --cache-stats} ...), then a tool and its
 * arguments; the host directories the command line names are mounted at their real paths; the
 * caches and the wasm engine come from the environment ({@code JEMCEPTION_*}). The one way the
 * command, its daemon and jemception-maven-plugin's in-process mode run commands.
 */
public final class Commands {
    private Commands() {}

    /**
     * Where a command line comes from: its streams, working directory and environment (a
     * process's own, or a daemon client's), and what cancels it.
     */
    public record Invocation(InputStream in, PrintStream out, PrintStream err, Path cwd, Map<String, String> env,
            Cancellation cancellation) {
        /** This process's directory and environment, with these streams. */
        public static Invocation ofThisProcess(InputStream in, PrintStream out, PrintStream err, Cancellation cancellation) {
            return new Invocation(in, out, err, Path.of("").toAbsolutePath(), System.getenv(), cancellation);
        }
    }

    /** Runs the command line and returns its exit code; never throws for a failing command. */
    public static int run(List<String> argv, Invocation call) {
        PrintStream err = call.err();
        return new CommandLine(new JemceptionCommand(call))
                .setExecutionExceptionHandler((e, cli, parsed) -> {
                    // jemception's own failures (a missing pack, a broken build): one line, no stack trace
                    err.println("jemception: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                    if (Boolean.getBoolean("jemception.verbose")) {
                        e.printStackTrace(err);
                    }
                    return 1;
                })
                .setStopAtPositional(true)
                .setUnmatchedOptionsArePositionalParams(true)
                .setOut(new PrintWriter(call.out(), true))
                .setErr(new PrintWriter(err, true))
                .execute(argv.toArray(String[]::new));
    }
}
