package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    static Path daemonDir;
    static Path launcher;
    static Path project;
    static final String JAVA = TestDaemons.JAVA;
    static final String CLASSPATH = TestDaemons.CLASSPATH;

    record Outcome(int exitCode, String output) {}

    @BeforeAll
    static void aDaemonAndALauncherForIt() throws IOException {
        daemonDir = Files.createDirectories(root.resolve("daemon"));
        TestDaemons.describe(daemonDir);
        // what the jemception script does for a compile: the thin client, to the daemon
        launcher = root.resolve("jemception");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + JAVA + "' -cp '" + CLASSPATH + "' dev.jemception.client.Client '"
                + daemonDir + "' -- \"$@\"\n");
        assertThat(launcher.toFile().setExecutable(true)).isTrue();

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
        run(root, "--stop-daemon");
    }

    static void write(String name, String text) throws IOException {
        Path file = project.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** {@code jemception ARGS} in {@code cwd}, the way the launcher runs it: stdout and stderr together. */
    static Outcome run(Path cwd, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-cp", CLASSPATH, "dev.jemception.client.Client",
                daemonDir.toString(), "--"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("JEMCEPTION_LAUNCHER", launcher.toString(),
                "JEMCEPTION_CACHE", root.resolve("cache").toString(), "JEMCEPTION_DAEMON_IDLE", "10m"));
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Outcome(p.exitValue(), output);
    }

    static String node(Path script) throws Exception {
        Process p = new ProcessBuilder("node", script.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return output;
    }

    /** Makes {@code name} newer than everything built so far, as an edit would. */
    static void touch(String name) throws IOException {
        Files.setLastModifiedTime(project.resolve(name), FileTime.from(Instant.now().plusSeconds(5)));
    }

    @Test
    @Order(1)
    void makeBuildsTheProjectWithJemceptionAsItsCompiler() throws Exception {
        Outcome make = run(project, "emmake", "make");
        assertThat(make.exitCode()).as(make.output()).isZero();
        assertThat(make.output()).contains("emmake: \"make\" in \"" + project + "\"")
                .contains("/bin/emcc -O1 -Iinclude -MD -MP -c src/main.c -o build/main.o") // CC: the host script
                .contains("/bin/emcc -O1 -MMD -MP -c calc.c -o calc.o")
                .contains("/bin/emar rcs libcalc.a calc.o");
        assertThat(node(project.resolve("build/main.js"))).isEqualTo("2 + 3 = 5\n");
        // the dependency files name the project's files as make sees them, nothing of jemception's
        // (-MD would list the payload's stdio.h, at a path the host does not have: rebuilt every time)
        assertThat(Files.readString(project.resolve("lib/calc.d"))).contains("calc.c").contains("../include/calc.h");
        assertThat(Files.readString(project.resolve("build/main.d"))).contains("src/main.c").contains("include/message.h")
                .doesNotContain("/emsdk").doesNotContain("/usr/").doesNotContain("stdio.h");
    }

    @Test
    @Order(2)
    void aRebuildCompilesOnlyWhatChanged() throws Exception {
        Outcome again = run(project, "emmake", "make");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("make[1]: 'libcalc.a' is up to date").doesNotContain("emcc").doesNotContain("emar");

        touch("include/message.h"); // main.c's alone
        Outcome rebuilt = run(project, "emmake", "make");
        assertThat(rebuilt.exitCode()).as(rebuilt.output()).isZero();
        assertThat(rebuilt.output()).contains("-c src/main.c -o build/main.o").doesNotContain("-c calc.c")
                .contains("build/main.o lib/libcalc.a -o build/main.js");
    }

    @Test
    @Order(3)
    void aCompileErrorStopsMakeWithClangsDiagnostic() throws Exception {
        write("lib/calc.c", "#include \"../include/calc.h\"\nint add(int a, int b) { return a + ; }\n");
        Outcome broken = run(project, "emmake", "make");
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.output()).contains("calc.c:2:36: error: expected expression")
                .contains("make[1]: *** [Makefile:");
        assertThat(project.resolve("build/main.js")).exists(); // the last good build is still there
    }

    @Test
    void aMissingBuildToolIsNamedWithWhatToInstall() throws Exception {
        Outcome missing = run(root, "emmake", "no-such-make");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.output().strip())
                .isEqualTo("jemception: emmake: no-such-make is not installed on this machine; jemception runs the host's build tools");
    }
}
