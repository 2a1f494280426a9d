package dev.jemception.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.Replay;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files a command line names as its outputs: {@code -o}'s, and what the program derives from it. */
class NamedOutputsTest {
    static final FileSystem FS = FileSystems.getDefault();

    static List<String> of(Replay policy, String... argv) {
        return NamedOutputs.of(FS, List.of(argv), "/work/p", policy);
    }

    @Test
    void theOutputOfOAnyToolResolvedAgainstTheWorkingDirectory() {
        assertThat(of(Replay.FILES, "clang", "-c", "a.c", "-o", "out/a.o")).containsExactly("/work/p/out/a.o");
        assertThat(of(Replay.FILES, "wasm-ld", "a.o", "-o/tmp/x.wasm")).containsExactly("/tmp/x.wasm");
        assertThat(of(Replay.FILES, "clang", "-c", "a.c", "-o", "a.o", "-o", "b.o")).containsExactly("/work/p/b.o");
        assertThat(of(Replay.FILES, "clang", "-c", "a.c")).isEmpty();
        assertThat(of(Replay.FILES, "clang", "-E", "a.c", "-o", "-")).isEmpty();
    }

    @Test
    void theFilesTheProgramDerivesFollowOnce() {
        Replay twin = Replay.FILES.derivingOutputs((args, target) -> List.of(target + ".twin", target));
        assertThat(of(twin, "tool", "-o", "x")).containsExactly("/work/p/x", "/work/p/x.twin");
        assertThat(of(twin, "tool", "x")).isEmpty();
    }
}
