package dev.jemception.node.internal;

import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * {@code node [options] script [args]}, {@code node -e CODE}, {@code node --version}: one GraalJS
 * context per run over the session's VFS, all sharing one {@link Engine} so later runs reuse the
 * code earlier runs compiled.
 */
public final class NodeRunner {
    /** The Node.js version reported: one that Emscripten 5.0.7 accepts. */
    public static final String VERSION = "v22.12.0";

    private static final String MODULE_MIME = "application/javascript+module";

    private NodeRunner() {}

    private static final class Shared {
        static final Engine ENGINE = Engine.newBuilder("js", "wasm")
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        static final Source BOOTSTRAP = bootstrap();
        /** Imports the shim's built-ins up front, so that require() can return them synchronously. */
        static final Source LOAD_BUILTINS = loadBuiltins();

        private static Source loadBuiltins() {
            var code = new StringBuilder();
            var names = new StringBuilder();
            int i = 0;
            for (String name : NodeFileSystem.builtinNames()) {
                code.append("import b").append(i).append(" from 'node:").append(name).append("';\n");
                names.append(quote(name)).append(": b").append(i++).append(", ");
            }
            code.append("globalThis.__jemceptionRegisterBuiltins({").append(names).append("});\n");
            return Source.newBuilder("js", code, "node:internal/builtins").mimeType(MODULE_MIME).buildLiteral();
        }

        private static Source bootstrap() {
            try (InputStream in = NodeRunner.class.getResourceAsStream("/dev/jemception/node/shim/bootstrap.js")) {
                return Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8), "node:internal/bootstrap")
                        .build();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public static int run(ProcessContext process) throws IOException {
        List<String> args = process.args();
        int i = 0;
        String eval = null;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String a = args.get(i++);
            switch (a) {
                case "-v", "--version" -> {
                    process.stdout().write((VERSION + "\n").getBytes(StandardCharsets.UTF_8));
                    return 0;
                }
                case "-e", "--eval" -> {
                    if (i >= args.size()) {
                        return fail(process, "node: -e requires an argument");
                    }
                    eval = args.get(i++);
                }
                case "--" -> {
                    break;
                }
                default -> {
                    // V8 and Node runtime flags (--stack-size=..., --experimental-...) do not apply here.
                }
            }
            if (a.equals("--") || eval != null) {
                break;
            }
        }
        if (eval == null && i >= args.size()) {
            return fail(process, "node: jemception's node runs a script or -e CODE; there is no REPL");
        }
        Source main;
        List<String> argv = new ArrayList<>();
        argv.add("/usr/bin/node");
        if (eval != null) {
            // as in Node, -e code has require(), resolving from the working directory
            main = Source.newBuilder("js", "var require = globalThis.__jemceptionRequireFrom(" + quote(process.cwd())
                    + "); " + eval, "[eval]").build();
        } else {
            Path script = process.fs().getPath(process.cwd()).resolve(args.get(i++)).normalize();
            String text;
            try {
                text = Files.readString(script, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return fail(process, "node: cannot find module '" + script + "'");
            }
            argv.add(script.toString());
            boolean module = script.toString().endsWith(".mjs") || text.contains("import.meta");
            if (module) {
                // Loaded through import() so that GraalJS knows the module's own path: its relative
                // imports then resolve against its directory, through the VFS.
                String url = "file://" + script.toUri().getRawPath();
                main = Source.newBuilder("js", "await import(" + quote(url) + ");\n", "node:internal/main")
                        .mimeType(MODULE_MIME)
                        .build();
            } else {
                // CommonJS: run with module, exports and a synchronous require, as Node does.
                main = Source.newBuilder("js", "globalThis.__jemceptionRequireMain(" + quote(script.toString()) + ");",
                        "node:internal/main").build();
            }
        }
        argv.addAll(args.subList(i, args.size()));
        Path cwd = process.fs().getPath(process.cwd());
        List<Path> packageRoots = argv.size() > 1 && eval == null
                ? List.of(process.fs().getPath(argv.get(1)).getParent(), cwd)
                : List.of(cwd);
        return execute(process, main, argv, new NodeFileSystem(process.fs(), new PackageResolver(packageRoots)));
    }

