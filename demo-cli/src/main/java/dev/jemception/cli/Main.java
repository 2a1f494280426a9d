package dev.jemception.cli;

import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jemception [--verbose] <tool> [args...]}: runs a jemception program on the host's files.
 * Everything after the tool name goes to the tool untouched; the tool's exit code, stdout and
 * stderr are jemception's.
 */
@Command(name = "jemception", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        usageHelpAutoWidth = true,
        description = {
            "Emscripten's toolchain (clang, wasm-ld, llvm-ar, ...) running inside the JVM.",
            "The current directory and the directories of the files named on the command line are visible"
                + " to the tool at their real paths; nothing else of the host is.",
            "",
            "Built-in: bench [clang|emxx|emcc] [--runs N] [--source FILE]   time a compile in one JVM"
        })
public final class Main implements Callable<Integer> {

    @Option(names = "--verbose", description = "Say what is mounted and show internal errors in full.")
    boolean verbose;

    @Parameters(paramLabel = "TOOL [ARGS...]", description = "The program to run and its arguments, e.g. clang -c a.c.")
    List<String> command = new ArrayList<>();

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = execute(args, System.in, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a jemception command line with these streams and returns its exit code. */
    public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return new CommandLine(new Main(in, out, err))
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
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (command.isEmpty()) {
            CommandLine.usage(this, err);
            return 2;
        }
        if (verbose) {
            System.setProperty("jemception.verbose", "true");
        }
        if (command.get(0).equals("bench")) {
            return Bench.run(command.subList(1, command.size()), out, err);
        }
        Toolchain toolchain = Toolchain.load();
        if (toolchain.programs().find(command.get(0)).isEmpty()) {
            err.println("jemception: unknown tool '" + command.get(0) + "'. Tools: "
                    + String.join(", ", toolchain.programs().names()));
            return Session.COMMAND_NOT_FOUND;
        }
        Path cwd = Path.of("").toAbsolutePath();
        var session = toolchain.newSession();
        // emcc's own switches (EMCC_DEBUG, EMCC_CFLAGS, ...) reach it as under emsdk; the rest of the
        // host environment (PATH, HOME, EM_CONFIG ...) names host paths the tools cannot see.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("EMCC_")) {
                session.env(name, value);
            }
        });
        for (Path dir : HostMounts.forCommand(cwd, command.subList(1, command.size()), toolchain)) {
            if (verbose) {
                err.println("jemception: mounting " + dir);
            }
            session.mountHost(dir);
        }
        try (Session s = session.cwd(cwd).build()) {
            return s.run(command, in, out, err);
        }
    }

    /** The version of jemception and of what it runs. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jemception " + (v == null ? "(development build)" : v),
                "LLVM: @yowasp/clang 22.0.0-git20542-10 (clang 22.1.0)"};
        }
    }
}
