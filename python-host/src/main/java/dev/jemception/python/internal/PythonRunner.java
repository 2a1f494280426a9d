package dev.jemception.python.internal;

import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.polyglot.io.IOAccess;

/**
 * {@code python [options] script.py|-c CODE|-m MODULE [args]}: one GraalPy context per run over
 * the session's VFS, all sharing one {@link Engine} so later runs reuse what earlier runs compiled.
 * Subprocesses go to jemception programs through {@link ProgramProcessHandler}.
 */
public final class PythonRunner {
    /** Where {@code python3} is on disk (sys.executable). */
    public static final String BIN_DIR = GraalPyHome.HOME + "/bin";

    private PythonRunner() {}

    private static final class Shared {
        static final Engine ENGINE = Engine.newBuilder("python")
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        static final Source BOOTSTRAP = source("bootstrap.py");
        static final String EMSCRIPTEN_GUARDS = text("emscripten.py");

        private static Source source(String name) {
            return Source.newBuilder("python", text(name), "<jemception " + name + ">").buildLiteral();
        }

        private static String text(String name) {
            try (InputStream in = PythonRunner.class.getResourceAsStream("/dev/jemception/python/" + name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Runs the python command line of {@code process}. */
    public static int run(ProcessContext process) throws Exception {
        List<String> args = process.args();
        int i = 0;
        String mode = null;
        String target = null;
        while (i < args.size() && mode == null) {
            String a = args.get(i++);
            switch (a) {
                case "-c" -> mode = "code";
                case "-m" -> mode = "module";
                case "-V", "--version" -> {
                    String version = Shared.ENGINE.getLanguages().get("python").getVersion();
                    process.stdout().write(("Python " + version + " (GraalPy)\n").getBytes(StandardCharsets.UTF_8));
                    return 0;
                }
                default -> {
                    if (!a.startsWith("-")) {
                        mode = "script";
                        target = a;
                    } else if (!a.matches("-[BEIOsSuv]+|-X.*|-W.*")) {
                        return fail(process, "python: option " + a + " is not supported by jemception's python");
                    }
                }
            }
            if (target == null && mode != null) {
                if (i >= args.size()) {
                    return fail(process, "python: argument expected for the " + (mode.equals("code") ? "-c" : "-m") + " option");
                }
                target = args.get(i++);
            }
        }
        if (mode == null) {
            return fail(process, "python: jemception's python runs a script, -c CODE or -m MODULE; there is no REPL");
        }
        List<String> argv = new ArrayList<>();
        argv.add(mode.equals("code") ? "-c" : target);
        argv.addAll(args.subList(i, args.size()));
        return runPython(process, mode, target, argv, process.env(), false);
    }

    /** Runs an Emscripten script ({@code emcc.py} ...) as {@code python SCRIPT args}, with jemception's guards. */
    public static int runEmscripten(ProcessContext process, String script) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(script);
        argv.addAll(process.args());
        Map<String, String> env = new HashMap<>(process.env());
        // Its sanity check re-runs clang and node to check their versions: nothing to learn here.
        env.putIfAbsent("EMCC_SKIP_SANITY_CHECK", "1");
        // Parallel jobs would be threads of this JVM competing for its cores: one at a time.
        env.putIfAbsent("EMCC_CORES", "1");
        return runPython(process, "script", script, argv, env, true);
    }

    private static int runPython(ProcessContext process, String mode, String target, List<String> argv,
            Map<String, String> env, boolean emscripten) throws Exception {
        if (mode.equals("script")) {
            Path script = process.fs().getPath(process.cwd()).resolve(target);
            if (!Files.isRegularFile(script)) {
                return fail(process, "python: can't open file '" + script + "': [Errno 2] No such file or directory");
            }
            target = script.toString();
        }
        FileSystem fs = FileSystem.newFileSystem(process.fs());
        var children = new ProgramProcessHandler(process);
        try (Context context = Context.newBuilder("python")
                .engine(Shared.ENGINE)
                .allowIO(IOAccess.newBuilder().fileSystem(fs).build())
                .currentWorkingDirectory(process.fs().getPath(process.cwd()))
                .allowCreateProcess(true)
                .processHandler(children)
                .allowCreateThread(true)
                .allowHostAccess(HostAccess.newBuilder(HostAccess.EXPLICIT).allowListAccess(true).build())
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .environment(env)
                .option("python.PosixModuleBackend", "java")
                .option("python.Executable", BIN_DIR + "/python3")
                .option("python.DontWriteBytecodeFlag", "false")
                .option("python.PyCachePrefix", EmsdkLayout.PYCACHE)
                .option("python.CheckHashPycsMode", "never")
                .option("python.PythonHome", GraalPyHome.HOME)
                .option("python.CoreHome", GraalPyHome.CORE_HOME)
                .option("python.StdLibHome", GraalPyHome.STDLIB_HOME)
                .in(process.stdin())
                .out(process.stdout())
                .err(process.stderr())
                .build()) {
            // Cancelling the command closes the context from the canceller's thread, which stops it.
            try (var stop = process.onCancel(() -> context.close(true));
                    var locks = new FileLocks(process);
                    var awaitChildren = (AutoCloseable) children::awaitChildren) {
                return context.eval(Shared.BOOTSTRAP)
                        .execute(mode, target, argv, emscripten ? Shared.EMSCRIPTEN_GUARDS : null, locks)
                        .asInt();
            } catch (PolyglotException e) {
                if (e.isExit()) {
                    return e.getExitStatus();
                }
                if (e.isCancelled() || e.isInternalError() && !e.isGuestException()) {
                    throw e;
                }
                process.stderr().write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                return 1;
            }
        }
    }

    private static int fail(ProcessContext process, String message) throws IOException {
        process.stderr().write((message + "\n").getBytes(StandardCharsets.UTF_8));
        return 2;
    }
}
