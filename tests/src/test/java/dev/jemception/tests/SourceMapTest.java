package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code -gsource-map}: jemception's llvm-dwarfdump prints what Emscripten's wasm-sourcemap.py
 * reads exactly as a real llvm-dwarfdump does (the reference output was recorded once with
 * Debian's LLVM 14 llvm-dwarfdump by scripts/record-dwarfdump-reference.sh: both become the same
 * source map), and the map emcc writes resolves main's code to main's lines.
 */
class SourceMapTest extends SessionTestBase {
    /** The program the reference was recorded for; the compile is deterministic. */
    static final String SOURCE = """
            int square(int x) {
              return x * x;
            }

            int main(void) {
              int s = square(7);
              return s - 49;
            }
            """;

    /** emcc's default DWARF (4) and DWARF 5, each against its recorded reference. */
    @ParameterizedTest
    @CsvSource({"-g, srcmap", "-gdwarf-5, srcmap5"})
    void dwarfdumpGivesWasmSourcemapWhatARealOneGives(String debugFlag, String name) throws IOException {
        write("srcmap.c", SOURCE);
        String wasm = name + ".wasm";
        ok("emcc", "-O0", debugFlag, "-fdebug-compilation-dir=/src", "srcmap.c", "-o", wasm);
        RunResult dump = ok("llvm-dwarfdump", "-debug-info", "-debug-line", wasm, "--recurse-depth=0");
        Files.write(dir.resolve("ours.dump"), dump.stdoutBytes());
        try (InputStream reference = SourceMapTest.class.getResourceAsStream("/dwarfdump/" + wasm + ".dump")) {
            Files.write(dir.resolve("reference.dump"), reference.readAllBytes());
        }
        String tool = "/emsdk/emscripten/tools/wasm-sourcemap.py";
        ok("python", tool, wasm, "--dwarfdump-output", "ours.dump", "-o", "ours.map");
        ok("python", tool, wasm, "--dwarfdump-output", "reference.dump", "-o", "reference.map");
        String ours = Files.readString(dir.resolve("ours.map"));
        assertThat(ours).isEqualTo(Files.readString(dir.resolve("reference.map")));
        assertThat(ours).contains("\"/src/srcmap.c\"").doesNotContain("\"mappings\": \"\"");
    }

    @Test
    void emccWritesAMapThatPointsIntoMain() throws IOException {
        write("mapped.c", SOURCE);
        RunResult r = ok("emcc", "-gsource-map", "mapped.c", "-o", "mapped.js");
        assertThat(r.stderr()).doesNotContain("dwarfdump");
        String map = Files.readString(dir.resolve("mapped.wasm.map"));
        assertThat(map).contains("mapped.c");
        // the statements of square and main are mapped, and nothing outside the file's 8 lines
        assertThat(lines(map, "mapped.c")).contains(2, 6, 7).allMatch(line -> line >= 1 && line <= 8);
    }

    /** The 1-based lines of {@code source} that a source map's mappings name. */
    static List<Integer> lines(String map, String source) {
        Matcher sources = Pattern.compile("\"sources\":\\s*\\[([^\\]]*)\\]").matcher(map);
        assertThat(sources.find()).isTrue();
        List<String> names = List.of(sources.group(1).split(","));
        int wanted = -1;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().replace("\"", "");
            if (name.equals(source) || name.endsWith("/" + source)) {
                wanted = i;
            }
        }
        assertThat(wanted).as("%s among the sources %s", source, names).isNotNegative();
        Matcher m = Pattern.compile("\"mappings\":\\s*\"([^\"]*)\"").matcher(map);
        assertThat(m.find()).isTrue();
        List<Integer> lines = new ArrayList<>();
        int file = 0;
        int line = 0;
        for (String group : m.group(1).split(";")) {
            for (String segment : group.split(",")) {
                if (segment.isEmpty()) {
                    continue;
                }
                int[] fields = vlq(segment);
                if (fields.length >= 3) {
                    file += fields[1];
                    line += fields[2];
                    if (file == wanted && !lines.contains(line + 1)) {
                        lines.add(line + 1);
                    }
                }
            }
        }
        return lines;
    }

    /** Base64 VLQ fields of one source-map segment. */
    static int[] vlq(String segment) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        List<Integer> values = new ArrayList<>();
        int value = 0;
        int shift = 0;
        for (char c : segment.toCharArray()) {
            int digit = alphabet.indexOf(c);
            value |= (digit & 31) << shift;
            if ((digit & 32) != 0) {
                shift += 5;
            } else {
                values.add((value & 1) != 0 ? -(value >>> 1) : value >>> 1);
                value = 0;
                shift = 0;
            }
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
