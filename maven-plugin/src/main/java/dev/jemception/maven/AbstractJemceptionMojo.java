package dev.jemception.maven;

import dev.jemception.client.Client;
import dev.jemception.client.DaemonCommand;
import dev.jemception.client.Jdks;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;

/**
 * What the plugin's goals share: where commands run (the jemception daemon on a JDK 21+, or
 * Maven's JVM), the toolchain's jars, the output directory that becomes a resource directory, and
 * logging a command's output as Maven log lines.
 */
abstract class AbstractJemceptionMojo extends AbstractMojo {
    /** Where the module is written; added to the project's resources. */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/jemception")
    File outputDirectory;

    /** Skips the goal. */
    @Parameter(property = "jemception.skip", defaultValue = "false")
    boolean skip;

    /**
     * Runs Emscripten in Maven's JVM instead of the jemception daemon, for environments that forbid
     * background processes. Slower: the toolchain warms up anew in every build.
     */
    @Parameter(property = "jemception.inProcess", defaultValue = "false")
    boolean inProcess;

    /**
     * A shared result cache speaking Bazel's HTTP cache protocol ({@code http://host:port[/prefix]}):
     * units another machine or checkout compiled are downloaded instead of compiled. The same as
     * {@code JEMCEPTION_REMOTE_CACHE}; an {@code Authorization} header comes from the environment only
     * ({@code JEMCEPTION_REMOTE_CACHE_AUTH} or {@code JEMCEPTION_REMOTE_CACHE_AUTH_FILE}).
     */
    @Parameter(property = "jemception.remoteCache")
    String remoteCache;

    /** Download from {@code remoteCache} but upload nothing (developers' machines). */
    @Parameter(property = "jemception.remoteCacheReadOnly", defaultValue = "false")
    boolean remoteCacheReadOnly;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    MojoExecution mojoExecution;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Component
    ToolchainManager toolchainManager;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jemception: skipped");
            return;
        }
        checkConfiguration();
        try {
            build();
        } catch (IOException e) {
            throw new MojoExecutionException("jemception: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("jemception: interrupted", e);
        }
    }

    /** Fails on a configuration the goal cannot build, before anything runs. */
    abstract void checkConfiguration() throws MojoExecutionException;

    /** The goal's work. */
    abstract void build() throws IOException, InterruptedException, MojoExecutionException, MojoFailureException;

    /** The launcher's class path, written into jemception-demo-cli's jar by its build. */
    private static final String DAEMON_CLASSPATH = "META-INF/jemception/classpath";
    /** What runtime-core's RemoteCache reads (named here: this class loads on Java 17, runtime-core needs 21). */
    private static final String REMOTE_CACHE_VARIABLE = "JEMCEPTION_REMOTE_CACHE";
    private static final String REMOTE_CACHE_READ_ONLY_VARIABLE = "JEMCEPTION_REMOTE_CACHE_READ_ONLY";

    /** What the toolchain is, for digests: name, size and date of each of its jars. */
    static String toolchainDigest(List<Path> toolchainJars) throws IOException {
        var digest = new Digest();
        for (Path jar : toolchainJars) {
            digest.addStamp(jar);
        }
        return digest.hex();
    }

    /** Where the commands run: Maven's JVM with {@code inProcess}, else the daemon of these jars. */
    CommandRunner commandRunner(List<Path> toolchainJars) throws IOException, MojoExecutionException {
        Map<String, String> env = commandEnvironment();
        return inProcess ? inProcessRunner(env) : DaemonRunner.install(daemonJavaHome(), toolchainJars, env, getLog());
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

    /** A finished command: its exit code and what it printed. */
    record Run(int exitCode, String stdout, String stderr) {
        void log(Path cwd, org.apache.maven.plugin.logging.Log log) {
            ClangOutput.log(stdout, cwd, log);
            ClangOutput.log(stderr, cwd, log);
        }
    }

    static Run run(CommandRunner runner, List<String> argv, Path cwd) throws IOException, InterruptedException {
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        int code = runner.run(argv, cwd, stdout, stderr);
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    /**
     * The toolchain: jemception-demo-cli and the jars of its class path, as its jar lists them
     * ({@value #DAEMON_CLASSPATH}, the names of the launcher's target/lib): this plugin's own
     * extras (itself, the plexus-utils Maven adds to every plugin) stay out, so that the daemon
     * runs exactly what the {@code jemception} command runs and both find the same one.
     */
    List<Path> toolchainJars() throws IOException {
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

    void addResource(Path dir) {
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

    String executionId() {
        return mojoExecution.getExecutionId().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String relative(Path basedir, Path file) {
        return file.startsWith(basedir) ? basedir.relativize(file).toString() : file.toString();
    }

    /** The files below {@code dir}, relative to it with '/' separators. */
    static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace(File.separatorChar, '/'))
                    .sorted().toList();
        }
    }

    /** Copies through a temporary file, so that a reader never sees half a module. */
    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Path tmp = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void deleteTree(Path dir) throws IOException {
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
