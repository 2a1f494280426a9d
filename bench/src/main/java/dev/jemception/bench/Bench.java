package dev.jemception.bench;

import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.ProgramTimes;
import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.engine.Engines;
import dev.jemception.runtime.cache.Caches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jemception bench [WORKLOAD]}: times one compile several times in this JVM. Run 1 is
 * measured from JVM start, so it includes loading the toolchain; the last run is broken down by
 * program (exclusive time: a program's children are not counted in its own). The peak RSS is the
 * process's.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time a compile: run 1 from JVM start, then runs 2..N in the same JVM.")
public final class Bench implements Callable<Integer> {
    /** The C++ hello world the benches compile (also read by scripts/bench-*.sh and LlvmToolchainTest). */
    static final String HELLO_CPP = resource("hello.cpp");
    static final String HELLO_C = """
            #include <stdio.h>

            int main(void) {
                printf("hello from jemception %.1f\\n", 1.0);
                return 0;
            }
            """;

    /** Functions in the generated program of the wasm-opt workload: about 1 MB of wasm at -O0. */
    static final int GENERATED_FUNCTIONS = 3800;

    /** What is timed. */
    enum Workload {
        clang("hello.cpp", HELLO_CPP, "clang++", "--target=wasm32-wasip1", "-O0", "-c", "hello.cpp", "-o", "hello.o"),
        emxx("hello.cpp", HELLO_CPP, "em++", "hello.cpp", "-o", "hello.js"),
        emxxO2("hello.cpp", HELLO_CPP, "em++", "-O2", "hello.cpp", "-o", "hello.js"),
        wasmOpt("generated.c", generatedProgram(), "wasm-opt", "-O2", "generated.wasm", "-o", "optimized.wasm"),
        emcc("hello.c", HELLO_C, "emcc", "hello.c", "-o", "hello.js"),
        node("hello-settings.json", resource("hello-settings.json"),
                "node", EmsdkLayout.EMSCRIPTEN + "/tools/compiler.mjs", "hello-settings.json");

        final String file;
        final String source;
        final List<String> command;

        Workload(String file, String source, String... command) {
            this.file = file;
            this.source = source;
            this.command = List.of(command);
        }
    }

    @Parameters(arity = "0..1", defaultValue = "clang", paramLabel = "WORKLOAD",
            description = "clang (clang++ -O0 -c hello.cpp, WASI), emxx (em++ hello.cpp -o hello.js), emxxO2"
                    + " (em++ -O2 hello.cpp -o hello.js), wasmOpt (wasm-opt -O2 on a generated module of about 1 MB,"
                    + " built by clang first; with --node-binaryen also timed with the machine's Node.js), emcc"
                    + " (emcc hello.c -o hello.js) or node (Emscripten's compiler.mjs with the settings of a"
                    + " hello-world link, also timed with the machine's Node.js if it has one)."
                    + " Default: ${DEFAULT-VALUE}.")
    Workload workload;

    @Option(names = "--runs", defaultValue = "5", description = "How many compiles (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--source", description = "Compile this file instead of the built-in hello world.")
    Path source;

    @Option(names = "--node-binaryen", paramLabel = "DIR", description = "For wasmOpt: the bin directory of the npm"
            + " binaryen package (the build unpacks it in box-binaryen/target/binaryen-package/binaryen/package/bin),"
            + " to time the same wasm-opt build with the machine's Node.js.")
    Path nodeBinaryen;

    private final PrintStream out;
    private final PrintStream err;

    private Bench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code jemception bench ARGS} ({@code bench serve ...}: {@link ServeLoad}); returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.get(0).equals("serve")) {
            return ServeLoad.run(args.subList(1, args.size()), out, err);
        }
        return new CommandLine(new Bench(out, err))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("jemception-bench");
        Files.writeString(dir.resolve(workload.file), source == null ? workload.source : Files.readString(source));
        boolean aotCache = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:AOTCache="));
        out.println("bench: " + String.join(" ", workload.command) + "  (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, JVM AOT cache " + (aotCache ? "in use" : "not used") + ")");
        out.println("wasm engine: " + Engines.describe(WasmEngine.configured()));
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        String firstRunNote = "  (from JVM start: loading included)";
        var breakdown = new ProgramTimes(workload.command.get(0));
        // no result cache: every run compiles (the Emscripten cache of system libraries stays)
        try (Session session = Toolchain.load().newSession().caches(Caches.user().withResultCache(null))
                .mountHost(dir).cwd(dir).listener(breakdown).build()) {
            if (workload == Workload.wasmOpt) {
                RunResult r = session.run("clang", "--target=wasm32-wasip1", "-O0", "generated.c", "-o", "generated.wasm");
                if (!r.succeeded()) {
                    err.print(r.stderr());
                    return 1;
                }
                out.printf("input: generated.wasm, %d bytes (built by clang, not timed); run 1 is timed from its own start%n",
                        Files.size(dir.resolve("generated.wasm")));
                jvmStart = System.currentTimeMillis();
                firstRunNote = "  (first run in this JVM: loading wasm-opt included)";
            }
            for (int i = 1; i <= runs; i++) {
                breakdown.clear();
                long start = i == 1 ? jvmStart : System.currentTimeMillis();
                RunResult r = session.run(workload.command);
                long ms = System.currentTimeMillis() - start;
                if (!r.succeeded()) {
                    err.print(r.stderr());
                    err.println("bench: run " + i + " failed with exit code " + r.exitCode());
                    return 1;
                }
                out.printf("run %d: %6.1f s%s%n", i, ms / 1000.0, i == 1 ? firstRunNote : "");
            }
            out.println("run " + runs + " by program: " + breakdown);
            if (workload == Workload.node) {
                machineNode(session);
            } else if (workload == Workload.wasmOpt && nodeBinaryen != null) {
                List<String> command = new ArrayList<>(workload.command);
                command.set(0, nodeBinaryen.resolve("wasm-opt").toAbsolutePath().toString());
                command.add(0, "node");
                timeMachineNode(command, dir);
            }
        } finally {
            deleteTree(dir);
        }
        // asked after the runs: a polyglot Engine made before them would be counted in run 1
        out.println("Truffle runtime: " + truffleRuntime() + "; peak RSS: " + peakRss());
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String resource(String name) {
        try (var in = Bench.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same compiler.mjs run by the machine's own Node.js, on a copy of the tree's JS tools. */
    private void machineNode(Session session) throws IOException {
        Path copy = Files.createTempDirectory("jemception-bench-node");
        try {
            Path tree = session.fileSystem().getPath(EmsdkLayout.EMSCRIPTEN);
            for (String part : List.of("tools", "src", "node_modules")) {
                try (var files = Files.walk(tree.resolve(part))) {
                    for (Path p : files.toList()) {
                        Path target = copy.resolve(tree.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.write(target, Files.readAllBytes(p));
                        }
                    }
                }
            }
            Files.writeString(copy.resolve("settings.json"), workload.source.replace(EmsdkLayout.EMSCRIPTEN, copy.toString()));
            timeMachineNode(List.of("node", copy.resolve("tools/compiler.mjs").toString(), "settings.json"), copy);
        } finally {
            deleteTree(copy);
        }
    }

    /** Times {@code command} (a node command line) as many times as the workload, in {@code dir}. */
    private void timeMachineNode(List<String> command, Path dir) {
        try {
            for (int i = 1; i <= runs; i++) {
                long start = System.nanoTime();
                Process p = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                int code = p.waitFor();
                out.printf("machine node run %d: %6.2f s%s%n", i, (System.nanoTime() - start) / 1e9, code == 0 ? "" : " (failed)");
            }
        } catch (IOException | InterruptedException e) {
            out.println("machine node: not measured (" + e.getMessage() + ")");
        }
    }

    /**
     * A C program of {@value #GENERATED_FUNCTIONS} small independent functions with loops,
     * switches and arithmetic, called from main through a table: at -O0 about 1 MB of wasm with
     * plenty for wasm-opt -O2 to simplify, and no call chain for the inliner to cascade along.
     */
    static String generatedProgram() {
        var c = new StringBuilder("#include <stdio.h>\n\n");
        for (int i = 0; i < GENERATED_FUNCTIONS; i++) {
            c.append("int f").append(i).append("(int x) {\n  int s = ").append(i).append(";\n")
                    .append("  for (int i = 0; i < x; i++) {\n    switch ((i + s) % 5) {\n")
                    .append("      case 0: s += i * ").append(i % 13 + 1).append("; break;\n")
                    .append("      case 1: s ^= s << 3; break;\n")
                    .append("      case 2: s -= i; break;\n")
                    .append("      case 3: s = s * 31 + ").append(i % 7).append("; break;\n")
                    .append("      default: s += x / (i + 1);\n")
                    .append("    }\n  }\n  return s;\n}\n\n");
        }
        c.append("int (*const functions[])(int) = {");
        for (int i = 0; i < GENERATED_FUNCTIONS; i++) {
            c.append(i % 16 == 0 ? "\n  " : " ").append('f').append(i).append(',');
        }
        return c.append("\n};\n\nint main(int argc, char** argv) {\n  int t = 0;\n")
                .append("  for (int i = 0; i < ").append(GENERATED_FUNCTIONS).append("; i++) t += functions[i](argc + i % 9);\n")
                .append("  printf(\"%d\\n\", t);\n  return 0;\n}\n").toString();
    }

    /** Whether GraalPy and GraalJS are JIT-compiled ("GraalVM CE") or only interpreted. */
    private static String truffleRuntime() {
        try (var engine = org.graalvm.polyglot.Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
            return engine.getImplementationName();
        }
    }

    /** VmHWM from /proc (Linux); the JVM has no portable peak-RSS API. */
    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.2f GB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "unknown on this OS";
    }
}
