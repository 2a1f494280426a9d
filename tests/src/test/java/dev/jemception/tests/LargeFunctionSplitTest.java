package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import dev.jemception.build.BuildLlvmChicory;
import dev.jemception.build.AotCompiler;
import dev.jemception.build.FunctionOutliner;
import dev.jemception.build.FunctionOutliner.Split;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AOT step splits large wasm functions: those too large for one JVM method (what binaryen's
 * tools need), and for LLVM every function over 12 KB into pieces under 6 KB. A switch of 1,000
 * cases built by our clang, with loops, early returns and more locals than a piece may take,
 * must compile with no function left to the interpreter, no piece with more parameters or results
 * than {@link FunctionOutliner#MAX_VALUES}, and print what the unsplit module prints in Chicory's
 * interpreter, split either way.
 */
class LargeFunctionSplitTest extends SessionTestBase {
    static final int CASES = 1000;
    /** Variables every case may touch: more than a piece may take or return, so the limit is exercised. */
    static final int VARIABLES = FunctionOutliner.MAX_VALUES + 8;

    @BeforeAll
    static void buildProgram() throws IOException {
        write("switch.c", program());
        ok("clang", "--target=wasm32-wasip1", "-O2", "switch.c", "-o", "switch.wasm");
    }

    /** A byte-code interpreter: one big switch in a loop, cases that continue, return and nest. */
    static String program() {
        var c = new StringBuilder("""
                #include <stdio.h>
                __attribute__((noinline)) static long long run(const unsigned char *ops, int n, long long seed) {
                    long long a = seed, b = 1, c = 7, e = 3;
                    double d = 0.5;
                    int i = 0, loops = 0;
                """);
        for (int v = 0; v < VARIABLES; v++) {
            c.append("    long long v").append(v).append(" = seed * ").append(v + 3).append(";\n");
        }
        c.append("""
                    while (i < n) {
                        switch ((ops[i] * 131 + i * 7 + (int)(a & 1023)) %% %d) {
                """.formatted(CASES));
        for (int k = 0; k < CASES; k++) {
            c.append("        case ").append(k).append(": ");
            c.append("v").append(k % VARIABLES).append(" += v").append((k * 7 + 3) % VARIABLES).append(" ^ a; ");
            c.append("a = a * ").append(6364136223846793005L + 2L * k).append("LL + ").append(k * 97 + 1).append("; ");
            c.append("b ^= a >> ").append(k % 29 + 1).append("; c += (b & ").append(0xffff + k).append(") ^ ").append(k).append("; ");
            if (k % 7 == 3) {
                c.append("if ((a & 3) == 0) { i += 2; continue; } ");
            }
            if (k % 11 == 5) {
                c.append("d += (double)(a & 255) / ").append(k + 1).append(".0; ");
            }
            if (k % 13 == 7) {
                c.append("if (++loops > 150 * seed) return a ^ c ^ (long long)d; ");
            }
            if (k % 17 == 9) {
                c.append("for (int j = 0; j < (int)(b & 7); j++) { e = e * 3 + j; if (e & 64) break; } ");
            }
            if (k % 19 == 4) {
                c.append("switch (b & 3) { case 0: e ^= c; break; case 1: e += ").append(k)
                        .append("; break; case 2: i--; break; default: e -= a; } ");
            }
            c.append("break;\n");
        }
        c.append("""
                        }
                        i++;
                    }
                    return a ^ b ^ c ^ e ^ (long long)d""");
        for (int v = 0; v < VARIABLES; v++) {
            c.append(" ^ v").append(v);
        }
        c.append("""
                ;
                }
                int main(void) {
                    static unsigned char ops[5000];
                    for (int i = 0; i < 5000; i++) ops[i] = (unsigned char)(i * 37 + (i >> 3));
                    for (long long seed = 1; seed <= 3; seed++) printf("%lld\\n", run(ops, 5000, seed));
                    return 0;
                }
                """);
        return c.toString();
    }

    static Stream<Arguments> splits() {
        return Stream.of(Arguments.of("binaryen", Split.TOO_LARGE_FOR_A_METHOD), Arguments.of("llvm", BuildLlvmChicory.SPLIT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void splitFunctionsCompileAndComputeWhatTheOriginalComputes(String name, Split how) throws Exception {
        Path wasm = dir.resolve("switch.wasm");
        var aot = new AotCompiler(dir.resolve("cache"));
        String className = "dev.jemception.tests.split.SwitchMachine";

        // Unsplit, the switch is too large for a JVM method: the input really tests the splitter.
        assertThat(interpreted(aot.compile(wasm, className, Split.NONE))).isNotEmpty();

        Path split = aot.compile(wasm, className, how);
        assertThat(interpreted(split)).isEmpty();

        Wasi.Exit expected = Wasi.run(wasm);
        assertThat(expected.code()).isZero();
        assertThat(expected.stdout().lines()).hasSize(3);
        Path classes = dir.resolve("classes-" + name);
        Path meta = dir.resolve("switch-" + name + ".meta.wasm");
        AotCompiler.install(split, className, classes, meta);
        assertThat(pieceSignatureSizes(wasm, meta)).isNotEmpty().allSatisfy(
                count -> assertThat(count).isLessThanOrEqualTo(FunctionOutliner.MAX_VALUES));
        // The locals past the limit went through new globals.
        assertThat(Parser.parse(meta).globalSection().globalCount())
                .isGreaterThan(Parser.parse(wasm).globalSection().globalCount());
        try (var loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            var constructor = loader.loadClass(className).getConstructor(Instance.class);
            assertThat(Wasi.runCompiled(Files.readAllBytes(meta), instance -> {
                try {
                    return (Machine) constructor.newInstance(instance);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            })).isEqualTo(expected);
        }
    }

    /** For each function the split added (they come after the original's): its parameters or its results, whichever are more. */
    private static List<Integer> pieceSignatureSizes(Path original, Path split) throws IOException {
        int originalFunctions = Parser.parse(original).functionSection().functionCount();
        var module = Parser.parse(split);
        var functions = module.functionSection();
        return IntStream.range(originalFunctions, functions.functionCount())
                .mapToObj(f -> module.typeSection().getType(functions.getFunctionType(f)))
                .map(type -> Math.max(type.params().size(), type.returns().size()))
                .toList();
    }

    private static List<String> interpreted(Path entry) throws IOException {
        try (var zip = new ZipFile(entry.toFile())) {
            String text = new String(zip.getInputStream(zip.getEntry(AotCompiler.INTERPRETED_ENTRY)).readAllBytes(),
                    StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
