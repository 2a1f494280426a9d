package dev.jemception.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files a command line names as its outputs, as emcc's tools/link.py derives them. */
class NamedOutputsTest {
    static final FileSystem FS = FileSystems.getDefault();

    static List<String> of(String... argv) {
        return NamedOutputs.of(FS, List.of(argv), "/work/p");
    }

    @Test
    void theOutputOfOAnyToolResolvedAgainstTheWorkingDirectory() {
        assertThat(of("clang", "-c", "a.c", "-o", "out/a.o")).containsExactly("/work/p/out/a.o");
        assertThat(of("wasm-ld", "a.o", "-o/tmp/x.wasm")).containsExactly("/tmp/x.wasm");
        assertThat(of("clang", "-c", "a.c", "-o", "a.o", "-o", "b.o")).containsExactly("/work/p/b.o");
        assertThat(of("clang", "-c", "a.c")).isEmpty();
        assertThat(of("clang", "-E", "a.c", "-o", "-")).isEmpty();
    }

    @Test
    void emccsSecondaryOutputs() {
        assertThat(of("em++", "a.cpp", "-o", "a.js")).containsExactly("/work/p/a.js", "/work/p/a.wasm");
        assertThat(of("emcc", "a.c", "-o", "page.html")).containsExactly("/work/p/page.html", "/work/p/page.wasm", "/work/p/page.js");
        assertThat(of("emcc", "a.c", "--preload-file", "d.txt", "-gsource-map", "-o", "m.mjs"))
                .containsExactly("/work/p/m.mjs", "/work/p/m.wasm", "/work/p/m.data", "/work/p/m.wasm.map");
        assertThat(of("emcc", "a.c", "-gsource-map", "-o", "m.wasm")).containsExactly("/work/p/m.wasm", "/work/p/m.wasm.map");
        assertThat(of("emcc", "-c", "a.c", "-o", "a.o")).containsExactly("/work/p/a.o");
    }

    @Test
    void settingsThatPutTheModuleInsideTheJs() {
        assertThat(of("emcc", "a.c", "-sSINGLE_FILE", "-o", "a.js")).containsExactly("/work/p/a.js");
        assertThat(of("emcc", "a.c", "-s", "WASM=0", "-o", "a.js")).containsExactly("/work/p/a.js");
        assertThat(of("emcc", "a.c", "-sSINGLE_FILE=1", "-sSINGLE_FILE=0", "-o", "a.js")).containsExactly("/work/p/a.js", "/work/p/a.wasm");
    }
}
