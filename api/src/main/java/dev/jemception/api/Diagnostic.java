package dev.jemception.api;

import dev.jemception.client.DiagnosticLine;
import java.util.List;

/**
 * One message of the compiler or linker: where (file, line and column when the tool says), how
 * severe, and what. {@code file} is the project-relative path of a {@link Source}, or a system
 * header's path; it is null for messages about no particular file (a link error).
 */
public record Diagnostic(String file, int line, int column, Severity severity, String message) {

    public enum Severity { NOTE, WARNING, ERROR }

    /** The diagnostics in a tool's stderr (clang's {@code file:line:col: error: ...}, {@code wasm-ld: error: ...}). */
    public static List<Diagnostic> parse(String stderr) {
        return stderr.lines().flatMap(line -> DiagnosticLine.parse(line).stream())
                .map(d -> new Diagnostic(d.file(), d.line(), d.column(),
                        d.isError() ? Severity.ERROR : d.isAttached() ? Severity.NOTE : Severity.WARNING, d.message()))
                .toList();
    }

    @Override
    public String toString() {
        String where = file == null ? "" : file + (line > 0 ? ":" + line + ":" + column : "") + ": ";
        return where + severity.name().toLowerCase() + ": " + message;
    }
}
