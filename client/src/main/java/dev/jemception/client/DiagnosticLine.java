package dev.jemception.client;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of clang, emcc or wasm-ld output that is a diagnostic: {@code FILE:LINE:COL: error: ...}
 * (a located one) or {@code wasm-ld: error: ...} (a tool's, {@code file} null). The one reading of
 * that format, for the Java API's diagnostics and the Maven plugin's log levels.
 *
 * @param severity {@code fatal error}, {@code error}, {@code warning}, {@code note} or {@code remark}
 * @param message for a tool's diagnostic, prefixed with the tool's name ({@code wasm-ld: ...})
 */
public record DiagnosticLine(String file, int line, int column, String severity, String message) {
    private static final Pattern LOCATED = Pattern.compile("^(.+?):(\\d+):(\\d+): (fatal error|error|warning|note|remark): (.*)$");
    private static final Pattern TOOL = Pattern.compile("^([\\w.+-]+): (error|warning): (.*)$");

    /** {@code text} as a diagnostic, or empty when it is another line (source excerpt, caret, summary). */
    public static Optional<DiagnosticLine> parse(String text) {
        Matcher m = LOCATED.matcher(text);
        if (m.matches()) {
            return Optional.of(new DiagnosticLine(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4), m.group(5)));
        }
        m = TOOL.matcher(text);
        if (m.matches()) {
            return Optional.of(new DiagnosticLine(null, 0, 0, m.group(2), m.group(1) + ": " + m.group(3)));
        }
        return Optional.empty();
    }

    /** An error or a fatal error. */
    public boolean isError() {
        return severity.endsWith("error");
    }

    /** A note or a remark: it belongs to the diagnostic before it. */
    public boolean isAttached() {
        return severity.equals("note") || severity.equals("remark");
    }
}
