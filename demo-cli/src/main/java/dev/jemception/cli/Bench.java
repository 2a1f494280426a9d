package dev.jemception.cli;

import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jemception bench}: times {@code clang++ -O0 -c hello.cpp} (iostream, vector, string,
 * against the WASI sysroot that ships with the LLVM package) several times in this JVM. Run 1 is
 * measured from JVM start, so it includes loading the toolchain; the peak RSS is the process's.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time clang++ -O0 -c of a C++ hello world: run 1 from JVM start, then runs 2..N in the same JVM.")
final class Bench implements Callable<Integer> {
    static final String HELLO = """
            #include <iostream>
            #include <string>
            #include <vector>

            int main() {
                std::vector<std::string> words{"hello", "from", "jemception"};
                for (const auto& w : words) {
                    std::cout << w << ' ';
                }
                std::cout << std::endl;
                return 0;
            }
            """;

    @Option(names = "--runs", defaultValue = "8", description = "How many compiles (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--source", description = "Compile this C++ file instead of the built-in hello.cpp.")
    Path source;

    private final PrintStream out;
    private final PrintStream err;

    private Bench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return new CommandLine(new Bench(out, err))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("jemception-bench");
        Path input = dir.resolve("hello.cpp");
        Files.writeString(input, source == null ? HELLO : Files.readString(source));
        List<String> command = List.of("clang++", "--target=wasm32-wasip1", "-O0", "-c", "hello.cpp", "-o", "hello.o");
        boolean aotCache = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:AOTCache="));
        out.println("bench: " + String.join(" ", command) + "  (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, JVM AOT cache " + (aotCache ? "in use" : "not used") + ")");
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        try (Session session = Toolchain.load().newSession().mountHost(dir).cwd(dir).build()) {
            for (int i = 1; i <= runs; i++) {
                long start = i == 1 ? jvmStart : System.currentTimeMillis();
                RunResult r = session.run(command);
                long ms = System.currentTimeMillis() - start;
                if (!r.succeeded()) {
                    err.print(r.stderr());
                    err.println("bench: run " + i + " failed with exit code " + r.exitCode());
                    return 1;
                }
                out.printf("run %d: %6.1f s%s%n", i, ms / 1000.0, i == 1 ? "  (from JVM start: loading included)" : "");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
        out.println("peak RSS: " + peakRss());
        return 0;
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
