package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs what the toolchain built: WASI modules in Chicory, JavaScript with the machine's Node.js. */
final class Wasi {
    private Wasi() {}

    record Exit(int code, String stdout) {}

    /** Runs a WASI command module's {@code _start} in Chicory. */
    static Exit run(Path wasm, String... args) throws IOException {
        return run(Files.readAllBytes(wasm), args);
    }

    static Exit run(byte[] wasm, String... args) {
        return run(Instance.builder(Parser.parse(wasm)), args);
    }

    /** Runs a module compiled ahead of time: its meta module, with {@code machine} making the compiled machine. */
    static Exit runCompiled(byte[] metaModule, Function<Instance, Machine> machine, String... args) {
        return run(Instance.builder(Parser.parse(metaModule)).withMachineFactory(machine), args);
    }

    private static Exit run(Instance.Builder module, String... args) {
        var stdout = new ByteArrayOutputStream();
        var argv = new ArrayList<>(List.of("program"));
        argv.addAll(List.of(args));
        var options = WasiOptions.builder().withStdout(stdout).withArguments(argv).build();
        try (var wasi = WasiPreview1.builder().withOptions(options).build()) {
            var imports = ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
            int code = 0;
            try {
                module.withImportValues(imports).build();
            } catch (WasiExitException e) {
                code = e.exitCode();
            }
            return new Exit(code, stdout.toString(StandardCharsets.UTF_8));
        }
    }

    /** An instance of a WASI module, not started (a library: {@code --no-entry}). */
    static Instance instance(Path wasm) throws IOException {
        var wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build();
        return Instance.builder(Parser.parse(Files.readAllBytes(wasm)))
                .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                .withStart(false)
                .build();
    }

    static boolean nodeOnPath() {
        try {
            return new ProcessBuilder("node", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a script with the machine's Node.js as the oracle for Emscripten's JavaScript output. */
    static Exit node(Path script) throws IOException, InterruptedException {
        List<String> command = List.of("node", script.getFileName().toString());
        Process p = new ProcessBuilder(command).directory(script.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Exit(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
