package dev.jemception.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiagnosticLineTest {
    @Test
    void readsALocatedDiagnosticAToolsAndNothingElse() {
        assertThat(DiagnosticLine.parse("src/main/c/a b.c:3:14: fatal error: 'x.h' file not found"))
                .contains(new DiagnosticLine("src/main/c/a b.c", 3, 14, "fatal error", "'x.h' file not found"));
        assertThat(DiagnosticLine.parse("wasm-ld: error: undefined symbol: f"))
                .contains(new DiagnosticLine(null, 0, 0, "error", "wasm-ld: undefined symbol: f"));
        assertThat(DiagnosticLine.parse("    3 | int x = ;")).isEmpty();
        assertThat(DiagnosticLine.parse("1 error generated.")).isEmpty();
    }

    @Test
    void notesAndRemarksBelongToTheDiagnosticBefore() {
        DiagnosticLine note = DiagnosticLine.parse("a.c:1:2: note: declared here").orElseThrow();
        assertThat(note.isAttached()).isTrue();
        assertThat(note.isError()).isFalse();
        assertThat(DiagnosticLine.parse("a.c:1:2: warning: unused").orElseThrow().isAttached()).isFalse();
    }
}
