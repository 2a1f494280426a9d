package dev.jemception.python.internal;

import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the result cache may replay a whole emcc or em++ run: the files emcc writes beside its
 * {@code -o} file (the {@code .wasm} beside a {@code .js}, {@code .mjs} or {@code .html}, the
 * {@code .js} beside a {@code .html}, the {@code .data} of {@code --preload-file}, the source map
 * of {@code -gsource-map}, as tools/link.py names them), and the scratch names Python's
 * {@code tempfile} makes for it in its temporary directory.
 */
public final class EmccReplay {
    /**
     * The names Python's {@code tempfile} makes for emcc (tools/shared.py, tempfiles.py,
     * response_file.py): a prefix ({@code tmp}, emcc's {@code emscripten_temp_} directory, its
     * {@code emscripten_} response files) and 8 random characters, then the suffix asked for.
     */
    private static final Pattern TEMPFILE_NAME = Pattern.compile("(?:tmp|emscripten_|emscripten_temp_)[a-z0-9_]{8}(?:\\..*)?");

    /**
     * emcc's and em++'s policy. Its temporaries: {@code EMCC_TEMP_DIR}, else Python's {@code TMPDIR},
     * else /tmp. GraalPy's bytecode of the modules it imports, in {@link EmsdkLayout#PYCACHE}, is
     * there or not depending on what ran before, never on what it compiles.
     */
    public static final Replay POLICY = Replay.FILES.derivingOutputs(EmccReplay::derivedOutputs)
            .withScratch(env -> env.getOrDefault("EMCC_TEMP_DIR", env.getOrDefault("TMPDIR", "/tmp")), TEMPFILE_NAME)
            .withToolchainCache(EmsdkLayout.PYCACHE);

    private EmccReplay() {}

    /** The files emcc writes beside {@code target} ({@code -o}'s, absolute) for these arguments. */
    static List<String> derivedOutputs(List<String> args, String target) {
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
