package dev.jemception.runtime.cache;

import dev.jemception.runtime.Replay;
import java.nio.file.FileSystem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a command line says its run writes: {@code -o}'s file, and those the program derives
 * from it ({@link Replay#derivedOutputs}: emcc's {@code .wasm} beside a {@code .js} ...). A record
 * that lacks one of them is not whole: it is neither stored nor replayed.
 */
final class NamedOutputs {
    private NamedOutputs() {}

    /** Absolute paths of {@code fs}, in the order named; none for a command that names no output file. */
    static List<String> of(FileSystem fs, List<String> argv, String cwd, Replay policy) {
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
        named.addAll(policy.derivedOutputs().apply(args, target));
        return List.copyOf(named);
    }
}
