package dev.jemception.ninja.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellCommandTest {
    @Test
    void whatCMakeWritesIsSplitWithoutAShell() {
        assertThat(ShellCommand.parse(": && cd /b/lib && emar qc 'lib x.a' \"a.o\" b\\ c.o && :")).containsExactly(
                List.of(":"), List.of("cd", "/b/lib"), List.of("emar", "qc", "lib x.a", "a.o", "b c.o"), List.of(":"));
        assertThat(ShellCommand.parse("env \"JEMCEPTION_HOST_ROOTS=/s:/b\" emcc -DX=\"1\" -c a.c"))
                .containsExactly(List.of("env", "JEMCEPTION_HOST_ROOTS=/s:/b", "emcc", "-DX=1", "-c", "a.c"));
    }

    @Test
    void whatNeedsAShellIsRefusedByName() {
        assertThatThrownBy(() -> ShellCommand.parse("cc a.c | tee log")).hasMessage(
                "jemception's ninja runs commands without a shell and does not support '|' in: cc a.c | tee log");
        assertThatThrownBy(() -> ShellCommand.parse("cc $CFLAGS a.c")).hasMessageContaining("'$'");
        assertThatThrownBy(() -> ShellCommand.parse("a ; b")).hasMessageContaining("';'");
        assertThatThrownBy(() -> ShellCommand.parse("a && ")).hasMessageContaining("'&&' without a command after it");
    }

    @Test
    void depfilesGiveTheirPrerequisitesUnescaped() {
        assertThat(Depfile.prerequisites("main.o: src/main.c \\\n  /x/my\\ dir/a.h c:/w.h\nsrc/main.c:\n"))
                .containsExactly("src/main.c", "/x/my dir/a.h", "c:/w.h");
    }
}
