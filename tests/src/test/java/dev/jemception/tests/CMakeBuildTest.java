package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.build.NpmPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jemception emcmake cmake}: the host's CMake configures real projects with jemception's
 * toolchain file, and the host's ninja and make build them, each compile a client process talking
 * to a real daemon; jemception's own ninja rebuilds the same tree to the same bytes. lz4 1.9.2 (the sources the npm package lz4@0.6.5 bundles) with both
 * generators and with its own Makefile, its library used by a program that runs in Node.js;
 * incremental rebuilds; zlib (from zlib-sync@0.1.10) installed with {@code cmake --install} into
 * the sysroot and found there by a second project with {@code find_package(ZLIB)}, which also runs
 * a {@code check_c_source_runs} and a {@code ctest} test through the emulator (jemception's node);
 * and the same lz4 configured by jemception's in-JVM CMake builds to the host CMake's bytes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CMakeBuildTest {
    static final NpmPackage LZ4 = new NpmPackage("lz4", "0.6.5",
            "sha512-KSZcJU49QZOlJSItaeIU3p8WoAvkTmD9fJqeahQXNu1iQ/kR0/mQLdbrK8JY9MY8f6AhJoMrihp1nu1xDbscSQ==");
    static final NpmPackage ZLIB_SYNC = new NpmPackage("zlib-sync", "0.1.10",
            "sha512-t7/pYg5tLBznL1RuhmbAt8rNp5tbhr+TSrJFnMkRtrGIaPJZ6Dc0uR4u3OoQI2d6cGlVI62E3Gy6gwkxyIqr/w==");

    /** A program that compresses and decompresses a buffer with lz4: run in Node.js, it says how it went. */
    static final String ROUNDTRIP_C = """
            #include <stdio.h>
            #include <string.h>
            #include "lz4.h"
            int main(void) {
                char text[4096], packed[LZ4_COMPRESSBOUND(4096)], unpacked[4096];
                for (int i = 0; i < 4096; i++) text[i] = "jemception "[i % 11];
                int n = LZ4_compress_default(text, packed, 4096, sizeof packed);
                int m = LZ4_decompress_safe(packed, unpacked, n, sizeof unpacked);
                printf("lz4 %s: %d bytes -> %d -> %d, %s\\n", LZ4_versionString(), 4096, n, m,
                       m == 4096 && memcmp(text, unpacked, 4096) == 0 ? "round trip ok" : "MISMATCH");
                return 0;
            }
            """;

    @TempDir
    static Path root;
    static HostCommands jemception;
    static Path lz4;
    static Path zlib;

    @BeforeAll
    static void aDaemonAndTheSources() throws IOException {
        jemception = new HostCommands(root);
        // the user's cache, where the build keeps its pinned packages (the tests' JEMCEPTION_CACHE is their own)
        Path npmCache = Path.of(System.getProperty("user.home"), ".cache", "jemception");
        LZ4.extract(LZ4.fetch(npmCache), root.resolve("lz4-npm"), name -> name.startsWith("package/deps/lz4/"));
        lz4 = root.resolve("lz4-npm/package/deps/lz4");
        ZLIB_SYNC.extract(ZLIB_SYNC.fetch(npmCache), root.resolve("zlib-npm"), name -> name.startsWith("package/deps/zlib/"));
        zlib = root.resolve("zlib-npm/package/deps/zlib");
        Files.writeString(root.resolve("roundtrip.c"), ROUNDTRIP_C);
    }

    @AfterAll
    static void stopTheDaemon() throws Exception {
        jemception.stopDaemon();
    }

    static void succeeds(HostCommands.Outcome outcome) {
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
    }

    /** A program linked with {@code library} prints what Node.js runs of it. */
    static String roundTrip(Path library, String name) throws Exception {
        succeeds(jemception.run(root, "emcc", "-O1", "roundtrip.c", "-I" + lz4.resolve("lib"), library.toString(),
                "-o", name + ".js"));
        return HostCommands.node(root.resolve(name + ".js"));
    }

    @Test
    @Order(1)
    void lz4ConfiguresAndBuildsWithNinja() throws Exception {
        var configure = jemception.run(root, "emcmake", "cmake", "-G", "Ninja", "-S", lz4 + "/contrib/cmake_unofficial",
                "-B", "build-ninja", "-DBUILD_SHARED_LIBS=OFF");
        succeeds(configure);
        assertThat(configure.output()).contains("emcmake: \"cmake -G Ninja")
                .contains("-DCMAKE_TOOLCHAIN_FILE=").contains("-DCMAKE_CROSSCOMPILING_EMULATOR=")
                .contains("Performing Test CFLAG_Wall - Success") // a try_compile through emcc
                .contains("Performing Test CFLAG_W4 - Failed"); // MSVC's flag: emcc refuses it
        // the build needs no wrapper: the toolchain file put everything in the build files
        succeeds(jemception.host(root, "cmake", "--build", "build-ninja", "--target", "lz4_static"));
        assertThat(roundTrip(root.resolve("build-ninja/liblz4.a"), "ninja"))
                .startsWith("lz4 1.9.2: 4096 bytes -> ").endsWith(" -> 4096, round trip ok\n");
    }

    @Test
    @Order(2)
    void aNinjaRebuildCompilesOnlyWhatChanged() throws Exception {
        var again = jemception.host(root, "ninja", "-C", "build-ninja", "lz4_static");
        succeeds(again);
        assertThat(again.output()).contains("ninja: no work to do.");

        // now, not later: a future mtime would keep the header newer than any object rebuilt before that moment
        Files.setLastModifiedTime(lz4.resolve("lib/lz4hc.h"), FileTime.from(Instant.now()));
        var rebuilt = jemception.host(root, "ninja", "-C", "build-ninja", "lz4_static");
        succeeds(rebuilt);
        assertThat(rebuilt.output()).contains("lz4hc.c.o").contains("lz4frame.c.o") // its includers
                .doesNotContain("lz4.c.o").doesNotContain("xxhash.c.o");
    }

    @Test
    @Order(3)
    void jemceptionsOwnNinjaBuildsWhatCMakeGeneratedByteForByte() throws Exception {
        byte[] hostNinjas = Files.readAllBytes(root.resolve("build-ninja/liblz4.a"));
        var clean = jemception.run(root, "ninja", "-C", "build-ninja", "-t", "clean");
        succeeds(clean);
        assertThat(root.resolve("build-ninja/liblz4.a")).doesNotExist();
        var built = jemception.run(root, "ninja", "-C", "build-ninja", "lz4_static"); // cmake -E too: no host tool
        succeeds(built);
        assertThat(built.output()).contains("Building C object").contains("Linking C static library liblz4.a");
        assertThat(Files.readAllBytes(root.resolve("build-ninja/liblz4.a"))).isEqualTo(hostNinjas);
        assertThat(jemception.run(root, "ninja", "-C", "build-ninja", "lz4_static").output()).contains("ninja: no work to do.");
    }

    @Test
    @Order(4)
    void lz4ConfiguresAndBuildsWithMakefiles() throws Exception {
        succeeds(jemception.run(root, "emcmake", "cmake", "-G", "Unix Makefiles", "-S",
                lz4 + "/contrib/cmake_unofficial", "-B", "build-make", "-DBUILD_SHARED_LIBS=OFF"));
        succeeds(jemception.run(root, "emmake", "make", "-C", "build-make", "lz4_static"));
        assertThat(roundTrip(root.resolve("build-make/liblz4.a"), "make"))
                .startsWith("lz4 1.9.2: 4096 bytes -> ").endsWith(" -> 4096, round trip ok\n");
        var again = jemception.run(root, "emmake", "make", "-C", "build-make", "lz4_static");
        succeeds(again);
        assertThat(again.output()).doesNotContain("Building C object");
    }

    @Test
    @Order(5)
    void lz4BuildsWithItsOwnMakefile() throws Exception {
        succeeds(jemception.run(root, "emmake", "make", "-C", lz4 + "/lib", "liblz4.a"));
        assertThat(roundTrip(lz4.resolve("lib/liblz4.a"), "own"))
                .startsWith("lz4 1.9.2: 4096 bytes -> ").endsWith(" -> 4096, round trip ok\n");
    }

    @Test
    @Order(6)
    void zlibInstalledIntoTheSysrootIsFoundByAnotherProject() throws Exception {
        Files.writeString(zlib.resolve("CMakeLists.txt"), """
                cmake_minimum_required(VERSION 3.13)
                project(zlib C)
                add_library(z STATIC adler32.c compress.c crc32.c deflate.c inflate.c inffast.c inftrees.c trees.c uncompr.c zutil.c)
                install(TARGETS z ARCHIVE DESTINATION lib)
                install(FILES zlib.h zconf.h DESTINATION include)
                """);
        succeeds(jemception.run(root, "emcmake", "cmake", "-G", "Ninja", "-S", zlib.toString(), "-B", "build-zlib"));
        succeeds(jemception.host(root, "cmake", "--build", "build-zlib"));
        var install = jemception.host(root, "cmake", "--install", "build-zlib");
        succeeds(install);
        // into the sysroot: the host directory behind Emscripten's cache, as em-config CACHE says
        var cache = jemception.run(root, "em-config", "CACHE");
        succeeds(cache);
        Path sysroot = Path.of(cache.output().strip()).resolve("sysroot");
        assertThat(sysroot.resolve("lib/libz.a")).isRegularFile();
        assertThat(install.output()).contains(sysroot.resolve("include/zlib.h").toString());

        Path user = Files.createDirectories(root.resolve("zuse"));
        Files.writeString(user.resolve("CMakeLists.txt"), """
                cmake_minimum_required(VERSION 3.13)
                project(zuse C)
                include(CheckCSourceRuns)
                check_c_source_runs("int main(void) { return sizeof(void *) == 4 ? 0 : 1; }" WASM32_RUNS)
                if(NOT WASM32_RUNS)
                  message(FATAL_ERROR "check_c_source_runs did not run the wasm32 program")
                endif()
                find_package(ZLIB REQUIRED)
                add_executable(zuse zuse.c)
                target_link_libraries(zuse ZLIB::ZLIB)
                enable_testing()
                add_test(NAME round_trip COMMAND zuse)
                set_tests_properties(round_trip PROPERTIES PASS_REGULAR_EXPRESSION "round trip ok")
                """);
        Files.writeString(user.resolve("zuse.c"), """
                #include <stdio.h>
                #include <string.h>
                #include <zlib.h>
                int main(void) {
                    unsigned char text[2000], packed[2100], unpacked[2000];
                    for (int i = 0; i < 2000; i++) text[i] = "deflate me "[i % 11];
                    uLongf n = sizeof packed, m = sizeof unpacked;
                    int a = compress2(packed, &n, text, sizeof text, 9);
                    int b = uncompress(unpacked, &m, packed, n);
                    printf("zlib %s: %s\\n", zlibVersion(),
                           a == Z_OK && b == Z_OK && m == 2000 && !memcmp(text, unpacked, 2000) ? "round trip ok" : "MISMATCH");
                    return 0;
                }
                """);
        var configure = jemception.run(root, "emcmake", "cmake", "-G", "Ninja", "-S", user.toString(), "-B", "build-zuse");
        succeeds(configure);
        assertThat(configure.output()).contains("Performing Test WASM32_RUNS - Success")
                .contains("Found ZLIB: " + sysroot.resolve("lib/libz.a"));
        succeeds(jemception.host(root, "cmake", "--build", "build-zuse"));
        // the installed header is a dependency by its host path (reinstalling zlib rebuilds zuse), stdio.h is none
        var deps = jemception.host(root, "ninja", "-C", "build-zuse", "-t", "deps");
        assertThat(deps.output()).contains(sysroot.resolve("include/zlib.h").toString())
                .doesNotContain("/emsdk/").doesNotContain("stdio.h");
        var ctest = jemception.host(root.resolve("build-zuse"), "ctest", "--output-on-failure");
        succeeds(ctest);
        assertThat(ctest.output()).contains("100% tests passed");
        assertThat(HostCommands.node(root.resolve("build-zuse/zuse.js"))).startsWith("zlib 1.").endsWith(": round trip ok\n");
    }

    @Test
    @Order(7)
    void withCMakeTheOnlyHostToolJemceptionsNinjaBuildsTheTree() throws Exception {
        // a PATH with cmake and nothing else: no make, no ninja, no shell tools
        Path onlyCMake = Files.createDirectories(root.resolve("only-cmake"));
        Files.createSymbolicLink(onlyCMake.resolve("cmake"), Path.of("/usr/bin/cmake").toRealPath());
        var path = java.util.Map.of("PATH", onlyCMake.toString());
        var configure = jemception.run(root, path, "emcmake", "cmake", "-S", lz4 + "/contrib/cmake_unofficial",
                "-B", "build-cmake-only", "-DBUILD_SHARED_LIBS=OFF");
        succeeds(configure);
        assertThat(configure.output()).contains("-G Ninja").contains("jemception's own ninja will build this tree")
                .contains("Performing Test CFLAG_Wall - Success"); // try_compile through jemception's ninja
        succeeds(jemception.host(root, path, onlyCMake.resolve("cmake").toString(), "--build", "build-cmake-only",
                "--target", "lz4_static"));
        assertThat(Files.readAllBytes(root.resolve("build-cmake-only/liblz4.a")))
                .isEqualTo(Files.readAllBytes(root.resolve("build-ninja/liblz4.a"))); // the host ninja's bytes
    }

    @Test
    @Order(8)
    void cmakeInTheJvmBuildsTheSameBytesAsTheHosts() throws Exception {
        // the same sources at the same path (lz4's assert()s keep __FILE__), configured by jemception's CMake
        var configure = jemception.run(root, java.util.Map.of("JEMCEPTION_CMAKE", "jvm"), "emcmake", "cmake", "-G", "Ninja",
                "-S", lz4 + "/contrib/cmake_unofficial", "-B", "build-jvm", "-DBUILD_SHARED_LIBS=OFF");
        succeeds(configure);
        assertThat(configure.output()).contains("Performing Test CFLAG_Wall - Success");
        succeeds(jemception.run(root, "cmake", "--build", "build-jvm", "--target", "lz4_static"));
        assertThat(Files.readAllBytes(root.resolve("build-jvm/liblz4.a")))
                .isEqualTo(Files.readAllBytes(root.resolve("build-ninja/liblz4.a"))); // the host CMake's bytes
    }
}
