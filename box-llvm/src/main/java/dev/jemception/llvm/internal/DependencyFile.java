package dev.jemception.llvm.internal;

import dev.jemception.runtime.ProcessContext;
import dev.jemception.vfs.Vfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dependency file of a compile ({@code -MD}, {@code -MMD}, {@code -MF}), as host build tools
 * read it. clang lists the headers of jemception's payload among the prerequisites (the sysroot
 * under {@code /emsdk}, clang's own under {@code /usr/include}): paths the host does not have, or
 * has with other files, so make and ninja would rebuild their includers every time. They change
 * only with jemception itself, so they are left out, as {@code -MMD} leaves system headers out.
 * A header a build installed into the sysroot ({@code cmake --install}) is a host file, though:
 * it is named by its host path, so reinstalling it rebuilds its includers.
 */
final class DependencyFile {
    private DependencyFile() {}

    /**
     * Where a clang command line writes its dependency file: {@code -MF} (or cc1's
     * {@code -dependency-file}), else for {@code -MD}/{@code -MMD} the object's name with ".d".
     */
    static Optional<String> of(List<String> args) {
        String output = null;
        boolean dependencies = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-MF") || a.equals("-dependency-file")) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            } else if (a.startsWith("-MF") && a.length() > 3) {
                return Optional.of(a.substring(3));
            } else if (a.equals("-MD") || a.equals("-MMD")) {
                dependencies = true;
            } else if (a.equals("-o") && i + 1 < args.size()) {
                output = args.get(i + 1);
            } else if (a.startsWith("-o") && a.length() > 2 && !a.startsWith("-obj")) { // -ofile, as emcc passes it
                output = a.substring(2);
            }
        }
        if (!dependencies || output == null || output.equals("-")) {
            return Optional.empty();
        }
        int slash = output.lastIndexOf('/');
        int dot = output.lastIndexOf('.');
        return Optional.of((dot > slash ? output.substring(0, dot) : output) + ".d");
    }

    /**
     * Rewrites the dependency file of {@code args}, if any, for the host: prerequisites under
     * {@code payload} by their host path where they are host files, else left out.
     */
    static void rewriteForHost(ProcessContext process, List<String> args, Collection<String> payload) throws IOException {
        Optional<String> name = of(args);
        if (name.isEmpty()) {
            return;
        }
        Path file = process.fs().getPath(process.cwd()).resolve(name.get());
        if (!Files.isRegularFile(file)) {
            return;
        }
        String before = Files.readString(file, StandardCharsets.UTF_8);
        String after = forHost(before, payload, path -> Vfs.hostFile(process.fs(), path).map(Path::toString));
        if (!after.equals(before)) {
            Files.writeString(file, after, StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code text} (make rules: "targets: prerequisites", lines continued by a backslash, spaces
     * in names escaped) with each name under {@code payload} replaced by its host path ({@code
     * hostPath} of the unescaped name) or, where it has none, left out, and without the rules
     * whose targets all are left out (the empty rules of {@code -MP}).
     */
    static String forHost(String text, Collection<String> payload, Function<String, Optional<String>> hostPath) {
        Function<String, String> forHost = name -> inPayload(name, payload)
                ? hostPath.apply(unescape(name)).map(DependencyFile::escape).orElse(null)
                : name;
        var out = new StringBuilder();
        for (String rule : text.replace("\\\r\n", " ").replace("\\\n", " ").split("\n")) {
            int colon = separator(rule);
            if (colon < 0) {
                if (!rule.isBlank()) {
                    out.append(rule).append('\n');
                }
                continue;
            }
            List<String> targets = names(rule.substring(0, colon)).stream().map(forHost).filter(Objects::nonNull).toList();
            List<String> prerequisites = names(rule.substring(colon + 1)).stream().map(forHost).filter(Objects::nonNull).toList();
            if (targets.isEmpty()) {
                continue;
            }
            out.append(String.join(" ", targets)).append(':');
            for (String p : prerequisites) {
                out.append(" \\\n  ").append(p);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The rule's colon: the first one that is not escaped. */
    private static int separator(String rule) {
        for (int i = 0; i < rule.length(); i++) {
            char c = rule.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':') {
                return i;
            }
        }
        return -1;
    }

    /** The names of a rule's side, each as written (escapes kept): split at unescaped blanks. */
    private static List<String> names(String side) {
        List<String> names = new ArrayList<>();
        var name = new StringBuilder();
        for (int i = 0; i < side.length(); i++) {
            char c = side.charAt(i);
            if (c == '\\' && i + 1 < side.length()) {
                name.append(c).append(side.charAt(++i));
            } else if (c == ' ' || c == '\t') {
                if (!name.isEmpty()) {
                    names.add(name.toString());
                    name.setLength(0);
                }
            } else {
                name.append(c);
            }
        }
        if (!name.isEmpty()) {
            names.add(name.toString());
        }
        return names;
    }

    /** A name as the file system knows it: make's escapes ({@code \\ }, {@code \\#}, {@code $$}) undone. */
    private static String unescape(String name) {
        return name.replaceAll("\\\\(.)", "$1").replace("$$", "$");
    }

    private static String escape(String path) {
        return path.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#");
    }

    private static boolean inPayload(String name, Collection<String> payload) {
        for (String point : payload) {
            if (name.equals(point) || name.startsWith(point.endsWith("/") ? point : point + "/")) {
                return true;
            }
        }
        return false;
    }
}