    private static int execute(ProcessContext process, Source main, List<String> argv, NodeFileSystem fs)
            throws IOException {
        try (Context context = Context.newBuilder("js", "wasm")
                .engine(Shared.ENGINE)
                .allowIO(IOAccess.newBuilder().fileSystem(fs).build())
                .currentWorkingDirectory(process.fs().getPath(process.cwd()))
                .allowHostAccess(HostAccess.newBuilder(HostAccess.EXPLICIT)
                        .allowArrayAccess(true).allowMapAccess(true).build())
                .allowHostClassLookup(name -> false)
                .option("js.unhandled-rejections", "throw")
                // Realm.create() gives node:vm real contexts; the option is marked experimental.
                .allowExperimentalOptions(true)
                .option("js.v8-realm-builtin", "true")
                .option("js.webassembly", "true") // GraalWasm: Emscripten's output runs here too
                .allowPolyglotAccess(PolyglotAccess.newBuilder().allowEval("js", "wasm")
                        .allowBindingsAccess("js").allowBindingsAccess("wasm").build())
                .in(process.stdin())
                .out(process.stdout())
                .err(process.stderr())
                .build()) {
            Value bindings = context.getBindings("js");
            bindings.putMember("__jemceptionHost", new NodeHost(process, argv, fs));
            // Cancelling the command closes the context from the canceller's thread, which stops it.
            try (var stop = process.onCancel(() -> context.close(true))) {
                context.eval(Shared.BOOTSTRAP);
                context.eval(Shared.LOAD_BUILTINS);
                context.eval(main);
                Value runTimer = bindings.getMember("__jemceptionRunTimer");
                while (runTimer.execute().asBoolean()) {
                    // each call returns to the host, so promise jobs run between timers
                }
                bindings.getMember("__jemceptionExitListeners").execute();
                Value exitCode = context.eval("js", "process.exitCode");
                return exitCode.isNumber() ? exitCode.asInt() : 0;
            } catch (PolyglotException e) {
                if (e.isHostException() && e.asHostException() instanceof NodeHost.Exit exit) {
                    return exit.code;
                }
                if (e.isExit()) {
                    return e.getExitStatus();
                }
                if (e.isCancelled() || e.isInternalError() && !e.isGuestException()) {
                    throw e;
                }
                report(process.stderr(), e);
                if (Boolean.getBoolean("jemception.verbose")) {
                    e.printStackTrace(new java.io.PrintStream(process.stderr(), true, StandardCharsets.UTF_8));
                }
                return 1;
            }
        }
    }

    /** Prints an uncaught error the way Node does: where, the source line, the error and its stack. */
    private static void report(OutputStream err, PolyglotException e) throws IOException {
        var out = new StringBuilder();
        SourceSection at = e.getSourceLocation();
        if (at != null && at.getSource() != null) {
            out.append(at.getSource().getName()).append(':').append(at.getStartLine()).append('\n');
            if (at.getSource().hasCharacters() && at.getStartLine() <= at.getSource().getLineCount()) {
                out.append(at.getSource().getCharacters(at.getStartLine())).append('\n');
                out.append(" ".repeat(Math.max(0, at.getStartColumn() - 1))).append("^\n");
            }
            out.append('\n');
        }
        out.append(e.getMessage()).append('\n');
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame() || frame.getSourceLocation() == null) {
                continue;
            }
            SourceSection s = frame.getSourceLocation();
            if (s.getSource().getName().startsWith("node:internal") || s.getSource().getName().startsWith(NodeFileSystem.SHIM_DIR)) {
                continue;
            }
            String where = s.getSource().getName() + ":" + s.getStartLine() + ":" + s.getStartColumn();
            String fn = frame.getRootName();
            out.append("    at ").append(fn == null || fn.isEmpty() || fn.equals(":program") ? where : fn + " (" + where + ")").append('\n');
        }
        out.append("\nNode.js ").append(VERSION).append('\n');
        err.write(out.toString().getBytes(StandardCharsets.UTF_8));
        err.flush();
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static int fail(ProcessContext process, String message) throws IOException {
        process.stderr().write((message + "\n").getBytes(StandardCharsets.UTF_8));
        return 9;
    }
}
