package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path of the build {@code ./jemception} makes where wasmtime runs: without
 * box-llvm-chicory and box-binaryen-chicory. wasmtime compiles with it; choosing Chicory says
 * which artifact is missing (no internal error, no stack trace) and leaves no output behind.
 */
class ChicoryClassesLeftOutTest {
    private static final String CLASS_PATH = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("-chicory"))
            .collect(Collectors.joining(File.pathSeparator));

    @TempDir
    Path dir;

    record Run(int exit, String output) {}

    private Run jemception(String engine, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(TestDaemons.JAVA, "--enable-native-access=ALL-UNNAMED",
                "-Djemception.wasm.engine=" + engine, "-cp", CLASS_PATH, "dev.jemception.cli.Main"));
        argv.addAll(List.of(command));
        var builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("JEMCEPTION_RESULT_CACHE", "off");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    @Test
    void wasmtimeCompilesAndChicorySaysWhichArtifactItNeeds() throws Exception {
        assertThat(CLASS_PATH).doesNotContain("chicory/target").contains("box-llvm");
        Files.writeString(dir.resolve("m.c"), "int main(void) { return 0; }\n");

        Run wasmtime = jemception("wasmtime", "clang", "--target=wasm32-wasip1", "-c", "m.c", "-o", "m.o");
        assertThat(wasmtime.exit()).as(wasmtime.output()).isZero();
        assertThat(dir.resolve("m.o")).isNotEmptyFile();
        Files.delete(dir.resolve("m.o"));

        Run clang = jemception("chicory", "clang", "--target=wasm32-wasip1", "-c", "m.c", "-o", "m.o");
        assertThat(clang.exit()).as(clang.output()).isEqualTo(1);
        assertThat(clang.output()).startsWith("jemception: clang: Chicory (the pure-Java wasm engine) needs")
                .contains("jemception-box-llvm-chicory").doesNotContain("internal error").doesNotContain("\tat ");
        assertThat(dir.resolve("m.o")).doesNotExist();

        Run wasmOpt = jemception("chicory", "wasm-opt", "--version");
        assertThat(wasmOpt.exit()).as(wasmOpt.output()).isEqualTo(1);
        assertThat(wasmOpt.output()).startsWith("jemception: wasm-opt: Chicory (the pure-Java wasm engine) needs")
                .contains("jemception-box-binaryen-chicory").doesNotContain("Aborted").doesNotContain("\tat ");
    }
}
