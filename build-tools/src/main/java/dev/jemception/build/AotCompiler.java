package dev.jemception.build;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.ByteClassCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmWriter;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.RawSection;
import com.dylibso.chicory.wasm.types.SectionId;
import dev.jemception.runtime.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Compiles a wasm module to JVM bytecode ahead of time with Chicory's compiler, and writes the
 * "meta" module that goes with it: the same module with every compiled function body replaced by
 * {@code unreachable}, so loading it at run time is fast. The result is cached in a user-level
 * directory keyed by the module's hash, the Chicory version and the class name: compiling LLVM
 * takes minutes and many gigabytes, and must happen once per machine, not once per build.
 */
public final class AotCompiler {
    /** Bump when the layout of a cache entry changes. */
    private static final String FORMAT = "aot-v1";

    public static final String META_ENTRY = "module.meta.wasm";
    public static final String INTERPRETED_ENTRY = "interpreted-functions.txt";

    private final Path cacheDir;

    public AotCompiler(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /**
     * Makes sure the compiled classes of {@code wasm} are in the cache and returns the cache entry:
     * a zip with the class files, {@link #META_ENTRY} and {@link #INTERPRETED_ENTRY}. Functions
     * larger than {@code split} allows are first split into several ({@link FunctionOutliner}), so
     * that they are compiled instead of interpreted, and are small enough for the JVM's JIT.
     */
    public Path compile(Path wasm, String className, FunctionOutliner.Split split) throws IOException {
        String key = Hashing.sha256Hex(wasm).substring(0, 24) + "-" + chicoryVersion() + "-" + className + "-" + FORMAT
                + split.cacheKey();
        Path entry = cacheDir.resolve("aot").resolve(key + ".zip");
        if (Files.isRegularFile(entry)) {
            log("AOT classes for " + wasm.getFileName() + " found in cache " + entry);
            return entry;
        }
        Files.createDirectories(entry.getParent());
        long start = System.nanoTime();
        log("compiling " + wasm.getFileName() + " to JVM bytecode (minutes, once per machine)...");
        byte[] wasmBytes = Files.readAllBytes(wasm);
        if (!split.equals(FunctionOutliner.Split.NONE)) {
            wasmBytes = FunctionOutliner.outline(wasmBytes, split);
        }
        var module = Parser.parse(wasmBytes);
        var result = Compiler.builder(module)
                .withClassName(className)
                .withClassCollectorFactory(ByteClassCollector::new)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .build()
                .compile();
        Set<Integer> interpreted = new TreeSet<>(result.interpretedFunctions());
        int importedFunctions = module.importSection().count(ExternalType.FUNCTION);

        Path tmp = Files.createTempFile(entry.getParent(), key, ".tmp");
        try (var zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (var cls : result.classBytes().entrySet()) {
                putEntry(zip, cls.getKey().replace('.', '/') + ".class", cls.getValue());
            }
            putEntry(zip, META_ENTRY, metaModule(wasmBytes, importedFunctions, interpreted));
            putEntry(zip, INTERPRETED_ENTRY, String.join("\n", interpreted.stream().map(String::valueOf).toList()).getBytes());
        }
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
        log(String.format("compiled %d classes in %.0f s; %d functions stay interpreted (too large for a JVM method)",
                result.classBytes().size(), (System.nanoTime() - start) / 1e9, interpreted.size()));
        return entry;
    }

    /**
     * Unpacks a cache entry of {@code className}: classes under {@code classesDir}, the meta module at
     * {@code metaFile}. The classes an earlier entry of the same class left there are removed first:
     * another split gives other classes, and a stale one would still be packed into the jar.
     */
    public static void install(Path entry, String className, Path classesDir, Path metaFile) throws IOException {
        int dot = className.lastIndexOf('.');
        Path packageDir = classesDir.resolve(className.substring(0, dot).replace('.', '/'));
        String machine = className.substring(dot + 1); // Chicory names every class it writes after it
        if (Files.isDirectory(packageDir)) {
            try (var files = Files.list(packageDir)) {
                for (Path old : files.toList()) {
                    String name = old.getFileName().toString();
                    if (name.startsWith(machine) && name.endsWith(".class")) {
                        Files.delete(old);
                    }
                }
            }
        }
        try (var zip = new ZipInputStream(Files.newInputStream(entry))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                Path out;
                if (e.getName().equals(META_ENTRY)) {
                    out = metaFile;
                } else if (e.getName().endsWith(".class")) {
                    out = classesDir.resolve(e.getName());
                } else {
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The module with compiled bodies stubbed out; interpreted functions keep their code. */
    private static byte[] metaModule(byte[] wasm, int importedFunctions, Set<Integer> interpreted) {
        var writer = new WasmWriter();
        Parser.parseWithoutDecoding(wasm, section -> {
            if (section.sectionId() == SectionId.CODE) {
                // a stub body: no locals, unreachable, end
                byte[] stub = {0, 0x00, 0x0b};
                writer.writeSection(SectionId.CODE, WasmBinary.rewriteBodies(((RawSection) section).contents(),
                        i -> interpreted.contains(importedFunctions + i) ? null : stub, List.of()));
            } else if (section.sectionId() != SectionId.CUSTOM) {
                writer.writeSection((RawSection) section);
            }
        });
        return writer.bytes();
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** What, besides the module, decides the compiled classes: the Chicory version, the entry format, the splitter. */
    public static String compilerVersion() {
        return chicoryVersion() + "-" + FORMAT + "-" + FunctionOutliner.VERSION;
    }

    private static String chicoryVersion() {
        String v = Compiler.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        // Fall back to the jar name, e.g. .../compiler-1.7.5.jar
        String jar = Compiler.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        return jar.replaceAll(".*/compiler-([^/]+)\\.jar$", "$1");
    }

    private static void log(String message) {
        System.out.println("[jemception build] " + message);
    }
}
