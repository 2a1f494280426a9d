package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jemception emmake make}: the host's GNU make builds a Makefile project, each compile a real
 * client process talking to a real daemon (started from this build's class path, as in
 * {@link DaemonTest}); the program runs in Node.js. Then what make users rely on: a rebuild with
 * no change compiles nothing, a touched header recompiles its includers only, a compile error
 * stops make with clang's diagnostic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostBuildTest {
    @TempDir
    static Path root;
    static HostCommands jemception;
    static Path project;

    @BeforeAll
    static void aDaemonAndAProject() throws IOException {
        jemception = new HostCommands(root);
        project = root.resolve("project");
        write("include/calc.h", "int add(int a, int b);\n");
        write("include/message.h", "#define MESSAGE \"2 + 3 = %d\\n\"\n");
        // lib/ is built by a make of its own, in lib/: "../include" is outside its working directory
        write("lib/calc.c", "#include \"../include/calc.h\"\nint add(int a, int b) { return a + b; }\n");
        write("lib/Makefile", """
                libcalc.a: calc.o
                \t$(AR) rcs $@ $^
                calc.o: calc.c
                \t$(CC) -O1 -MMD -MP -c $< -o $@
                -include calc.d
                """);
        write("src/main.c", "#include <stdio.h>\n#include \"calc.h\"\n#include \"message.h\"\n"
                + "int main(void) { printf(MESSAGE, add(2, 3)); return 0; }\n");
        write("Makefile", """
                CFLAGS ?= -O1
                all: build/main.js
                build/%.o: src/%.c
                \t@mkdir -p build
                \t$(CC) $(CFLAGS) -Iinclude -MD -MP -c $< -o $@
                lib/libcalc.a: FORCE
                \t$(MAKE) -C lib
                build/main.js: build/main.o lib/libcalc.a
                \t$(CC) $^ -o $@
                FORCE:
                -include build/*.d
                """);
    }

    @AfterAll
    static void stopTheDaemon() throws Exception {
        jemception.stopDaemon();
    }

    static void write(String name, String text) throws IOException {
        Path file = project.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Makes {@code name} newer than everything built so far, as an edit would. */
    static void touch(String name) throws IOException {
        Files.setLastModifiedTime(project.resolve(name), FileTime.from(Instant.now())); // a future time would outlive the rebuild
    }

    @Test
    @Order(1)
    void makeBuildsTheProjectWithJemceptionAsItsCompiler() throws Exception {
        HostCommands.Outcome make = jemception.run(project, "emmake", "make");
        assertThat(make.exitCode()).as(make.output()).isZero();
        assertThat(make.output()).contains("emmake: \"make\" in \"" + project + "\"")
                .contains("/emcc -O1 -Iinclude -MD -MP -c src/main.c -o build/main.o") // CC: the host script
                .contains("/emcc -O1 -MMD -MP -c calc.c -o calc.o")
                .contains("/emar rcs libcalc.a calc.o");
        assertThat(HostCommands.node(project.resolve("build/main.js"))).isEqualTo("2 + 3 = 5\n");
        // the dependency files name the project's files as make sees them, nothing of jemception's
        // (-MD would list the payload's stdio.h, at a path the host does not have: rebuilt every time)
        assertThat(Files.readString(project.resolve("lib/calc.d"))).contains("calc.c").contains("../include/calc.h");
        assertThat(Files.readString(project.resolve("build/main.d"))).contains("src/main.c").contains("include/message.h")
                .doesNotContain("/emsdk").doesNotContain("/usr/").doesNotContain("stdio.h");
    }

    @Test
    @Order(2)
    void aRebuildCompilesOnlyWhatChanged() throws Exception {
        HostCommands.Outcome again = jemception.run(project, "emmake", "make");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("make[1]: 'libcalc.a' is up to date").doesNotContain("emcc").doesNotContain("emar");

        touch("include/message.h"); // main.c's alone
        HostCommands.Outcome rebuilt = jemception.run(project, "emmake", "make");
        assertThat(rebuilt.exitCode()).as(rebuilt.output()).isZero();
        assertThat(rebuilt.output()).contains("-c src/main.c -o build/main.o").doesNotContain("-c calc.c")
                .contains("build/main.o lib/libcalc.a -o build/main.js");
    }

    @Test
    @Order(3)
    void aCompileErrorStopsMakeWithClangsDiagnostic() throws Exception {
        write("lib/calc.c", "#include \"../include/calc.h\"\nint add(int a, int b) { return a + ; }\n");
        HostCommands.Outcome broken = jemception.run(project, "emmake", "make");
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.output()).contains("calc.c:2:36: error: expected expression")
                .contains("make[1]: *** [Makefile:");
        assertThat(project.resolve("build/main.js")).exists(); // the last good build is still there
    }

    @Test
    void aMissingBuildToolIsNamedWithWhatToInstall() throws Exception {
        HostCommands.Outcome missing = jemception.run(root, "emmake", "no-such-make");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.output().strip())
                .isEqualTo("jemception: emmake: no-such-make is not installed on this machine; jemception runs the host's build tools");
    }

    @Test
    void emcmakeWithoutAHostCMakeUsesJemceptionsUnlessTheHostsIsAskedFor() throws Exception {
        HostCommands.Outcome inJvm = jemception.run(root, Map.of("PATH", "/nonexistent"), "emcmake", "cmake", "--version");
        assertThat(inJvm.exitCode()).as(inJvm.output()).isZero();
        assertThat(inJvm.output()).contains("cmake version 3.31.");

        HostCommands.Outcome missing = jemception.run(root, Map.of("PATH", "/nonexistent", "JEMCEPTION_CMAKE", "host"),
                "emcmake", "cmake", ".");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.output().strip()).isEqualTo("jemception: emcmake: cmake is not installed on this machine"
                + " (Debian/Ubuntu: apt install cmake); jemception runs the host's build tools");
    }
}
