package dev.jemception.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * clang's {@code -MD -MF} output: a make rule {@code OBJ: SOURCE HEADER...}, continued with
 * backslash-newline, spaces in names escaped as {@code \ }. Its prerequisites are every file the
 * translation unit read: the source first, then its headers (the toolchain's own, at payload
 * paths that do not exist on the host, included).
 */
final class DependencyFile {
    private DependencyFile() {}

    /** The prerequisites of {@code depFile}, or null when it is missing or unreadable (compile again). */
    static List<Path> read(Path depFile) {
        try {
            return Files.isRegularFile(depFile) ? parse(Files.readString(depFile)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static List<Path> parse(String text) {
        String joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
        int colon = ruleColon(joined);
        if (colon < 0) {
            throw new IllegalArgumentException("not a dependency rule");
        }
        List<Path> files = new ArrayList<>();
        var name = new StringBuilder();
        String rest = joined.substring(colon + 1);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\\' && i + 1 < rest.length() && (rest.charAt(i + 1) == ' ' || rest.charAt(i + 1) == '#')) {
                name.append(rest.charAt(++i));
            } else if (c == '$' && i + 1 < rest.length() && rest.charAt(i + 1) == '$') {
                name.append('$');
                i++;
            } else if (Character.isWhitespace(c)) {
                add(files, name);
            } else {
                name.append(c);
            }
        }
        add(files, name);
        return files;
    }

    /** The colon that ends the target: the first one followed by white space or the end (names may hold colons). */
    private static int ruleColon(String text) {
        for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
            if (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    private static void add(List<Path> files, StringBuilder name) {
        if (!name.isEmpty()) {
            files.add(Path.of(name.toString()));
            name.setLength(0);
        }
    }
}
