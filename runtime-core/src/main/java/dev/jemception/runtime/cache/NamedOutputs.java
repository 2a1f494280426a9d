package dev.jemception.runtime.cache;

import dev.jemception.runtime.ProgramRegistry;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a command line says its run writes: {@code -o}'s file, and for emcc and em++ the files
 * it derives from it (the {@code .wasm} beside a {@code .js}, {@code .mjs} or {@code .html}, the
 * {@code .js} beside a {@code .html}, the {@code .data} of {@code --preload-file}, the source map
 * of {@code -gsource-map}), as tools/link.py names them. A record that lacks one of them is not
 * whole: it is neither stored nor replayed.
 */
final class NamedOutputs {
    private static final Set<String> EMCC = Set.of("emcc", "em++");

    private NamedOutputs() {}

    /** Absolute paths of {@code fs}, in the order named; none for a command that names no output file. */
    static List<String> of(FileSystem fs, List<String> argv, String cwd) {
        String output = null;
        List<String> args = argv.subList(1, argv.size());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-o") && i + 1 < args.size()) {
                output = args.get(++i);
            } else if (a.startsWith("-o") && a.length() > 2 && !a.startsWith("-o=")) {
                output = a.substring(2);
            }
        }
        if (output == null || output.equals("-") || output.startsWith("/dev/")) {
            return List.of();
        }
        String target = fs.getPath(cwd).resolve(output).normalize().toString();
        Set<String> named = new LinkedHashSet<>(List.of(target));
        if (EMCC.contains(ProgramRegistry.commandName(argv.get(0)))) {
            named.addAll(derivedByEmcc(args, target));
        }
        return List.copyOf(named);
    }

    private static List<String> derivedByEmcc(List<String> args, String target) {
        List<String> derived = new ArrayList<>();
        if (args.contains("-c") || args.contains("-E") || args.contains("-S")) {
            return derived;
        }
        String suffix = suffix(target);
        String base = target.substring(0, target.length() - suffix.length());
        boolean linksJs = suffix.equals(".js") || suffix.equals(".mjs") || suffix.equals(".html");
        String wasm = suffix.equals(".wasm") ? target : null;
        if (linksJs && !setting(args, "SINGLE_FILE") && setting(args, "WASM")) {
            wasm = base + ".wasm";
            derived.add(wasm);
        }
        if (suffix.equals(".html")) {
            derived.add(base + ".js");
        }
        if (linksJs && args.contains("--preload-file")) {
            derived.add(base + ".data");
        }
        if (wasm != null && args.contains("-gsource-map")) {
            derived.add(wasm + ".map");
        }
        return derived;
    }

    /**
     * Whether emcc setting {@code name} is on: its last {@code -sNAME[=value]} or
     * {@code -s NAME[=value]} is not {@code =0}; WASM is on by default, the others off.
     */
    private static boolean setting(List<String> args, String name) {
        Boolean on = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String s = a.startsWith("-s") && a.length() > 2 ? a.substring(2)
                    : a.equals("-s") && i + 1 < args.size() ? args.get(i + 1) : null;
            if (s != null && (s.equals(name) || s.startsWith(name + "="))) {
                on = !s.equals(name + "=0");
            }
        }
        return on != null ? on : name.equals("WASM");
    }

    private static String suffix(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(dot) : "";
    }
}
