package dev.jemception.python.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What emcc writes beside its {@code -o} file, as its tools/link.py derives it, and where its scratch goes. */
class EmccReplayTest {
    static List<String> of(String... args) {
        List<String> list = List.of(args);
        String target = "/work/p/" + list.get(list.indexOf("-o") + 1);
        List<String> all = new ArrayList<>(List.of(target));
        all.addAll(EmccReplay.derivedOutputs(list, target));
        return all;
    }

    @Test
    void emccsSecondaryOutputs() {
        assertThat(of("a.cpp", "-o", "a.js")).containsExactly("/work/p/a.js", "/work/p/a.wasm");
        assertThat(of("a.c", "-o", "page.html")).containsExactly("/work/p/page.html", "/work/p/page.wasm", "/work/p/page.js");
        assertThat(of("a.c", "--preload-file", "d.txt", "-gsource-map", "-o", "m.mjs"))
                .containsExactly("/work/p/m.mjs", "/work/p/m.wasm", "/work/p/m.data", "/work/p/m.wasm.map");
        assertThat(of("a.c", "-gsource-map", "-o", "m.wasm")).containsExactly("/work/p/m.wasm", "/work/p/m.wasm.map");
        assertThat(of("-c", "a.c", "-o", "a.o")).containsExactly("/work/p/a.o");
    }

    @Test
    void settingsThatPutTheModuleInsideTheJs() {
        assertThat(of("a.c", "-sSINGLE_FILE", "-o", "a.js")).containsExactly("/work/p/a.js");
        assertThat(of("a.c", "-s", "WASM=0", "-o", "a.js")).containsExactly("/work/p/a.js");
        assertThat(of("a.c", "-sSINGLE_FILE=1", "-sSINGLE_FILE=0", "-o", "a.js")).containsExactly("/work/p/a.js", "/work/p/a.wasm");
    }

    @Test
    void scratchIsPythonsTempfileNamesInEmccsTemporaryDirectory() {
        assertThat(EmccReplay.POLICY.scratchDir().apply(Map.of())).isEqualTo("/tmp");
        assertThat(EmccReplay.POLICY.scratchDir().apply(Map.of("TMPDIR", "/t", "EMCC_TEMP_DIR", "/e"))).isEqualTo("/e");
        assertThat(EmccReplay.POLICY.scratchNames().matcher("emscripten_temp_k2x9ab_1").matches()).isTrue();
        assertThat(EmccReplay.POLICY.scratchNames().matcher("tmpa81c0d9z.json").matches()).isTrue();
        assertThat(EmccReplay.POLICY.scratchNames().matcher("project").matches()).isFalse();
    }
}
