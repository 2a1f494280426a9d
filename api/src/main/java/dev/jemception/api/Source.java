package dev.jemception.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A file of the program to compile: a source or a header, by its path relative to the project
 * (e.g. {@code "main.cpp"} or {@code "include/util.h"}), and its content.
 */
public record Source(String path, byte[] content) {

    public Source {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || ("/" + path + "/").contains("/../")) {
            throw new IllegalArgumentException("a source path is relative, with '/' separators and no '..': " + path);
        }
        content = content.clone();
    }

    /** A text file (UTF-8). */
    public static Source of(String path, String text) {
        return new Source(path, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** Whether emcc compiles this file (rather than only including it). */
    boolean isCompiled() {
        return path.matches(".*\\.(c|cc|cpp|cxx|c\\+\\+|C|o|a)");
    }

    boolean isCxx() {
        return path.matches(".*\\.(cc|cpp|cxx|c\\+\\+|C)");
    }
}
