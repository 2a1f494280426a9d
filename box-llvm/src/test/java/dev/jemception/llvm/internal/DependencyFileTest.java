package dev.jemception.llvm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DependencyFileTest {
    static final List<String> PAYLOAD = List.of("/emsdk/cache", "/usr");
    static final Function<String, Optional<String>> NO_HOST_FILES = path -> Optional.empty();

    @Test
    void whereClangWritesIt() {
        assertThat(DependencyFile.of(List.of("-MD", "-MF", "deps/a.d", "-c", "a.c", "-o", "a.o"))).hasValue("deps/a.d");
        assertThat(DependencyFile.of(List.of("-MMD", "-MFdeps/a.d", "-c", "a.c"))).hasValue("deps/a.d");
        assertThat(DependencyFile.of(List.of("-cc1", "-dependency-file", "b/x.d", "-MT", "x.o"))).hasValue("b/x.d");
        assertThat(DependencyFile.of(List.of("-MD", "-c", "src/a.c", "-o", "build.dir/a.o"))).hasValue("build.dir/a.d");
        assertThat(DependencyFile.of(List.of("-MD", "-c", "a.c", "-o", "out/a"))).hasValue("out/a.d");
        assertThat(DependencyFile.of(List.of("-MD", "-MP", "-c", "a.c", "-o/tmp/b/a.o"))).hasValue("/tmp/b/a.d"); // emcc's form
        assertThat(DependencyFile.of(List.of("-c", "a.c", "-o", "a.o"))).isEqualTo(Optional.empty());
    }

    @Test
    void thePayloadsHeadersAreLeftOutAndTheProjectsKept() {
        String clang = """
                build/main.o: src/main.c /emsdk/cache/sysroot/include/stdio.h \\
                  /usr/include/stddef.h include/calc.h /home/me/my\\ dir/x.h \\
                  /usrlocal/y.h
                /emsdk/cache/sysroot/include/stdio.h:
                /usr/include/stddef.h:
                include/calc.h:
                """;
        assertThat(DependencyFile.forHost(clang, PAYLOAD, NO_HOST_FILES)).isEqualTo("""
                build/main.o: \\
                  src/main.c \\
                  include/calc.h \\
                  /home/me/my\\ dir/x.h \\
                  /usrlocal/y.h
                include/calc.h:
                """);
    }

    @Test
    void aFileWithoutPayloadIsUnchangedInMeaning() {
        String mmd = "a.o: a.c a.h\na.h:\n";
        assertThat(DependencyFile.forHost(mmd, PAYLOAD, NO_HOST_FILES)).isEqualTo("a.o: \\\n  a.c \\\n  a.h\na.h:\n");
    }

    @Test
    void aHeaderInstalledIntoTheSysrootIsNamedByItsHostPath() {
        // cmake --install put zlib.h into the host layer of /emsdk/cache; stdio.h is the payload's
        String clang = """
                zuse.o: zuse.c /emsdk/cache/sysroot/include/stdio.h /emsdk/cache/sysroot/include/zlib.h
                /emsdk/cache/sysroot/include/zlib.h:
                """;
        Function<String, Optional<String>> hostLayer = path -> path.endsWith("/zlib.h")
                ? Optional.of(path.replace("/emsdk/cache", "/home/me/.cache/jemception/emscripten-cache/1 2"))
                : Optional.empty();
        assertThat(DependencyFile.forHost(clang, PAYLOAD, hostLayer)).isEqualTo("""
                zuse.o: \\
                  zuse.c \\
                  /home/me/.cache/jemception/emscripten-cache/1\\ 2/sysroot/include/zlib.h
                /home/me/.cache/jemception/emscripten-cache/1\\ 2/sysroot/include/zlib.h:
                """);
    }
}
