package dev.jemception.client;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jemception emmake make ...} and {@code jemception emconfigure ./configure ...}: the host's
 * build tool runs as a child of this process, on the user's terminal, with the environment
 * Emscripten's emmake gives it ({@code CC}, {@code CXX}, {@code AR} ... naming emcc and its
 * siblings), except that those are small host scripts that run each compile through jemception
 * (the daemon when one is used). The scripts live in {@code <cache>/host/<key>/bin}, one set per
 * launcher. The directory the build starts in is passed down to every compile
 * ({@value #ROOTS_VARIABLE}) so that its sources may include files anywhere under it.
 */
public final class HostBuild {
    /** The commands that run a host build tool. */
    public static final Set<String> WRAPPERS = Set.of("emmake", "emconfigure");
    /** The launcher the compile scripts run (the {@code jemception} script), set by that launcher. */
    public static final String LAUNCHER_VARIABLE = "JEMCEPTION_LAUNCHER";
    /** Host directories every compile of a host build may see, besides its own ({@link File#pathSeparator}-separated). */
    public static final String ROOTS_VARIABLE = "JEMCEPTION_HOST_ROOTS";

    /**
     * The scripts, by the name a build tool calls, and the jemception tool each runs. CROSS_COMPILE
     * ({@code <bin>/em}) + cc, c++, ar, ranlib, nm names one of them too.
     */
    private static final Map<String, String> SCRIPTS = Map.of(
            "emcc", "emcc", "em++", "em++", "emar", "emar", "emranlib", "emranlib", "emnm", "emnm",
            "emstrip", "emstrip", "emsize", "emsize");

    private HostBuild() {}

    /**
     * Runs {@code argv} ({@code emmake make -j2}, ...) and returns the build tool's exit code; a
     * missing tool or launcher is reported on {@code err} with code 127 or 2, as a shell would, and
     * a tool that cannot be started or scripts that cannot be written with code 1.
     */
    public static int run(List<String> argv, Path cwd, Map<String, String> env, PrintStream err)
            throws InterruptedException {
        String wrapper = argv.get(0);
        if (argv.size() < 2 || argv.get(1).equals("--help") || argv.get(1).equals("--version")) {
            err.println(wrapper + " runs a build tool with jemception's emcc as its compiler. Usage:\n\n  jemception "
                    + wrapper + (wrapper.equals("emmake") ? " make [FLAGS]" : " ./configure [FLAGS]")
                    + "\n\n(any host command can stand for make: ninja, cmake --build ...)");
            return 1;
        }
        String launcher = env.get(LAUNCHER_VARIABLE);
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            err.println("jemception: " + wrapper + ": run it through the jemception command (" + LAUNCHER_VARIABLE
                    + " does not name its launcher)");
            return 2;
        }
        String tool = argv.get(1);
        if (findExecutable(tool, cwd, env.getOrDefault("PATH", "")) == null) {
            err.println("jemception: " + wrapper + ": " + tool + " is not installed on this machine"
                    + hint(tool) + "; jemception runs the host's build tools");
            return 127;
        }
        String cache = env.get("JEMCEPTION_CACHE"); // where the launcher keeps its caches too
        Path bin;
        try {
            bin = scripts(Path.of(launcher).toAbsolutePath(),
                    cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "jemception"));
        } catch (IOException e) {
            err.println("jemception: " + wrapper + ": cannot write its compile scripts: " + e);
            return 1;
        }
        Map<String, String> buildEnv = new LinkedHashMap<>(env);
        buildEnv.put("CC", bin.resolve("emcc").toString());
        buildEnv.put("CXX", bin.resolve("em++").toString());
        buildEnv.put("AR", bin.resolve("emar").toString());
        buildEnv.put("LD", bin.resolve("emcc").toString());
        buildEnv.put("NM", bin.resolve("emnm").toString());
        buildEnv.put("LDSHARED", bin.resolve("emcc").toString());
        buildEnv.put("RANLIB", bin.resolve("emranlib").toString());
        buildEnv.put("CROSS_COMPILE", bin.resolve("em").toString()); // + "cc", "ar", ... names a script
        buildEnv.put("EMSCRIPTEN", bin.getParent().toString()); // set, as builds test it; no Emscripten tree there
        buildEnv.put("PATH", bin + File.pathSeparator + env.getOrDefault("PATH", ""));
        String roots = env.get(ROOTS_VARIABLE);
        buildEnv.put(ROOTS_VARIABLE, roots == null ? cwd.toString() : roots + File.pathSeparator + cwd);
        err.println(wrapper + ": \"" + String.join(" ", argv.subList(1, argv.size())) + "\" in \"" + cwd + "\"");
        var builder = new ProcessBuilder(argv.subList(1, argv.size())).directory(cwd.toFile()).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(buildEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            err.println("jemception: " + wrapper + ": cannot run " + tool + ": " + e.getMessage());
            return 1;
        }
        try {
            return process.waitFor();
        } finally {
            process.destroy(); // interrupted: the build goes with us
        }
    }

    /** Writes the compile scripts for {@code launcher} (when they differ) and returns their directory. */
    static Path scripts(Path launcher, Path cache) throws IOException {
        Path bin = cache.resolve("host").resolve(sha256(launcher.toString()).substring(0, 16)).resolve("bin");
        Files.createDirectories(bin);
        for (var script : SCRIPTS.entrySet()) {
            String text = "#!/bin/sh\n# written by jemception: the host build tool's " + script.getKey() + "\nexec '"
                    + launcher.toString().replace("'", "'\\''") + "' " + script.getValue() + " \"$@\"\n";
            Path file = bin.resolve(script.getKey());
            if (!Files.isRegularFile(file) || !Files.readString(file).equals(text) || !Files.isExecutable(file)) {
                Path temp = Files.createTempFile(bin, script.getKey(), ".tmp");
                Files.writeString(temp, text);
                if (!temp.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + temp + " executable");
                }
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return bin;
    }

    private static Path findExecutable(String tool, Path cwd, String path) {
        if (tool.contains(File.separator)) {
            Path p = cwd.resolve(tool);
            return Files.isExecutable(p) ? p : null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        return null;
    }

    private static String hint(String tool) {
        return switch (tool) {
            case "make" -> " (Debian/Ubuntu: apt install make)";
            case "ninja" -> " (Debian/Ubuntu: apt install ninja-build)";
            case "cmake" -> " (Debian/Ubuntu: apt install cmake)";
            default -> "";
        };
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
