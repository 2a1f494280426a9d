package dev.jemception.maven;

import dev.jemception.client.DiagnosticLine;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.logging.Log;

/**
 * What clang, emcc and wasm-ld print, as Maven log lines: {@code FILE:LINE:COL: error: ...} with an
 * absolute FILE (the form IDEs and editors parse) at ERROR, warnings at WARNING. The lines that
 * belong to a diagnostic (the "In file included from" lines before it, the source excerpt and its
 * notes after it) are logged at its level.
 */
final class ClangOutput {
    private static final Pattern INCLUDED_FROM = Pattern.compile("^(In file included from |\\s+from )(.+?)(:\\d+:)$");

    enum Level { INFO, WARN, ERROR }

    record Line(Level level, String text) {}

    private ClangOutput() {}

    /** The lines of {@code output} at their levels, file names made absolute against {@code cwd}. */
    static List<Line> parse(String output, Path cwd) {
        List<Line> lines = new ArrayList<>();
        List<String> pending = new ArrayList<>(); // "In file included from": the level of the diagnostic after them
        Level current = Level.INFO;
        for (String text : output.split("\\R")) {
            if (text.isEmpty()) {
                continue;
            }
            DiagnosticLine diagnostic = DiagnosticLine.parse(text).orElse(null);
            Matcher from = INCLUDED_FROM.matcher(text);
            if (diagnostic != null) {
                if (!diagnostic.isAttached()) {
                    current = diagnostic.isError() ? Level.ERROR : Level.WARN;
                }
                if (diagnostic.file() != null) {
                    text = absolute(diagnostic.file(), cwd) + text.substring(diagnostic.file().length());
                }
            } else if (from.matches()) {
                pending.add(from.group(1) + absolute(from.group(2), cwd) + from.group(3));
                continue;
            }
            for (String p : pending) {
                lines.add(new Line(current, p));
            }
            pending.clear();
            lines.add(new Line(current, text));
        }
        for (String p : pending) {
            lines.add(new Line(current, p));
        }
        return lines;
    }

    static void log(String output, Path cwd, Log log) {
        for (Line line : parse(output, cwd)) {
            switch (line.level()) {
                case ERROR -> log.error(line.text());
                case WARN -> log.warn(line.text());
                case INFO -> log.info(line.text());
            }
        }
    }

    /** A diagnostic's file as an absolute path; clang's pseudo-files ({@code <built-in>}) as they are. */
    private static String absolute(String file, Path cwd) {
        if (file.startsWith("<")) {
            return file;
        }
        try {
            return cwd.resolve(file).normalize().toString();
        } catch (InvalidPathException e) {
            return file;
        }
    }
}
