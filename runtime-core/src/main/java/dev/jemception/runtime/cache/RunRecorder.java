package dev.jemception.runtime.cache;

import dev.jemception.runtime.cache.RunRecord.Input;
import dev.jemception.runtime.cache.RunRecord.InputKind;
import dev.jemception.runtime.cache.RunRecord.Output;
import dev.jemception.runtime.cache.RunRecord.OutputKind;
import dev.jemception.runtime.Hashing;
import dev.jemception.vfs.FileAccessListener;
import dev.jemception.vfs.Vfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches one run through the VFS: every file it read (hashed as it was when read), looked for in
 * vain or listed, and every path it was about to change, wherever it lives (host directories,
 * the session's memory, the Emscripten cache layer). Left out: packs and what the run derives from
 * the toolchain ({@link RunPaths#toolchainCache}: the toolchain's identity is in the key), what the
 * run wrote itself before reading it back, and emcc's temporaries ({@link RunPaths#scratch}).
 */
final class RunRecorder implements FileAccessListener {
    private final FileSystem fs;
    private final RunPaths paths;
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private final Map<String, Boolean> modified = new LinkedHashMap<>(); // path -> existed before
    private String uncacheable;
    private boolean boundToWorkdir;

    RunRecorder(FileSystem fs, RunPaths paths) {
        this.fs = fs;
        this.paths = paths;
    }

    /** Whether the run's use of {@code path} says nothing the key does not: the toolchain's own files. */
    private boolean toolchains(String path, Origin origin) {
        return origin == Origin.PACK || paths.toolchainCache(path);
    }

    @Override
    public synchronized void read(String path, Origin origin) {
        if (toolchains(path, origin) || modified.containsKey(path)) {
            return;
        }
        String key = paths.normalize(path);
        if (!inputs.containsKey(key)) {
            try {
                inputs.put(key, new Input(InputKind.FILE, key, origin, Hashing.sha256Hex(Files.readAllBytes(fs.getPath(path)))));
            } catch (IOException e) {
                uncacheable = "could not hash " + path + ": " + e.getMessage();
            }
        }
    }

    @Override
    public synchronized void missing(String path, Origin origin) {
        if (toolchains(path, origin) || modified.containsKey(path) || paths.scratch(path, origin)) {
            return;
        }
        inputs.putIfAbsent(paths.normalize(path), new Input(InputKind.ABSENT, paths.normalize(path), origin, ""));
    }

    @Override
    public synchronized void listed(String path, List<String> names, Origin origin) {
        if (toolchains(path, origin) || modified.containsKey(path) || paths.scratch(path, origin)) {
            return;
        }
        inputs.putIfAbsent(paths.normalize(path),
                new Input(InputKind.LISTING, paths.normalize(path), origin, listingHash(namesBefore(path, names))));
    }

    /**
     * The names the directory had before the run: a listing made mid-run (Python's importlib lists
     * the working directory whenever it imports) shows what the run has written so far.
     */
    private List<String> namesBefore(String dir, List<String> names) {
        var before = new java.util.TreeSet<>(names);
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        modified.forEach((path, existed) -> {
            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
                String name = path.substring(prefix.length());
                if (existed) {
                    before.add(name);
                } else {
                    before.remove(name);
                }
            }
        });
        return List.copyOf(before);
    }

    @Override
    public synchronized void willModify(String path, Origin origin) {
        if (toolchains(path, origin)) {
            return;
        }
        modified.computeIfAbsent(path, p -> Files.exists(fs.getPath(p), LinkOption.NOFOLLOW_LINKS));
    }

    static String listingHash(List<String> names) {
        return Hashing.sha256Hex(String.join("\n", names.stream().sorted().toList()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    synchronized List<Input> inputs() {
        return List.copyOf(inputs.values());
    }

    /** Whether a file the run left names its working directory in binary content (set by {@link #outputs}). */
    synchronized boolean boundToWorkdir() {
        return boundToWorkdir;
    }

    /** Why the run cannot be replayed, or null. */
    synchronized String uncacheable() {
        return uncacheable;
    }

    /**
     * What the run left, with the content of each file: the state now of every path it changed.
     * Text naming the working directory is stored with its placeholder ({@code TEXT_FILE}); binary
     * content naming it sets {@link #boundToWorkdir()}. Null (with {@link #uncacheable()} set) when
     * something it left could not be replayed.
     */
    synchronized List<Output> outputs(Map<String, byte[]> contents) throws IOException {
        List<Output> outputs = new ArrayList<>();
        for (var e : modified.entrySet()) {
            String path = e.getKey();
            Path p = fs.getPath(path);
            boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
            if (!exists && !e.getValue()) {
                continue; // made and removed by the run: a temporary
            }
            if (paths.scratch(path, Vfs.origin(fs, path))) {
                continue; // a temporary emcc left: no output
            }
            String key = paths.normalize(path);
            if (!exists) {
                outputs.add(new Output(OutputKind.DELETED, key, ""));
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                outputs.add(new Output(OutputKind.DIRECTORY, key, ""));
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                byte[] content = Files.readAllBytes(p);
                RunPaths.Content travel = paths.classify(content);
                if (travel == RunPaths.Content.TEXT_WITH_WORKDIR) {
                    content = paths.normalizeText(content);
                } else if (travel == RunPaths.Content.BINARY_WITH_WORKDIR) {
                    boundToWorkdir = true;
                }
                String hash = Hashing.sha256Hex(content);
                contents.put(hash, content);
                outputs.add(new Output(travel == RunPaths.Content.TEXT_WITH_WORKDIR ? OutputKind.TEXT_FILE : OutputKind.FILE,
                        key, hash));
            } else {
                uncacheable = "it leaves " + path + ", which is neither a file nor a directory";
                return null;
            }
        }
        return outputs;
    }
}
