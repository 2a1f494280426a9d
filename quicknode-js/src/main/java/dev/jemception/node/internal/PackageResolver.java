package dev.jemception.node.internal;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Node's lookup of bare specifiers ({@code import 'acorn'}) in {@code node_modules} directories,
 * with package.json {@code exports} (the "import", "node" and "default" conditions), "module" and
 * "main". GraalJS asks the file system for a bare specifier without saying who imports it, so the
 * lookup starts from the directory of the main script, then from the working directory.
 */
final class PackageResolver {
    private static final List<String> CONDITIONS = List.of("import", "node", "default");

    private final List<Path> searchFrom;

    PackageResolver(List<Path> searchFrom) {
        this.searchFrom = searchFrom;
    }

    /** The file a bare specifier names, or null if no node_modules has it. */
    Path resolve(String specifier) {
        int slash = specifier.startsWith("@") ? specifier.indexOf('/', specifier.indexOf('/') + 1) : specifier.indexOf('/');
        String name = slash < 0 ? specifier : specifier.substring(0, slash);
        String subpath = slash < 0 ? "." : "." + specifier.substring(slash);
        for (Path start : searchFrom) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path pkg = dir.resolve("node_modules").resolve(name);
                if (Files.isDirectory(pkg)) {
                    return entry(pkg, subpath);
                }
            }
        }
        return null;
    }

    private static Path entry(Path pkg, String subpath) {
        Map<String, Object> manifest = manifest(pkg.resolve("package.json"));
        Object exports = manifest.get("exports");
        if (exports != null) {
            Object target = exports instanceof Map<?, ?> m && m.keySet().stream().allMatch(k -> k.toString().startsWith("."))
                    ? m.get(subpath)
                    : subpath.equals(".") ? exports : null;
            String file = pick(target);
            if (file != null) {
                return pkg.resolve(file).normalize();
            }
        }
        if (!subpath.equals(".")) {
            return pkg.resolve(subpath).normalize();
        }
        for (String field : List.of("module", "main")) {
            if (manifest.get(field) instanceof String file) {
                return pkg.resolve(file).normalize();
            }
        }
        return pkg.resolve("index.js");
    }

    /** The first target of an exports entry that matches Node's ESM conditions. */
    private static String pick(Object target) {
        if (target instanceof String s) {
            return s;
        }
        if (target instanceof List<?> alternatives) {
            for (Object alternative : alternatives) {
                String file = pick(alternative);
                if (file != null) {
                    return file;
                }
            }
        }
        if (target instanceof Map<?, ?> conditions) {
            for (var e : conditions.entrySet()) {
                if (CONDITIONS.contains(e.getKey().toString())) {
                    String file = pick(e.getValue());
                    if (file != null) {
                        return file;
                    }
                }
            }
        }
        return null;
    }

    private static Map<String, Object> manifest(Path packageJson) {
        try {
            return JSON.std.mapFrom(Files.readString(packageJson));
        } catch (IOException e) {
            return Map.of();
        }
    }
}
