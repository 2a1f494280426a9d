package dev.jemception.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Configures and builds a CMake project with Emscripten, CMake and its Ninja build running in the
 * jemception daemon (or in Maven's JVM), with no host tool: {@code emcmake cmake} once per build
 * tree (again when the options or the toolchain change), then {@code cmake --build}. The files it
 * names of the build tree go to {@code outputDirectory}/wasm, which becomes a resource directory
 * of the project. Nothing runs when no file of the CMake project, no option and not the toolchain
 * changed.
 */
@Mojo(name = "cmake", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CMakeMojo extends AbstractJemceptionMojo {
    /** The CMake project: the directory holding its {@code CMakeLists.txt}. */
    @Parameter(defaultValue = "${project.basedir}/src/main/cmake")
    private File sourceDirectory;

    /** Passed to the configure step: {@code -DCMAKE_BUILD_TYPE=Release}, {@code -DBUILD_SHARED_LIBS=OFF} ... */
    @Parameter
    private List<String> cmakeOptions = new ArrayList<>();

    /** The target to build ({@code cmake --build --target}); all targets when not set. */
    @Parameter
    private String target;

    /**
     * The files of the build tree to put into the resources, relative to it: {@code calc.wasm},
     * {@code app.js} and {@code app.wasm} ... Each goes to {@code wasm/} under the output directory
     * by its file name.
     */
    @Parameter(required = true)
    private List<String> artifacts = new ArrayList<>();

    @Override
    void checkConfiguration() throws MojoExecutionException {
        if (!new File(sourceDirectory, "CMakeLists.txt").isFile()) {
            throw new MojoExecutionException("jemception: no CMakeLists.txt in " + sourceDirectory + " (sourceDirectory)");
        }
        if (artifacts.isEmpty()) {
            throw new MojoExecutionException("jemception: name the files of the build tree to take (artifacts), e.g. calc.wasm");
        }
    }

    @Override
    void build() throws IOException, InterruptedException, MojoExecutionException, MojoFailureException {
        // Real paths throughout: the toolchain mounts host directories at their real paths.
        Path basedir = project.getBasedir().toPath().toRealPath();
        Path source = sourceDirectory.toPath().toRealPath();
        Path work = Files.createDirectories(Path.of(project.getBuild().getDirectory(), "jemception", executionId()))
                .toRealPath();
        Path tree = work.resolve("build");
        Path out = Files.createDirectories(outputDirectory.toPath()).toRealPath();
        addResource(out);
        List<String> outputs = artifacts.stream().map(a -> "wasm/" + Path.of(a).getFileName()).toList();

        List<Path> toolchainJars = toolchainJars();
        List<String> configure = new ArrayList<>(List.of("emcmake", "cmake", "-G", "Ninja", "-S", source.toString(),
                "-B", tree.toString()));
        configure.addAll(cmakeOptions);
        List<String> buildCommand = new ArrayList<>(List.of("cmake", "--build", tree.toString()));
        if (target != null && !target.isBlank()) {
            buildCommand.addAll(List.of("--target", target.strip()));
        }
        String configureDigest = new Digest().add(toolchainDigest(toolchainJars)).add(configure).hex();
        var digest = new Digest().add(configureDigest).add(buildCommand).add(artifacts);
        try (var files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.add(source.relativize(f).toString()).addFile(f);
            }
        }
        String buildDigest = digest.hex();
        BuildState state = BuildState.load(work.resolve("digests.properties"));
        if (buildDigest.equals(state.link()) && outputs.stream().allMatch(f -> Files.isRegularFile(work.resolve(f)))) {
            for (String file : outputs) { // put back what was deleted from the output directory alone
                if (!Files.exists(out.resolve(file))) {
                    copy(work.resolve(file), out.resolve(file));
                }
            }
            getLog().info("jemception: " + String.join(", ", outputs) + " up to date (CMake project " + relative(basedir, source) + ")");
            return;
        }

        CommandRunner runner = commandRunner(toolchainJars);
        Path classes = Path.of(project.getBuild().getOutputDirectory());
        for (String file : outputs) { // no stale module while it is built again, nor if that fails
            Files.deleteIfExists(out.resolve(file));
            Files.deleteIfExists(classes.resolve(file));
            Files.deleteIfExists(work.resolve(file));
        }
        state.unlinked();
        state.save();

        Path configured = work.resolve("configured");
        if (!Files.isRegularFile(tree.resolve("CMakeCache.txt")) || !Files.isRegularFile(configured)
                || !Files.readString(configured).equals(configureDigest)) {
            getLog().info("jemception: configuring " + relative(basedir, source) + " (CMake in the JVM)");
            Files.deleteIfExists(configured);
            Run run = run(runner, configure, basedir);
            run.log(basedir, getLog());
            if (run.exitCode() != 0) {
                throw new MojoFailureException("jemception: configuring " + source + " failed (exit code " + run.exitCode() + ")");
            }
            Files.writeString(configured, configureDigest);
        }
        getLog().info("jemception: building " + (target == null ? "all targets" : target));
        Run run = run(runner, buildCommand, basedir);
        run.log(basedir, getLog());
        if (run.exitCode() != 0) {
            throw new MojoFailureException("jemception: building " + source + " failed (exit code " + run.exitCode() + ")");
        }
        for (int i = 0; i < artifacts.size(); i++) {
            Path built = tree.resolve(artifacts.get(i));
            if (!Files.isRegularFile(built)) {
                throw new MojoFailureException("jemception: the build wrote no " + built + " (artifacts)");
            }
            copy(built, work.resolve(outputs.get(i)));
            copy(built, out.resolve(outputs.get(i)));
        }
        state.linked(buildDigest, outputs);
        state.save();
    }
}
