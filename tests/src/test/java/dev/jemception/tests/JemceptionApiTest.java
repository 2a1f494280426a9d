package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.api.CompileOptions;
import dev.jemception.api.CompileResult;
import dev.jemception.api.Diagnostic;
import dev.jemception.api.Jemception;
import dev.jemception.api.Source;
import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API: sources in, wasm bytes and structured diagnostics out, from several threads at once. */
class JemceptionApiTest {
    static final Jemception EMSCRIPTEN = Jemception.create();

    @Test
    void compilesToWasmAndReportsErrorsFromConcurrentThreads() throws Exception {
        var good = CompletableFuture.supplyAsync(() -> EMSCRIPTEN.compile(CompileOptions.wasm().withFlags("-O1"),
                Source.of("src/main.c", "#include <stdio.h>\n#include \"answer.h\"\nint main(void) { printf(\"%d\\n\", ANSWER); return 7; }\n"),
                Source.of("src/answer.h", "#define ANSWER 42\n")));
        var bad = CompletableFuture.supplyAsync(() -> EMSCRIPTEN.compile(CompileOptions.js(),
                Source.of("main.cpp", "int main() {\n  int x = 1;\n  return y;\n}\n")));

        CompileResult ok = good.get();
        assertThat(ok.succeeded()).as(ok.stderr()).isTrue();
        assertThat(ok.js()).isNull();
        assertThat(Wasi.run(ok.wasm())).isEqualTo(new Wasi.Exit(7, "42\n"));

        CompileResult failed = bad.get();
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.wasm()).isNull();
        assertThat(failed.errors()).first().isEqualTo(new Diagnostic("main.cpp", 3, 10, Diagnostic.Severity.ERROR,
                "use of undeclared identifier 'y'"));
    }

    @Test
    void aCompilePastItsTimeLimitStopsLeavesNothingAndTheJvmServesOn(@TempDir Path dir) throws Exception {
        var source = "#include <iostream>\nint main() { std::cout << \"late " + System.nanoTime() + "\\n\"; }\n";
        CompileResult late = EMSCRIPTEN.compile(CompileOptions.js().withTimeLimit(Duration.ofSeconds(1)),
                Source.of("late.cpp", source));
        assertThat(late.exitCode()).isEqualTo(Session.TIMED_OUT);
        assertThat(late.stderr()).contains("timed out after 1 s");

        Files.writeString(dir.resolve("late.cpp"), source);
        try (Session session = EMSCRIPTEN.newSession().mountHost(dir).cwd(dir).build()) {
            RunResult r = session.run(List.of("em++", "late.cpp", "-o", "late.js"), Duration.ofSeconds(3));
            assertThat(r.exitCode()).isEqualTo(Session.TIMED_OUT);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly("late.cpp");
            }
            RunResult next = session.run("emcc", "--version");
            assertThat(next.exitCode()).as(next.stderr()).isZero();
        }
    }
}
