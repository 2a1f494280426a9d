package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * CMake with nothing installed: {@code emcmake cmake} and {@code cmake --build} in a session, so
 * CMake itself (box-cmake), the builder (ninja-builder), try_compile and try_run all run inside the
 * JVM. lz4 1.9.2 configured and built (to the host CMake's bytes: CMakeBuildTest); a program linked
 * with it runs in Node.js.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InJvmCMakeTest extends SessionTestBase {
    static Path lz4;

    @BeforeAll
    static void sources() throws Exception {
        Path npmCache = Path.of(System.getProperty("user.home"), ".cache", "jemception");
        CMakeBuildTest.LZ4.extract(CMakeBuildTest.LZ4.fetch(npmCache), dir.resolve("lz4-npm"),
                name -> name.startsWith("package/deps/lz4/"));
        lz4 = dir.resolve("lz4-npm/package/deps/lz4");
    }

    @Test
    @Order(1)
    void cmakeRunsInTheJvm() {
        RunResult version = ok("cmake", "--version");
        assertThat(version.stdout()).startsWith("cmake version 3.31.");
    }

    @Test
    @Order(2)
    void lz4ConfiguresAndBuildsWithNoHostTool() throws Exception {
        RunResult configure = ok("emcmake", "cmake", "-G", "Ninja", "-S", lz4 + "/contrib/cmake_unofficial",
                "-B", "build", "-DBUILD_SHARED_LIBS=OFF");
        assertThat(configure.stdout()).contains("Performing Test CFLAG_Wall - Success") // a try_compile through emcc
                .contains("Generating done");
        RunResult build = ok("cmake", "--build", "build", "--target", "lz4_static");
        assertThat(build.stdout()).contains("Linking C static library liblz4.a");

        write("roundtrip.c", CMakeBuildTest.ROUNDTRIP_C);
        ok("emcc", "-O1", "roundtrip.c", "-I" + lz4.resolve("lib"), "build/liblz4.a", "-o", "roundtrip.js");
        assertThat(HostCommands.node(dir.resolve("roundtrip.js"))).startsWith("lz4 1.9.2: 4096 bytes -> ")
                .endsWith(" -> 4096, round trip ok\n");

        RunResult again = ok("cmake", "--build", "build", "--target", "lz4_static");
        assertThat(again.stdout()).contains("ninja: no work to do.");
    }

    @Test
    @Order(3)
    void tryCompileAndTryRunWork() throws Exception {
        write("checks/CMakeLists.txt", """
                cmake_minimum_required(VERSION 3.13)
                project(checks C)
                include(CheckIncludeFile)
                include(CheckCSourceRuns)
                check_include_file(stdint.h HAVE_STDINT_H)
                check_include_file(no/such/header.h HAVE_NO_SUCH_HEADER)
                check_c_source_runs("int main(void) { return sizeof(void *) == 4 ? 0 : 1; }" WASM32_RUNS)
                message(STATUS "results: ${HAVE_STDINT_H} '${HAVE_NO_SUCH_HEADER}' ${WASM32_RUNS}")
                """);
        RunResult configure = ok("emcmake", "cmake", "-G", "Ninja", "-S", "checks", "-B", "build-checks");
        assertThat(configure.stdout()).contains("-- results: 1 '' 1");
    }

    @Test
    @Order(4)
    void executeProcessStopsWithAMessageNamingIt() throws Exception {
        write("exec/CMakeLists.txt", """
                cmake_minimum_required(VERSION 3.13)
                project(exec C)
                execute_process(COMMAND git describe OUTPUT_VARIABLE version)
                """);
        RunResult configure = session.run("emcmake", "cmake", "-G", "Ninja", "-S", "exec", "-B", "build-exec");
        assertThat(configure.exitCode()).isNotZero();
        assertThat(configure.stderr()).contains("execute_process(COMMAND git describe): jemception's")
                .contains("JEMCEPTION_CMAKE=host").doesNotContain("Exception"); // CMake wraps the rest
        assertThat(Files.exists(dir.resolve("build-exec/build.ninja"))).isFalse();
    }
}
