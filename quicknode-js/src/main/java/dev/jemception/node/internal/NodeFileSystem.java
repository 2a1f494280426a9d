package dev.jemception.node.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The session's VFS as GraalJS sees it, plus Node's built-in module names: {@code node:fs} and
 * {@code fs} resolve to the shim's {@code fs.mjs}, and so on. Everything else is the VFS.
 */
final class NodeFileSystem implements FileSystem {
    /** Where the shim is mounted in every session's VFS. */
    static final String SHIM_DIR = "/jemception/node";

    private static final Map<String, String> BUILTINS = Map.ofEntries(
            Map.entry("fs", "fs.mjs"), Map.entry("fs/promises", "fs-promises.mjs"), Map.entry("path", "path.mjs"),
            Map.entry("url", "url.mjs"), Map.entry("os", "os.mjs"),
            Map.entry("process", "process.mjs"), Map.entry("assert", "assert.mjs"),
            Map.entry("assert/strict", "assert-strict.mjs"), Map.entry("util", "util.mjs"), Map.entry("vm", "vm.mjs"),
            Map.entry("buffer", "buffer.mjs"), Map.entry("child_process", "child_process.mjs"));

    /** Other names of built-ins above. */
    private static final Map<String, String> ALIASES = Map.of("path/posix", "path");

    /** Node's other built-ins: importing one gives a clear "not implemented" error. */
    private static final Set<String> OTHER_BUILTINS = Set.of("events", "stream", "http", "https", "net", "tls", "crypto",
            "zlib", "worker_threads", "readline", "module", "perf_hooks", "string_decoder", "timers", "tty", "dgram",
            "dns", "cluster", "inspector", "v8", "async_hooks", "querystring", "punycode", "constants", "sys",
            "diagnostics_channel", "timers/promises", "stream/promises", "util/types", "wasi", "test");

    private final FileSystem vfs;
    private final java.nio.file.FileSystem nio;
    private final PackageResolver packages;

    NodeFileSystem(java.nio.file.FileSystem nio, PackageResolver packages) {
        this.nio = nio;
        this.vfs = FileSystem.newFileSystem(nio);
        this.packages = packages;
    }

    private static boolean isBare(String specifier) {
        return !specifier.startsWith("/") && !specifier.startsWith(".") && !specifier.contains(":");
    }

    private static String builtinName(String specifier) {
        String name = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
        return ALIASES.getOrDefault(name, name);
    }

    private Path builtin(String specifier) {
        String name = builtinName(specifier);
        String file = BUILTINS.get(name);
        if (file != null) {
            return nio.getPath(SHIM_DIR, file);
        }
        if (OTHER_BUILTINS.contains(name) || specifier.startsWith("node:")) {
            return nio.getPath(SHIM_DIR, ShimTree.UNSUPPORTED, name.replace('/', '_') + ".mjs");
        }
        return null;
    }

    /** The built-in module names the shim implements ("fs", "path", ...), for require(). */
    static Set<String> builtinNames() {
        return BUILTINS.keySet();
    }

    /**
     * What {@code require(specifier)} loads from a file in {@code fromDir}: {@code "node:NAME"} for a
     * built-in, else the absolute path of the file, found as Node does (the exact file, then with
     * .js, .cjs or .json, then the directory's index.js; bare names from node_modules).
     */
    String resolveRequire(String specifier, String fromDir) throws NoSuchFileException {
        if (builtin(specifier) != null) {
            return "node:" + builtinName(specifier);
        }
        Path base = isBare(specifier) ? packages.resolve(specifier) : nio.getPath(fromDir).resolve(specifier).normalize();
        if (base != null) {
            for (String candidate : new String[] {"", ".js", ".cjs", ".json", "/index.js"}) {
                Path file = nio.getPath(base + candidate);
                if (Files.isRegularFile(file)) {
                    return file.toString();
                }
            }
        }
        throw new NoSuchFileException(specifier, null, "Cannot find module '" + specifier + "' from " + fromDir);
    }

    @Override
    public Path parsePath(URI uri) {
        if ("node".equals(uri.getScheme())) {
            return builtin(uri.toString());
        }
        if ("file".equals(uri.getScheme())) {
            return nio.getPath(uri.getPath()); // file: URLs name VFS paths
        }
        return vfs.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        Path resolved = null;
        if (isBare(path)) {
            resolved = builtin(path);
            if (resolved == null) {
                resolved = packages.resolve(path);
            }
        } else if (path.startsWith("node:")) {
            resolved = builtin(path);
        }
        return resolved != null ? resolved : vfs.parsePath(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        vfs.checkAccess(path, modes, options);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        vfs.createDirectory(dir, attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        vfs.delete(path);
    }

    /**
     * GraalJS opens files here only to load modules. A CommonJS file (".cjs", or ".js" outside a
     * package of "type": "module", as Node decides) is served wrapped as an ES module, the way
     * Node's ESM loader presents CommonJS to an importer.
     */
    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        if (CommonJs.isCommonJs(path)) {
            return new SeekableInMemoryByteChannel(CommonJs.wrap(path, Files.readString(path)).getBytes(StandardCharsets.UTF_8));
        }
        return vfs.newByteChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        return vfs.newDirectoryStream(dir, filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return vfs.toAbsolutePath(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        return vfs.toRealPath(path, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return vfs.readAttributes(path, attributes, options);
    }

    @Override
    public void setCurrentWorkingDirectory(Path dir) {
        vfs.setCurrentWorkingDirectory(dir);
    }
}
