package dev.jemception.client;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jemception emcmake cmake ...}, {@code jemception emmake make ...} and {@code jemception
 * emconfigure ./configure ...}: the host's build tool runs as a child of this process, on the
 * user's terminal, as Emscripten's wrappers run it, except that emcc and its siblings are small
 * host scripts that run each command through jemception (the daemon when one is used). The
 * scripts live in {@code <cache>/host/<key>/}, one such root per launcher, laid out as an
 * Emscripten root as far as build tools look: {@code emcc}, {@code em++}, {@code emar} ...,
 * {@code em-config}, {@code node}, {@code emranlib.py} (CMake finds the root by it) and
 * {@code cmake/Modules} (jemception's toolchain file and the modules it overrides). The directory
 * the build starts in is passed down to every compile ({@value #ROOTS_VARIABLE}) so that its
 * sources may include files anywhere under it; for CMake the toolchain file passes the source and
 * build trees.
 */
public final class HostBuild {
    /** The commands that run a host build tool. */
    public static final Set<String> WRAPPERS = Set.of("emcmake", "emmake", "emconfigure");
    /** The launcher the compile scripts run (the {@code jemception} script), set by that launcher. */
    public static final String LAUNCHER_VARIABLE = "JEMCEPTION_LAUNCHER";
    /** Host directories every compile of a host build may see, besides its own ({@link File#pathSeparator}-separated). */
    public static final String ROOTS_VARIABLE = "JEMCEPTION_HOST_ROOTS";
    /** A Node.js the build's programs run in (try_run, ctest) instead of jemception's. */
    public static final String NODE_VARIABLE = "JEMCEPTION_NODE";

    /** The scripts that run a jemception tool of the same name. CROSS_COMPILE ({@code <root>/em}) + cc, ar ... names one too. */
    private static final List<String> TOOLS = List.of(
            "emcc", "em++", "emar", "emranlib", "emnm", "emstrip", "emsize", "em-config", "emscan-deps");
    /** The files of the root that come from this jar. */
    private static final List<String> RESOURCES = List.of("cmake/Modules/Platform/Emscripten.cmake",
            "cmake/Modules/CheckTypeSize.cmake", "cmake/Modules/TestBigEndian.cmake", "cmake/Modules/FindOpenAL.cmake",
            "cmake/Modules/FindOpenGL.cmake");
    private static final String TOOLCHAIN_FILE = RESOURCES.get(0);
    private static final String NINJA = "tools/ninja";

    private HostBuild() {}

    /**
     * Whether {@code argv} is a wrapper command this class runs with the host's tools. Not so for
     * CMake where the in-JVM one is chosen ({@code JEMCEPTION_CMAKE=jvm}, or no host cmake on
     * PATH and not {@code JEMCEPTION_CMAKE=host}): then the command runs inside jemception like
     * any other, Emscripten's own emcmake/emmake starting jemception's cmake.
     */
    public static boolean runsOnHost(List<String> argv, Path cwd, Map<String, String> env) {
        if (argv.isEmpty() || !WRAPPERS.contains(argv.get(0))) {
            return false;
        }
        if (argv.size() < 2 || !argv.get(0).equals("emcmake") && !argv.get(0).equals("emmake")
                || !Path.of(argv.get(1)).getFileName().toString().equals("cmake")) {
            return true;
        }
        return switch (env.getOrDefault("JEMCEPTION_CMAKE", "auto")) {
            case "jvm" -> false;
            case "host" -> true;
            default -> findExecutable("cmake", cwd, env.getOrDefault("PATH", "")) != null;
        };
    }

    /**
     * Runs {@code argv} ({@code emmake make -j2}, {@code emcmake cmake -B build} ...) and returns
     * the build tool's exit code; a missing tool or launcher is reported on {@code err} with code
     * 127 or 2, as a shell would, and a tool that cannot be started or a root that cannot be
     * written with code 1.
     */
    public static int run(List<String> argv, Path cwd, Map<String, String> env, PrintStream err)
            throws InterruptedException {
        String wrapper = argv.get(0);
        if (argv.size() < 2 || argv.get(1).equals("--help") || argv.get(1).equals("--version")) {
            err.println(wrapper + " runs a build tool with jemception's emcc as its compiler. Usage:\n\n  jemception "
                    + wrapper + switch (wrapper) {
                        case "emcmake" -> " cmake [FLAGS]";
                        case "emmake" -> " make [FLAGS]\n\n(any host command can stand for make: ninja, cmake --build ...)";
                        default -> " ./configure [FLAGS]";
                    });
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
        Path root;
        try {
            root = root(Path.of(launcher).toAbsolutePath(),
                    cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "jemception"));
        } catch (IOException e) {
            err.println("jemception: " + wrapper + ": cannot write its compile scripts: " + e);
            return 1;
        }
        List<String> command = new ArrayList<>(argv.subList(1, argv.size()));
        if (wrapper.equals("emcmake")) {
            if (command.stream().noneMatch(a -> a.contains("-DCMAKE_TOOLCHAIN_FILE")) && !env.containsKey("CMAKE_TOOLCHAIN_FILE")) {
                command.add("-DCMAKE_TOOLCHAIN_FILE=" + root.resolve(TOOLCHAIN_FILE));
            }
            if (command.stream().noneMatch(a -> a.contains("-DCMAKE_CROSSCOMPILING_EMULATOR"))) {
                command.add("-DCMAKE_CROSSCOMPILING_EMULATOR=" + root.resolve("node"));
            }
            jemceptionsNinjaIfNeeded(command, root, cwd, env, err);
        }
        Map<String, String> buildEnv = buildEnvironment(root, cwd, env, emscriptenCache(root));
        err.println(wrapper + ": \"" + String.join(" ", command) + "\" in \"" + cwd + "\"");
        var builder = new ProcessBuilder(command).directory(cwd.toFile()).inheritIO();
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

    /**
     * A CMake configure where the host has no ninja (and, without a generator named, no make
     * either): the Ninja generator with jemception's ninja as its build program, so that cmake
     * alone suffices. A tree configured so is built by {@code cmake --build} as usual.
     */
    private static void jemceptionsNinjaIfNeeded(List<String> command, Path root, Path cwd, Map<String, String> env,
            PrintStream err) {
        String path = env.getOrDefault("PATH", "");
        boolean hostNinja = findExecutable("ninja", cwd, path) != null || findExecutable("ninja-build", cwd, path) != null;
        if (hostNinja || command.stream().anyMatch(a -> a.contains("-DCMAKE_MAKE_PROGRAM") || a.equals("-E")
                || a.equals("--build") || a.equals("--install") || a.equals("-P"))) {
            return;
        }
        int g = command.indexOf("-G");
        String generator = g >= 0 && g + 1 < command.size() ? command.get(g + 1)
                : command.stream().filter(a -> a.startsWith("-G")).map(a -> a.substring(2)).findFirst()
                        .orElse(env.get("CMAKE_GENERATOR"));
        if (generator == null && findExecutable("make", cwd, path) == null) {
            command.addAll(List.of("-G", "Ninja"));
            generator = "Ninja";
        }
        if ("Ninja".equals(generator)) {
            command.add("-DCMAKE_MAKE_PROGRAM=" + root.resolve(NINJA));
            err.println("emcmake: no ninja on this machine: jemception's own ninja will build this tree");
        }
    }

    /**
     * The environment emsdk's emmake gives a build: the compilers and binutils (host paths of the
     * root's scripts), the root on PATH, and pkg-config and aclocal looking in Emscripten's sysroot
     * ({@code cache}, what {@code em-config CACHE} prints; null when it could not be asked).
     */
    private static Map<String, String> buildEnvironment(Path root, Path cwd, Map<String, String> env, Path cache) {
        Map<String, String> buildEnv = new LinkedHashMap<>(env);
        buildEnv.put("CC", root.resolve("emcc").toString());
        buildEnv.put("CXX", root.resolve("em++").toString());
        buildEnv.put("AR", root.resolve("emar").toString());
        buildEnv.put("LD", root.resolve("emcc").toString());
        buildEnv.put("NM", root.resolve("emnm").toString());
        buildEnv.put("LDSHARED", root.resolve("emcc").toString());
        buildEnv.put("RANLIB", root.resolve("emranlib").toString());
        buildEnv.put("CROSS_COMPILE", root.resolve("em").toString()); // + "cc", "ar", ... names a script
        buildEnv.put("EMSCRIPTEN", root.toString());
        String path = root + File.pathSeparator + env.getOrDefault("PATH", "");
        // tools that must build for the host (code generators) use the host's compiler, when it has one
        for (String[] host : new String[][] {{"HOST_CC", "cc", "HOST_CFLAGS"}, {"HOST_CXX", "c++", "HOST_CXXFLAGS"}}) {
            Path compiler = findExecutable(host[1], cwd, env.getOrDefault("PATH", ""));
            if (compiler != null) {
                buildEnv.put(host[0], compiler.toString());
                buildEnv.put(host[2], "-W"); // not CFLAGS, which are the target's
            }
        }
        if (cache != null) {
            Path sysroot = cache.resolve("sysroot");
            buildEnv.put("PKG_CONFIG_LIBDIR", sysroot.resolve("local/lib/pkgconfig") + File.pathSeparator
                    + sysroot.resolve("lib/pkgconfig"));
            buildEnv.put("PKG_CONFIG_PATH", env.getOrDefault("EM_PKG_CONFIG_PATH", ""));
            buildEnv.put("ACLOCAL_PATH", sysroot.resolve("share/aclocal").toString());
            path = sysroot.resolve("bin") + File.pathSeparator + path;
        }
        buildEnv.put("PATH", path);
        String roots = env.get(ROOTS_VARIABLE);
        buildEnv.put(ROOTS_VARIABLE, roots == null ? cwd.toString() : roots + File.pathSeparator + cwd);
        return buildEnv;
    }

    /** What {@code <root>/em-config CACHE} prints (a host directory), or null when it fails. */
    private static Path emscriptenCache(Path root) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(root.resolve("em-config").toString(), "CACHE")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && !out.isEmpty() && Files.isDirectory(Path.of(out)) ? Path.of(out) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes the root for {@code launcher} (the files that differ) and returns it. */
    static Path root(Path launcher, Path cache) throws IOException {
        Path root = cache.resolve("host").resolve(sha256(launcher.toString()).substring(0, 16));
        String quoted = "'" + launcher.toString().replace("'", "'\\''") + "'";
        for (String tool : TOOLS) {
            update(root.resolve(tool), "#!/bin/sh\n# written by jemception: a host build's " + tool + "\nexec " + quoted + " "
                    + tool + " \"$@\"\n", true);
        }
        update(root.resolve("node"), "#!/bin/sh\n# written by jemception: the Node.js that runs a host build's programs\n"
                + "if [ -n \"${" + NODE_VARIABLE + ":-}\" ]; then exec \"$" + NODE_VARIABLE + "\" \"$@\"; fi\nexec " + quoted
                + " node \"$@\"\n", true);
        // jemception's ninja as CMake's build program: the build tree's CMakeCache.txt names the
        // source tree, which its compiles may read (kept out of PATH: a host ninja is preferred)
        update(root.resolve(NINJA), "#!/bin/sh\n# written by jemception: its own ninja, for a CMake tree configured without a host one\n"
                + "if [ -f CMakeCache.txt ]; then\n"
                + "  while IFS= read -r line; do\n"
                + "    case $line in CMAKE_HOME_DIRECTORY:INTERNAL=*) " + ROOTS_VARIABLE + "=\"${line#*=}:$PWD${" + ROOTS_VARIABLE
                + ":+:$" + ROOTS_VARIABLE + "}\"; export " + ROOTS_VARIABLE + ";; esac\n"
                + "  done < CMakeCache.txt\n"
                + "fi\nexec " + quoted + " ninja \"$@\"\n", true);
        update(root.resolve("emranlib.py"), "# written by jemception: CMake's Emscripten.cmake finds this root by this file\n",
                false);
        for (String name : RESOURCES) {
            try (InputStream in = HostBuild.class.getResourceAsStream("host/" + name)) {
                if (in == null) {
                    throw new IOException("missing from jemception's jar: " + name);
                }
                update(root.resolve(name), new String(in.readAllBytes(), StandardCharsets.UTF_8), false);
            }
        }
        return root;
    }

    /** Writes {@code text} to {@code file} unless it is there already; replaced atomically (a build may be reading it). */
    private static void update(Path file, String text, boolean executable) throws IOException {
        if (Files.isRegularFile(file) && Files.readString(file).equals(text) && Files.isExecutable(file) == executable) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temp, text);
        if (executable && !temp.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + temp + " executable");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
