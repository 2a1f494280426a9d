package dev.jemception.maven;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The translation units of a build: each {@code .c}, {@code .cc}, {@code .cpp}, {@code .cxx} under the source directories. */
final class TranslationUnits {
    /**
     * One translation unit.
     *
     * @param source absolute, real path (clang's diagnostics name it so)
     * @param cpp    compiled by em++ (by its extension, as clang decides the language)
     * @param object its object file, relative to the work directory ({@code obj/c/dir/a.c.o}: a.c and a.cpp do not collide)
     */
    record Unit(Path source, boolean cpp, String object) {
        String depFile() {
            return object.substring(0, object.length() - 2) + ".d";
        }
    }

    private TranslationUnits() {}

    /**
     * The units under each source directory (label → directory; missing directories have none),
     * in a stable order, filtered by Ant-style {@code includes} (default: all) and {@code excludes}
     * relative to their directory.
     */
    static List<Unit> scan(Map<String, Path> roots, List<String> includes, List<String> excludes) throws IOException {
        FileSystem fs = FileSystems.getDefault();
        List<PathMatcher> in = matchers(fs, includes);
        List<PathMatcher> out = matchers(fs, excludes);
        Map<Path, Unit> units = new LinkedHashMap<>(); // one unit per file, even if two roots overlap
        for (var root : roots.entrySet()) {
            if (!Files.isDirectory(root.getValue())) {
                continue;
            }
            Path dir = root.getValue().toRealPath();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).filter(TranslationUnits::isSource).sorted().toList();
            }
            for (Path file : files) {
                Path rel = dir.relativize(file);
                if ((in.isEmpty() || matches(in, rel)) && !matches(out, rel)) {
                    String object = "obj/" + root.getKey() + "/" + rel.toString().replace('\\', '/') + ".o";
                    units.putIfAbsent(file, new Unit(file, !extension(file).equals("c"), object));
                }
            }
        }
        return new ArrayList<>(units.values());
    }

    private static boolean isSource(Path file) {
        return switch (extension(file)) {
            case "c", "cc", "cpp", "cxx" -> true;
            default -> false;
        };
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static List<PathMatcher> matchers(FileSystem fs, List<String> patterns) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String pattern : patterns == null ? List.<String>of() : patterns) {
            String p = pattern.strip().replace('\\', '/');
            if (p.endsWith("/")) {
                p += "**"; // Ant: "dir/" is everything below dir
            }
            matchers.add(fs.getPathMatcher("glob:" + p));
            if (p.startsWith("**/")) {
                matchers.add(fs.getPathMatcher("glob:" + p.substring(3))); // Ant's **/ also matches no directory
            }
        }
        return matchers;
    }

    private static boolean matches(List<PathMatcher> matchers, Path rel) {
        return matchers.stream().anyMatch(m -> m.matches(rel));
    }
}
