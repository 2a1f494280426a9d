package dev.jemception.build;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.jemception.engine.emscripten.EmscriptenTool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Builds an Emscripten-built tool (binaryen's, CMake) for wasm-engine's Java Emscripten host, on either engine. */
final class EmscriptenToolBuild {
    private EmscriptenToolBuild() {}

    /**
     * Writes what the host needs to run {@code tool}, whichever engine runs it, into
     * {@code resourceDir} of the classes: its name maps, and the class of its Chicory machine
     * ({@link #compileForChicory}) and the artifact whose jar has it. Returns the maps.
     */
    static EmscriptenGlue.Names describe(String tool, Path wasm, String glue, String origin, Path classes, String resourceDir,
            String machine, String machineArtifact) throws IOException {
        var names = EmscriptenGlue.names(glue);
        checkNames(tool, Files.readAllBytes(wasm), names);
        var props = new Properties();
        props.setProperty("origin", origin);
        props.setProperty("machine", machine);
        props.setProperty("machineArtifact", machineArtifact);
        names.imports().forEach((name, symbol) -> props.setProperty("import." + name, symbol));
        names.exports().forEach((symbol, name) -> props.setProperty("export." + symbol, name));
        ReproducibleProperties.write(classes.resolve(resourceDir + tool + ".properties"), props, "generated from " + origin);
        return names;
    }

    /** Compiles {@code tool} to JVM classes named {@code machine}, with its meta module in {@code resourceDir}. */
    static void compileForChicory(AotCompiler aot, String tool, Path wasm, String machine, Path classes, String resourceDir)
            throws IOException {
        Path entry = aot.compile(wasm, machine, FunctionOutliner.Split.TOO_LARGE_FOR_A_METHOD);
        AotCompiler.install(entry, machine, classes, classes.resolve(resourceDir + tool + ".meta.wasm"));
    }

    /**
     * Ships {@code tool} for wasmtime (C++ exceptions unwound inside the module: {@link WasmSideExceptions})
     * and compiles it into wasmtime's code cache where wasmtime runs.
     */
    static void shipForWasmtime(String tool, Path wasm, EmscriptenGlue.Names names, Path classes, String resourceDir)
            throws IOException {
        Path shipped = classes.resolve(resourceDir + tool + EmscriptenTool.WASMTIME_SUFFIX);
        Files.write(shipped, WasmSideExceptions.apply(Files.readAllBytes(wasm), names.imports(), names.exports()));
        WasmtimeCodeCache.fill(tool, shipped, "about 10 s");
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

    /** The files of a brotli-compressed tar, by name. */
    static Map<String, byte[]> untarBrotli(Path file) throws IOException {
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
