package dev.jemception.maven;

import dev.jemception.client.Client;
import dev.jemception.client.DaemonCommand;
import dev.jemception.client.Jdks;
import dev.jemception.maven.TranslationUnits.Unit;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;

/**
 * Compiles the project's C and C++ sources to a WebAssembly module with Emscripten, running in the
 * jemception daemon (or in Maven's JVM): each translation unit on its own ({@code emcc -c}, only
 * those whose source, headers, flags or toolchain changed), then one link. The module goes to
 * {@code outputDirectory}, which becomes a resource directory of the project, so that it lands in
 * the jar ({@code wasm/NAME.wasm}).
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractMojo {
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

    /** Where the module is written; added to the project's resources. */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/jemception")
    private File outputDirectory;

    /** Which sources to compile, Ant-style patterns relative to their source directory (default: all). */
    @Parameter
    private List<String> includes = new ArrayList<>();

    /** Which sources to leave out, Ant-style patterns relative to their source directory. */
    @Parameter
    private List<String> excludes = new ArrayList<>();

    /** Skips the goal. */
    @Parameter(property = "jemception.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Runs Emscripten in Maven's JVM instead of the jemception daemon, for environments that forbid
     * background processes. Slower: the toolchain warms up anew in every build.
     */
    @Parameter(property = "jemception.inProcess", defaultValue = "false")
    private boolean inProcess;

    /**
     * A shared result cache speaking Bazel's HTTP cache protocol ({@code http://host:port[/prefix]}):
     * units another machine or checkout compiled are downloaded instead of compiled. The same as
     * {@code JEMCEPTION_REMOTE_CACHE}; an {@code Authorization} header comes from the environment only
     * ({@code JEMCEPTION_REMOTE_CACHE_AUTH} or {@code JEMCEPTION_REMOTE_CACHE_AUTH_FILE}).
     */
    @Parameter(property = "jemception.remoteCache")
    private String remoteCache;

    /** Download from {@code remoteCache} but upload nothing (developers' machines). */
    @Parameter(property = "jemception.remoteCacheReadOnly", defaultValue = "false")
    private boolean remoteCacheReadOnly;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Component
    private ToolchainManager toolchainManager;

    /** The launcher's class path, written into jemception-demo-cli's jar by its build. */
    private static final String DAEMON_CLASSPATH = "META-INF/jemception/classpath";
    /** What runtime-core's RemoteCache reads (named here: this class loads on Java 17, runtime-core needs 21). */
    private static final String REMOTE_CACHE_VARIABLE = "JEMCEPTION_REMOTE_CACHE";
    private static final String REMOTE_CACHE_READ_ONLY_VARIABLE = "JEMCEPTION_REMOTE_CACHE_READ_ONLY";
    /** Compiler warnings for flags meant for the link only: every flag goes to both steps by design. */
    private static final String COMPILE_ONLY_QUIET = "-Wno-unused-command-line-argument";

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jemception: skipped");
            return;
        }
        if (!output.equals("wasm") && !output.equals("js")) {
            throw new MojoExecutionException("jemception: output is wasm or js, not '" + output + "'");
        }
        try {
            build();
        } catch (IOException e) {
            throw new MojoExecutionException("jemception: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("jemception: interrupted", e);
        }
    }

    private void build() throws IOException, InterruptedException, MojoExecutionException, MojoFailureException {
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
        var toolchainDigest = new Digest();
        for (Path jar : toolchainJars) {
            toolchainDigest.addStamp(jar);
        }
        String toolchain = toolchainDigest.hex();
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
        Map<String, String> env = commandEnvironment();
        CommandRunner runner = inProcess ? inProcessRunner(env) : DaemonRunner.install(daemonJavaHome(), toolchainJars, env, getLog());

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

    /** Maven's own JVM, when it can load jemception (its classes are Java 21's). */
    private static CommandRunner inProcessRunner(Map<String, String> env) throws MojoExecutionException {
        if (Runtime.version().feature() < Jdks.MINIMUM) {
            throw new MojoExecutionException("jemception: inProcess runs jemception in Maven's JVM, which is Java "
                    + Runtime.version().feature() + ": it needs Java " + Jdks.MINIMUM
                    + " or newer. Run Maven on a JDK 21+, or leave inProcess off (the daemon finds a JDK 21+ itself).");
        }
        return new InProcessRunner(env);
    }

    /**
     * The JDK the daemon runs on: the {@code jdk} toolchain of the build (maven-toolchains-plugin)
     * or one of version 21+ in {@code toolchains.xml}; else Maven's own when it is 21+; else the
     * newest JDK 21+ found as the {@code jemception} launcher finds one.
     */
    private Path daemonJavaHome() throws MojoExecutionException {
        Toolchain toolchain = toolchainManager.getToolchainFromBuildContext("jdk", session);
        if (toolchain == null) {
            List<Toolchain> matching = toolchainManager.getToolchains(session, "jdk", Map.of("version", "[" + Jdks.MINIMUM + ",)"));
            toolchain = matching.isEmpty() ? null : matching.get(0);
        }
        String java = toolchain == null ? null : toolchain.findTool("java");
        if (java != null) {
            Path home = Path.of(java).toAbsolutePath().getParent().getParent();
            if (DaemonCommand.javaMajor(home) >= Jdks.MINIMUM) {
                return home;
            }
            getLog().warn("jemception: the jdk toolchain " + home + " is older than Java " + Jdks.MINIMUM + ": not used for the daemon");
        }
        if (Runtime.version().feature() >= Jdks.MINIMUM) {
            return Path.of(System.getProperty("java.home"));
        }
        return Jdks.newest(Jdks.MINIMUM).orElseThrow(() -> new MojoExecutionException("jemception: the daemon needs a JDK "
                + Jdks.MINIMUM + " or newer; Maven runs on Java " + Runtime.version().feature() + " and none was found"
                + " (toolchains.xml, JAVA_HOME, PATH, /usr/lib/jvm, SDKMAN). Install one, e.g. 'apt-get install temurin-25-jdk',"
                + " or name it in ~/.m2/toolchains.xml."));
    }

    /** What the commands see of the environment: Maven's {@code JEMCEPTION_*} and {@code EMCC_*}, and the remote cache. */
    private Map<String, String> commandEnvironment() {
        Map<String, String> env = new HashMap<>(Client.forwardedEnvironment());
        if (remoteCache != null && !remoteCache.isBlank()) {
            env.put(REMOTE_CACHE_VARIABLE, remoteCache.strip());
        }
        if (remoteCacheReadOnly) {
            env.put(REMOTE_CACHE_READ_ONLY_VARIABLE, "1");
        }
        return env;
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

    /** A finished command: its exit code and what it printed. */
    private record Run(int exitCode, String stdout, String stderr) {
        void log(Path cwd, org.apache.maven.plugin.logging.Log log) {
            ClangOutput.log(stdout, cwd, log);
            ClangOutput.log(stderr, cwd, log);
        }
    }

    private static Run run(CommandRunner runner, List<String> argv, Path cwd) throws IOException, InterruptedException {
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        int code = runner.run(argv, cwd, stdout, stderr);
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
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

    /**
     * The toolchain: jemception-demo-cli and the jars of its class path, as its jar lists them
     * ({@value #DAEMON_CLASSPATH}, the names of the launcher's target/lib): this plugin's own
     * extras (itself, the plexus-utils Maven adds to every plugin) stay out, so that the daemon
     * runs exactly what the {@code jemception} command runs and both find the same one.
     */
    private List<Path> toolchainJars() throws IOException {
        Set<String> names;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DAEMON_CLASSPATH)) {
            if (in == null) {
                throw new IOException("jemception-demo-cli's jar has no " + DAEMON_CLASSPATH);
            }
            names = Stream.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split(File.pathSeparator))
                    .map(entry -> entry.substring(entry.lastIndexOf('/') + 1))
                    .collect(Collectors.toSet());
        }
        List<Path> jars = new ArrayList<>();
        for (Artifact a : plugin.getArtifacts()) {
            File file = a.getFile();
            boolean demoCli = a.getGroupId().equals(plugin.getGroupId()) && a.getArtifactId().equals("jemception-demo-cli");
            if (file != null && file.getName().endsWith(".jar") && (demoCli || names.contains(libName(a)))) {
                jars.add(file.toPath().toAbsolutePath());
            }
        }
        return jars;
    }

    /** The artifact's file name in the launcher's target/lib (maven-dependency-plugin's default). */
    private static String libName(Artifact a) {
        String classifier = a.getClassifier() == null || a.getClassifier().isEmpty() ? "" : "-" + a.getClassifier();
        return a.getArtifactId() + "-" + a.getBaseVersion() + classifier + "." + a.getArtifactHandler().getExtension();
    }

    private void addResource(Path dir) {
        Path configured = outputDirectory.toPath().toAbsolutePath().normalize();
        boolean present = project.getResources().stream().map(Resource::getDirectory).filter(d -> d != null)
                .map(d -> Path.of(d).toAbsolutePath().normalize())
                .anyMatch(d -> d.equals(dir) || d.equals(configured)); // another execution added it already
        if (!present) {
            var resource = new Resource();
            resource.setDirectory(dir.toString());
            project.addResource(resource);
        }
    }

    private static List<String> union(List<String> files, String file) {
        return Stream.concat(files.stream(), Stream.of(file)).distinct().toList();
    }

    private String executionId() {
        return mojoExecution.getExecutionId().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String relative(Path basedir, Path file) {
        return file.startsWith(basedir) ? basedir.relativize(file).toString() : file.toString();
    }

    /** The files below {@code dir}, relative to it with '/' separators. */
    private static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace(File.separatorChar, '/'))
                    .sorted().toList();
        }
    }

    /** Copies through a temporary file, so that a reader never sees half a module. */
    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Path tmp = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
