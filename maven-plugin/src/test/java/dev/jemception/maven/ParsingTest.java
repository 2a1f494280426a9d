package dev.jemception.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.maven.ClangOutput.Level;
import dev.jemception.maven.ClangOutput.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's own parsing, without a toolchain: dependency files, clang's output, source scanning. */
class ParsingTest {
    @Test
    void dependencyFileListsSourceAndHeadersWithEscapesAndContinuations() {
        String d = "/w/target/obj/c/a.c.o: /w/src/main/c/a.c /w/include/my\\ header.h \\\n"
                + "  /emsdk/cache/sysroot/include/stdio.h\n";
        assertThat(DependencyFile.parse(d)).containsExactly(Path.of("/w/src/main/c/a.c"),
                Path.of("/w/include/my header.h"), Path.of("/emsdk/cache/sysroot/include/stdio.h"));
    }

    @Test
    void diagnosticsBecomeAbsoluteAndKeepTheirLevelForTheirContextLines() {
        String stderr = """
                In file included from src/main/c/a.c:1:
                include/x.h:2:3: warning: unused variable 'x' [-Wunused-variable]
                    2 | int x;
                /abs/b.c:4:5: error: expected ';' after expression
                wasm-ld: error: undefined symbol: foo
                """;
        assertThat(ClangOutput.parse(stderr, Path.of("/proj"))).containsExactly(
                new Line(Level.WARN, "In file included from /proj/src/main/c/a.c:1:"),
                new Line(Level.WARN, "/proj/include/x.h:2:3: warning: unused variable 'x' [-Wunused-variable]"),
                new Line(Level.WARN, "    2 | int x;"),
                new Line(Level.ERROR, "/abs/b.c:4:5: error: expected ';' after expression"),
                new Line(Level.ERROR, "wasm-ld: error: undefined symbol: foo"));
    }

    @Test
    void translationUnitsByExtensionWithAntStylePatterns(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("c/sub"));
        for (String f : List.of("c/a.c", "c/sub/b.cpp", "c/h.h", "c/sub/skip.c")) {
            Files.writeString(dir.resolve(f), "");
        }
        var units = TranslationUnits.scan(Map.of("c", dir.resolve("c"), "cpp", dir.resolve("missing")),
                List.of(), List.of("**/skip.c"));
        assertThat(units).extracting(TranslationUnits.Unit::object).containsExactly("obj/c/a.c.o", "obj/c/sub/b.cpp.o");
        assertThat(units).extracting(TranslationUnits.Unit::cpp).containsExactly(false, true);
        assertThat(units.get(1).depFile()).isEqualTo("obj/c/sub/b.cpp.d");
    }
}
