package dev.jemception.python.internal;

import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GraalPy's own library ({@code libgraalpy}) or the Python standard library ({@code libpython})
 * served straight from the {@code python-resources} jar as a read-only tree, so GraalPy reads them
 * through the session's VFS like every other file (GraalPy's home is otherwise a host directory,
 * which the VFS does not show). The jar lists each component's files in {@code NAME.files}.
 */
public final class GraalPyHome implements ReadOnlyTree {
    /** GraalPy's home in every session; its core and standard library are mounted below it. */
    public static final String HOME = EmsdkLayout.PYTHON_HOME;
    public static final String CORE_HOME = HOME + "/lib/graalpy25.0";
    public static final String STDLIB_HOME = HOME + "/lib/python3.12";

    private static final String RESOURCES = "META-INF/resources/";

    private final String component;
    private final Map<String, List<String>> directories = new HashMap<>();
    private final Map<String, byte[]> contents = new ConcurrentHashMap<>();

    private GraalPyHome(String component) {
        this.component = component;
        Map<String, TreeSet<String>> children = new HashMap<>();
        children.put("", new TreeSet<>());
        try (InputStream in = resource(component + ".files");
                var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String prefix = RESOURCES + component + "/";
            for (String line; (line = lines.readLine()) != null; ) {
                int eq = line.lastIndexOf(" = ");
                String path = (eq < 0 ? line : line.substring(0, eq)).strip();
                if (!path.startsWith(prefix)) {
                    continue;
                }
                // the file, then each directory above it, into its parent's listing
                for (String child = path.substring(prefix.length()); !child.isEmpty(); ) {
                    int slash = child.lastIndexOf('/');
                    String parent = slash < 0 ? "" : child.substring(0, slash);
                    children.computeIfAbsent(parent, k -> new TreeSet<>()).add(child.substring(slash + 1));
                    child = parent;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read GraalPy's resource index " + component + ".files", e);
        }
        children.forEach((dir, names) -> directories.put(dir, new ArrayList<>(names)));
    }

    /** The core ({@code libgraalpy}) and standard library ({@code libpython}) trees by mount point. */
    public static Map<String, ReadOnlyTree> mounts() {
        return Holder.MOUNTS;
    }

    private static final class Holder {
        static final Map<String, ReadOnlyTree> MOUNTS = Map.of(
                CORE_HOME, new GraalPyHome("libgraalpy"),
                STDLIB_HOME, new GraalPyHome("libpython"));
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = GraalPyHome.class.getClassLoader().getResourceAsStream(RESOURCES + path);
        if (in == null) {
            throw new NoSuchFileException(RESOURCES + path, null, "not on the class path (org.graalvm.python:python-resources)");
        }
        return in;
    }

    @Override
    public String name() {
        return "graalpy-" + component;
    }

    @Override
    public Node stat(String path) {
        if (directories.containsKey(path)) {
            return new Node(Kind.DIRECTORY, 0555, 0, null);
        }
        String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        List<String> siblings = directories.get(parent);
        if (siblings == null || !siblings.contains(path.substring(path.lastIndexOf('/') + 1))) {
            return null;
        }
        return new Node(Kind.FILE, 0444, bytes(path).length, null);
    }

    @Override
    public List<String> list(String path) {
        return directories.getOrDefault(path, List.of());
    }

    @Override
    public ByteBuffer read(String path) throws IOException {
        if (stat(path) == null || directories.containsKey(path)) {
            throw new NoSuchFileException(path);
        }
        return ByteBuffer.wrap(bytes(path)).asReadOnlyBuffer();
    }

    private byte[] bytes(String path) {
        return contents.computeIfAbsent(path, p -> {
            try (InputStream in = resource(component + "/" + p)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
