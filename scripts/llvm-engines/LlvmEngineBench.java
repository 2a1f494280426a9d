import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.security.MessageDigest;

/**
 * One engine running the YoWASP LLVM module, in this (fresh) JVM: {@code LlvmEngineBench ENGINE DIR RUNS}.
 * Times clang++ -O0 -c hello.cpp RUNS times (run 1 from JVM start), then the heavier translation
 * unit once at -O0 and once at -O2 (after the hello runs: a warm JVM), and prints the peak RSS and the objects' sha256 (the same LLVM build must
 * give the same bytes whatever runs it). Started by scripts/bench-llvm-engines.sh, one JVM per engine.
 */
public final class LlvmEngineBench {
    /** Runs one LLVM tool: argv[0] is the multicall name; paths are absolute. */
    interface Engine {
        int run(List<String> argv) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        String name = args[0];
        Path dir = Path.of(args[1]).toAbsolutePath();
        int runs = Integer.parseInt(args[2]);
        Path wasm = dir.resolve("llvm.core.wasm");
        Path resources = dir.resolve("llvm-resources");
        Engine engine = switch (name) {
            case "chicory" -> new ProductEngine(dir);
            case "chicory-split" -> new ChicoryRuntimeEngine(wasm, resources, dir, true);
            case "endive" -> new EndiveRuntimeEngine(wasm, resources, dir, false);
            case "endive-split" -> new EndiveRuntimeEngine(wasm, resources, dir, true);
            case "graalwasm" -> new GraalWasmEngine(wasm, resources, dir);
            default -> throw new IllegalArgumentException("unknown engine " + name);
        };
        String setup = engine instanceof ProductEngine ? "" : String.format(" (engine setup %.0f s included)",
                (System.currentTimeMillis() - jvmStart) / 1000.0);
        // BENCH_WORKLOADS (default all): hello, heavy, emxx (the last on today's engine only)
        List<String> workloads = List.of(System.getenv().getOrDefault("BENCH_WORKLOADS", "hello,heavy,emxx").split(","));
        if (workloads.contains("hello")) {
            for (int i = 1; i <= runs; i++) {
                time(engine, name, "hello.cpp -O0 run " + i, i == 1 ? jvmStart : System.currentTimeMillis(), dir, "hello.cpp",
                        "-O0", i == 1 ? setup : "");
            }
        }
        if (workloads.contains("heavy")) {
            for (String opt : List.of("-O0", "-O2")) {
                time(engine, name, "heavy.cpp " + opt, System.currentTimeMillis(), dir, "heavy.cpp", opt, "");
            }
        }
        if (engine instanceof ProductEngine product && workloads.contains("emxx")) {
            product.emxx(dir, 5);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                System.out.printf("%s: peak RSS %.2f GB%n", name, Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
            }
        }
    }

    private static void time(Engine engine, String name, String what, long start, Path dir, String source, String opt,
            String note) throws Exception {
        Path object = dir.resolve(name + "-" + source.replace(".cpp", "") + opt + ".o");
        List<String> argv = new ArrayList<>(List.of("clang++", "--target=wasm32-wasip1", opt, "-c",
                dir.resolve(source).toString(), "-o", object.toString()));
        int code = engine.run(argv);
        double seconds = (System.currentTimeMillis() - start) / 1000.0;
        if (code != 0) {
            throw new IllegalStateException(what + ": exit code " + code);
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(object)));
        System.out.printf("%s: %s %6.1f s%s  sha256 %s%n", name, what, seconds, note, sha.substring(0, 16));
    }
}
