package dev.jemception.engine.internal;

import dev.jemception.runtime.ResourceFile;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.NativeLibraryLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * wasmtime-java's JNI library and the configuration every engine of this JVM shares. The library
 * is copied once per machine into jemception's resource cache and loaded from there
 * (wasmtime-java's own loader writes a new 18 MB temporary file on each JVM start and never removes
 * it); not into wasmtime's cache directory, whose cleanup may delete files it did not write.
 * Compiled code is kept in wasmtime's cache in {@code ~/.cache/jemception/wasmtime}, keyed by
 * wasmtime on the module's bytes, its version and this configuration.
 */
public final class WasmtimeLibrary {
    /** The version of wasmtime inside wasmtime-java 0.19.0. */
    public static final String WASMTIME_VERSION = "7.0.1";
    /**
     * The most stack wasm may use: wasmtime 7 allows at most its async stack size (2 MiB). Wasm runs
     * on the calling thread's native stack: each run has a thread with more ({@link WasmtimeModule}).
     */
    private static final long MAX_WASM_STACK = 2L << 20;

    private WasmtimeLibrary() {}

    private static final class Probe {
        static final String UNAVAILABLE = probe();
    }

    /** Why wasmtime cannot run in this JVM, or empty when it can (the library is then loaded). */
    public static Optional<String> unavailable() {
        return Optional.ofNullable(Probe.UNAVAILABLE);
    }

    private static String probe() {
        try {
            load();
            try (var config = configuration(); var engine = new Engine(config)) {
                engine.getClass(); // links the native methods: a library that loads but does not link fails here
            }
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, an unsupported platform, a read-only cache ...
            return e.toString();
        }
    }

    /** The directory of wasmtime's code cache and of the library's copy. */
    static Path directory() {
        String configured = System.getProperty("jemception.wasmtime.cache");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "jemception", "wasmtime");
    }

    /** A configuration for a new engine: epoch interruption (cancellation), the wasm stack, the code cache. */
    static Config configuration() throws IOException {
        return new Config()
                .epochInterruption(true)
                .maxWasmStack(MAX_WASM_STACK)
                .cacheConfigLoad(cacheConfig());
    }

    private static Path cacheConfig() throws IOException {
        Path dir = directory().toAbsolutePath();
        Files.createDirectories(dir);
        // LLVM's entry is 147 MB (333 MB of code): wasmtime's defaults would recompress it at zstd
        // level 20 after 256 uses (minutes of a core in the background, repeated by every short
        // JVM it dies with, for no faster load) and evict entries past 512 MiB in all (a minute's
        // Cranelift compile again).
        String toml = "[cache]\nenabled = true\ndirectory = \"" + dir.toString().replace('\\', '/') + "\"\n"
                + "optimized-compression-usage-counter-threshold = \"1P\"\n"
                + "files-total-size-soft-limit = \"4Gi\"\n";
        Path file = dir.resolve("cache.toml");
        if (!Files.isRegularFile(file) || !Files.readString(file).equals(toml)) {
            writeAtomically(file, toml.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /**
     * Loads the library from its copy in the resource cache ({@link ResourceFile}: found by the jar
     * entry's CRC-32 and size, not read or hashed again) and tells wasmtime-java it is loaded. Where
     * that cannot be done (wasmtime-java's loader changed, the cache cannot be written), its own
     * loader runs instead.
     */
    private static synchronized void load() throws IOException, ReflectiveOperationException {
        java.lang.reflect.Field loaded;
        try {
            loaded = NativeLibraryLoader.class.getDeclaredField("loaded");
            loaded.setAccessible(true);
        } catch (NoSuchFieldException | RuntimeException e) {
            NativeLibraryLoader.load();
            return;
        }
        if (loaded.getBoolean(null)) {
            return;
        }
        String resource = "/" + resourceName();
        Optional<Path> file = ResourceFile.of(NativeLibraryLoader.class, resource);
        if (file.isEmpty()) {
            if (NativeLibraryLoader.class.getResource(resource) == null) {
                throw new IOException("wasmtime-java has no native library for this platform (" + resource.substring(1) + ")");
            }
            NativeLibraryLoader.load();
            return;
        }
        System.load(file.get().toAbsolutePath().toString());
        loaded.setBoolean(null, true);
    }

    /** wasmtime-java's name for this platform's library, e.g. {@code libwasmtime_jni_0.19.0_linux_x86_64.so}. */
    private static String resourceName() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> throw new IOException("wasmtime-java has no library for the " + System.getProperty("os.arch") + " architecture");
        };
        String version;
        try (InputStream meta = NativeLibraryLoader.class.getResourceAsStream("/wasmtime-java-meta.properties")) {
            var props = new java.util.Properties();
            props.load(meta);
            version = props.getProperty("jnilib.version");
        }
        if (os.contains("linux")) {
            return "libwasmtime_jni_" + version + "_linux_" + arch + ".so";
        } else if (os.contains("mac")) {
            return "libwasmtime_jni_" + version + "_macos_" + arch + ".dylib";
        } else if (os.contains("windows")) {
            return "wasmtime_jni_" + version + "_windows_" + arch + ".dll";
        }
        throw new IOException("wasmtime-java has no library for " + System.getProperty("os.name"));
    }

    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
