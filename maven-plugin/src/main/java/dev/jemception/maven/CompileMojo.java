package dev.jemception.maven;

import dev.jemception.maven.TranslationUnits.Unit;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles the project's C and C++ sources to a WebAssembly module with Emscripten, running in the
 * jemception daemon (or in Maven's JVM): each translation unit on its own ({@code emcc -c}, only
 * those whose source, headers, flags or toolchain changed), then one link. The module goes to
 * {@code outputDirectory}, which becomes a resource directory of the project, so that it lands in
 * the jar ({@code wasm/NAME.wasm}).
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractJemceptionMojo {
    /** C sources: every {@code .c} below it (and {@code .cc}, {@code .cpp}, {@code .cxx}, compiled as C++). */
    @Parameter(defaultValue = "${project.basedir}/src/main/c")
    private File cSourceDirectory;

    /** C++ sources: every {@code .cc}, {@code .cpp}, {@code .cxx} below it (and {@code .c}, compiled as C). */
    @Parameter(defaultValue = "${project.basedir}/src/main/cpp")
    private File cppSourceDirectory;

    /** Headers: on the include path ({@code -I}) of every translation unit, when it exists. */
    @Parameter(defaultValue = "${project.basedir}/src/main/include")
    private File includeDirectory;

    /** Passed to emcc untouched, when compiling and when linking: {@code -O2}, {@code -sEXPORTED_FUNCTIONS=_f,_g} ... */
    @Parameter
    private List<String> flags = new ArrayList<>();

    /**
     * {@code wasm}: a standalone module ({@code -sSTANDALONE_WASM} unless {@code flags} set it) in
     * {@code wasm/NAME.wasm}; {@code js}: Emscripten's JavaScript glue and its module,
     * {@code js/NAME.js} and {@code js/NAME.wasm}.
     */
    @Parameter(defaultValue = "wasm")
    private String output;

    /**
     * Whether the sources have a {@code main} that is the module's entry: a WASI command (its
     * {@code _start} runs {@code main}). By default a {@code wasm} module is a library
     * ({@code --no-entry}): its exports, and {@code _initialize} for its constructors.
     */
    @Parameter(defaultValue = "false")
    private boolean main;

    /** The module's name (its file name without extension). */
    @Parameter(defaultValue = "${project.artifactId}")
    private String outputName;

    /** Which sources to compile, Ant-style patterns relative to their source directory (default: all). */
    @Parameter
    private List<String> includes = new ArrayList<>();

    /** Which sources to leave out, Ant-style patterns relative to their source directory. */
    @Parameter
    private List<String> excludes = new ArrayList<>();

    /** Compiler warnings for flags meant for the link only: every flag goes to both steps by design. */
    private static final String COMPILE_ONLY_QUIET = "-Wno-unused-command-line-argument";

    @Override
    void checkConfiguration() throws MojoExecutionException {
        if (!output.equals("wasm") && !output.equals("js")) {
            throw new MojoExecutionException("jemception: output is wasm or js, not '" + output + "'");
        }
    }

    @Override
    void build() throws IOException, InterruptedException, MojoExecutionException, MojoFailureException {
        Map<String, Path> roots = new LinkedHashMap<>();
        roots.put("c", cSourceDirectory.toPath());
        roots.put("cpp", cppSourceDirectory.toPath());
        List<Unit> units = TranslationUnits.scan(roots, includes, excludes);
        if (units.isEmpty()) {
            getLog().info("jemception: no C/C++ sources in " + cSourceDirectory + " or " + cppSourceDirectory
                    + ", nothing to compile");
            return;
        }
        // Real paths throughout: the toolchain mounts host directories at their real paths.
        Path basedir = project.getBasedir().toPath().toRealPath();
        Path work = Files.createDirectories(Path.of(project.getBuild().getDirectory(), "jemception", executionId()))
                .toRealPath();
        Path out = Files.createDirectories(outputDirectory.toPath()).toRealPath();
        addResource(out);

        List<Path> toolchainJars = toolchainJars();
        String toolchain = toolchainDigest(toolchainJars);
        BuildState state = BuildState.load(work.resolve("digests.properties"));
        forgetRemovedUnits(units, state, work);

        Map<Unit, List<String>> commands = new LinkedHashMap<>();
        Map<Unit, String> digests = new HashMap<>();
        List<Unit> stale = new ArrayList<>();
        for (Unit unit : units) {
            List<String> argv = compileCommand(unit, work);
            commands.put(unit, argv);
            String digest = unitDigest(unit, argv, toolchain, work, basedir);
            if (digest != null && digest.equals(state.unit(unit.object()))) {
                digests.put(unit, digest);
            } else {
                stale.add(unit);
            }
        }

        String primary = output.equals("wasm") ? "wasm/" + outputName + ".wasm" : "js/" + outputName + ".js";
        Path staging = work.resolve("module");
        List<String> link = linkCommand(units, work, staging.resolve(primary));
        if (stale.isEmpty() && upToDate(linkDigest(link, toolchain, units, digests), state, primary, staging)) {
            for (String file : state.outputs()) { // put back what was deleted from the output directory alone
                if (!Files.exists(out.resolve(file))) {
                    copy(staging.resolve(file), out.resolve(file));
                }
            }
            getLog().info("jemception: " + primary + " is up to date (" + units.size() + " C/C++ sources)");
            return;
        }

        // Where the commands run, settled before anything is removed: a JDK missing is no reason to lose a module.
        CommandRunner runner = commandRunner(toolchainJars);

        // Something to build: no module in the output directory, nor its copy among the classes (the
        // resources step of an earlier build put it there), until it is built again.
        Path classes = Path.of(project.getBuild().getOutputDirectory());
        for (String file : union(state.outputs(), primary)) {
            Files.deleteIfExists(out.resolve(file));
            Files.deleteIfExists(classes.resolve(file));
        }
        state.unlinked();
        state.save();

        List<Path> failed = compile(stale, commands, runner, basedir, work, toolchain, state, digests);
        if (!failed.isEmpty()) {
            state.save();
            throw new MojoFailureException("jemception: compilation failed: "
                    + failed.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }

        deleteTree(staging);
        Files.createDirectories(staging.resolve(primary).getParent());
        getLog().info("jemception: linking " + primary);
        Run run = run(runner, link, basedir);
        run.log(basedir, getLog());
        List<String> produced = run.exitCode() == 0 ? filesUnder(staging) : List.of();
        if (!produced.contains(primary)) {
            deleteTree(staging);
            state.save();
            throw new MojoFailureException("jemception: linking " + primary + " failed"
                    + (run.exitCode() == 0 ? ": emcc wrote no " + primary : " (exit code " + run.exitCode() + ")"));
        }
        for (String file : produced) {
            copy(staging.resolve(file), out.resolve(file));
        }
        state.linked(linkDigest(link, toolchain, units, digests), produced);
        state.save();
    }

    /** Compiles {@code stale} side by side (each compile is one thread in the daemon); returns the sources that failed. */
    private List<Path> compile(List<Unit> stale, Map<Unit, List<String>> commands, CommandRunner runner, Path basedir,
            Path work, String toolchain, BuildState state, Map<Unit, String> digests)
            throws IOException, InterruptedException {
        List<Path> failed = new ArrayList<>();
        if (stale.isEmpty()) {
            return failed;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(stale.size(), Runtime.getRuntime().availableProcessors()));
        try {
            Map<Unit, Future<Run>> runs = new LinkedHashMap<>();
            for (Unit unit : stale) {
                Path object = work.resolve(unit.object());
                Files.createDirectories(object.getParent());
                Files.deleteIfExists(object);
                Files.deleteIfExists(work.resolve(unit.depFile()));
                state.unit(unit.object(), null);
                runs.put(unit, pool.submit(() -> run(runner, commands.get(unit), basedir)));
            }
            // Logged in source order as each finishes (Maven's log is not for several threads).
            for (var entry : runs.entrySet()) {
                Unit unit = entry.getKey();
                Run run = result(entry.getValue());
                getLog().info("jemception: compiling " + relative(basedir, unit.source()));
                run.log(basedir, getLog());
                if (run.exitCode() != 0) {
                    failed.add(unit.source());
                    continue;
                }
                String digest = unitDigest(unit, commands.get(unit), toolchain, work, basedir);
                state.unit(unit.object(), digest);
                digests.put(unit, digest);
            }
        } finally {
            pool.shutdownNow();
        }
        return failed;
    }

    private static Run result(Future<Run> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().toString(), e.getCause());
        }
    }

    /** {@code emcc -c SOURCE -o OBJECT -MD -MF DEPFILE -I INCLUDE FLAGS}, all paths absolute (so are clang's diagnostics). */
    private List<String> compileCommand(Unit unit, Path work) throws IOException {
        List<String> argv = new ArrayList<>(List.of(unit.cpp() ? "em++" : "emcc", "-c", unit.source().toString(),
                "-o", work.resolve(unit.object()).toString(), "-MD", "-MF", work.resolve(unit.depFile()).toString()));
        if (includeDirectory.isDirectory()) {
            argv.add("-I" + includeDirectory.toPath().toRealPath());
        }
        argv.add(COMPILE_ONLY_QUIET);
        argv.addAll(flags);
        return argv;
    }

    /** {@code em++ OBJECTS -o MODULE [-sSTANDALONE_WASM] [--no-entry] FLAGS} (em++ when any unit is C++: it links libc++). */
    private List<String> linkCommand(List<Unit> units, Path work, Path module) {
        boolean cpp = units.stream().anyMatch(Unit::cpp);
        List<String> argv = new ArrayList<>(List.of(cpp ? "em++" : "emcc"));
        units.forEach(u -> argv.add(work.resolve(u.object()).toString()));
        argv.add("-o");
        argv.add(module.toString());
        if (output.equals("wasm")) {
            if (flags.stream().noneMatch(f -> f.startsWith("-sSTANDALONE_WASM"))) {
                argv.add("-sSTANDALONE_WASM");
            }
            if (!main && !flags.contains("--no-entry")) {
                argv.add("--no-entry"); // a library module by default: its exports, no main
            }
        }
        argv.addAll(flags);
        return argv;
    }

    /**
     * What an object was built from: the toolchain, its command line and the content of every file
     * its dependency file lists (source and headers); null when the object or that file is missing.
     */
    private static String unitDigest(Unit unit, List<String> argv, String toolchain, Path work, Path basedir)
            throws IOException {
        if (!Files.isRegularFile(work.resolve(unit.object()))) {
            return null;
        }
        List<Path> inputs = DependencyFile.read(work.resolve(unit.depFile()));
        if (inputs == null) {
            return null;
        }
        var digest = new Digest().add(toolchain).add(argv);
        for (Path input : inputs) {
            Path file = basedir.resolve(input);
            digest.add(file.toString()).addFile(file);
        }
        return digest.hex();
    }

    private static String linkDigest(List<String> link, String toolchain, List<Unit> units, Map<Unit, String> digests) {
        var digest = new Digest().add(toolchain).add(link);
        units.forEach(u -> digest.add(String.valueOf(digests.get(u))));
        return digest.hex();
    }

    private static boolean upToDate(String linkDigest, BuildState state, String primary, Path staging) {
        return linkDigest.equals(state.link()) && state.outputs().contains(primary)
                && state.outputs().stream().allMatch(f -> Files.isRegularFile(staging.resolve(f)));
    }

    /** Objects whose source is gone (deleted, excluded) are deleted too. */
    private static void forgetRemovedUnits(List<Unit> units, BuildState state, Path work) throws IOException {
        Set<String> current = units.stream().map(Unit::object).collect(Collectors.toSet());
        for (String object : state.objects()) {
            if (!current.contains(object)) {
                Files.deleteIfExists(work.resolve(object));
                Files.deleteIfExists(work.resolve(object.substring(0, object.length() - 2) + ".d"));
                state.unit(object, null);
            }
        }
    }

    private static List<String> union(List<String> files, String file) {
        return Stream.concat(files.stream(), Stream.of(file)).distinct().toList();
    }
}
