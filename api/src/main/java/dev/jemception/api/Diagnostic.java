package dev.jemception.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message of the compiler or linker: where (file, line and column when the tool says), how
 * severe, and what. {@code file} is the project-relative path of a {@link Source}, or a system
 * header's path; it is null for messages about no particular file (a link error).
 */
public record Diagnostic(String file, int line, int column, Severity severity, String message) {

    public enum Severity { NOTE, WARNING, ERROR }

    private static final Pattern LOCATED = Pattern.compile("^(.+?):(\\d+):(\\d+): (fatal error|error|warning|note): (.*)$");
    private static final Pattern TOOL = Pattern.compile("^([\\w.+-]+): (error|warning): (.*)$");

    /** The diagnostics in a tool's stderr (clang's {@code file:line:col: error: ...}, {@code wasm-ld: error: ...}). */
    static List<Diagnostic> parse(String stderr) {
        List<Diagnostic> found = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            Matcher m = LOCATED.matcher(line);
            if (m.matches()) {
                found.add(new Diagnostic(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        severity(m.group(4)), m.group(5)));
                continue;
            }
            m = TOOL.matcher(line);
            if (m.matches()) {
                found.add(new Diagnostic(null, 0, 0, severity(m.group(2)), m.group(1) + ": " + m.group(3)));
            }
        }
        return List.copyOf(found);
    }

    private static Severity severity(String word) {
        return switch (word) {
            case "note" -> Severity.NOTE;
            case "warning" -> Severity.WARNING;
            default -> Severity.ERROR;
        };
    }

    @Override
    public String toString() {
        String where = file == null ? "" : file + (line > 0 ? ":" + line + ":" + column : "") + ": ";
        return where + severity.name().toLowerCase() + ": " + message;
    }
}
