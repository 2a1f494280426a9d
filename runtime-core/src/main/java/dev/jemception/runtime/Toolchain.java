package dev.jemception.runtime;

import dev.jemception.runtime.cache.Caches;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every jemception program and its read-only payload, loaded once per JVM and shared by any
 * number of concurrent {@link Session}s.
 *
 * <pre>{@code
 * Toolchain toolchain = Toolchain.load();
 * try (Session session = toolchain.newSession().mountHost(projectDir).cwd(projectDir).build()) {
 *     RunResult r = session.run("clang", "--target=wasm32-unknown-emscripten", "-c", "a.c");
 * }
 * }</pre>
 */
public final class Toolchain {
    private static volatile Toolchain shared;

    private final ProgramRegistry registry;
    private final List<ProgramProvider> providers;
    private volatile String identity;
    private final Map<String, ReadOnlyTree> mounts;
    private final Map<String, ReadOnlyTree> writableMounts;

    private Toolchain(ProgramRegistry registry, List<ProgramProvider> providers, Map<String, ReadOnlyTree> mounts,
            Map<String, ReadOnlyTree> writableMounts) {
        this.registry = registry;
        this.providers = List.copyOf(providers);
        this.mounts = Map.copyOf(mounts);
        this.writableMounts = Map.copyOf(writableMounts);
    }

    /**
     * The toolchain made of every {@link ProgramProvider} on the class path, created on first use
     * and then shared: its payload and compiled code are loaded once per JVM.
     */
    public static Toolchain load() {
        Toolchain t = shared;
        if (t == null) {
            synchronized (Toolchain.class) {
                t = shared;
                if (t == null) {
                    shared = t = create(ServiceLoader.load(ProgramProvider.class, Toolchain.class.getClassLoader()));
                }
            }
        }
        return t;
    }

    /** A toolchain of exactly these providers (tests, embedders with their own programs). */
    public static Toolchain of(Iterable<? extends ProgramProvider> providers) {
        return create(providers);
    }

    private static Toolchain create(Iterable<? extends ProgramProvider> providers) {
        Map<String, Program> programs = new HashMap<>();
        Map<String, ReadOnlyTree> mounts = new LinkedHashMap<>();
        Map<String, ReadOnlyTree> writableMounts = new LinkedHashMap<>();
        List<ProgramProvider> all = new ArrayList<>();
        for (ProgramProvider p : providers) {
            all.add(p);
            programs.putAll(p.programs());
            try {
                mounts.putAll(p.mounts());
                writableMounts.putAll(p.writableMounts());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return new Toolchain(new ProgramRegistry(programs), all, mounts, writableMounts);
    }

    /**
     * What this toolchain is, as a hash: the content of its packs and the jars
     * its programs come from (content hashes). Results cached by one toolchain are never replayed by another.
     */
    public String identity() {
        String id = identity;
        if (id == null) {
            var text = new StringBuilder();
            for (ProgramProvider p : providers) {
                text.append(p.getClass().getName()).append(' ').append(codeSource(p.getClass())).append('\n');
            }
            var trees = new TreeMap<String, ReadOnlyTree>(mounts);
            trees.putAll(writableMounts);
            trees.forEach((point, tree) -> text.append(point).append(' ').append(tree.contentHash()).append('\n'));
            identity = id = Hashing.sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return id;
    }

    /**
     * What a program provider's code is: its jar's content hash, the same wherever the jar lies
     * (result cache keys travel between machines); for a class directory (an IDE), its path and date.
     */
    private static String codeSource(Class<?> c) {
        try {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p)) {
                return Hashing.sha256Hex(p);
            }
            return p + " " + Files.getLastModifiedTime(p).toMillis();
        } catch (Exception e) {
            return "?";
        }
    }

    /**
     * Loads the compiled code of the class path's programs (those of {@link #load()}) for
     * {@code engine} in background threads, one per provider, so that a process's first command
     * does not wait for it: the daemon and {@code serve} at start, a JVM that runs one Emscripten
     * command (the CLI's {@code --no-daemon}) beside its Python. What a provider loads is shared
     * by the JVM, whichever instance loaded it. Failures are left for the command that needs the
     * code to report.
     */
    public static void warmUpInBackground(WasmEngine engine) {
        Toolchain t = shared;
        Iterable<ProgramProvider> providers = t != null ? t.providers
                : ServiceLoader.load(ProgramProvider.class, Toolchain.class.getClassLoader());
        for (ProgramProvider p : providers) {
            Thread.ofPlatform().daemon().name("jemception warm-up " + p.getClass().getSimpleName()).start(() -> {
                try {
                    p.warmUp(engine);
                } catch (RuntimeException | LinkageError e) {
                    // the first run that needs it says what is wrong
                }
            });
        }
    }

    public ProgramRegistry programs() {
        return registry;
    }

    Map<String, ReadOnlyTree> mounts() {
        return mounts;
    }

    Map<String, ReadOnlyTree> writableMounts() {
        return writableMounts;
    }

    /**
     * The host directory that keeps what programs write under the writable mount {@code
     * mountPoint} with {@code caches} (sessions mount it there), or null when nothing persists.
     */
    public Path persistentLayer(String mountPoint, Caches caches) {
        ReadOnlyTree tree = writableMounts.get(mountPoint);
        return tree == null ? null : caches.persistentLayer(tree);
    }

    /** The {@link ProgramDirectory} mount points, for the default {@code PATH} of sessions. */
    String programPath() {
        var dirs = new TreeSet<String>();
        mounts.forEach((point, tree) -> {
            if (tree instanceof ProgramDirectory) {
                dirs.add(point);
            }
        });
        return String.join(":", dirs);
    }

    /** Where the payload is mounted in every session; host directories there would hide it. */
    public Set<String> payloadMountPoints() {
        var points = new TreeSet<>(mounts.keySet());
        points.addAll(writableMounts.keySet());
        return points;
    }

    /** Starts configuring a session: its host mounts, working directory and environment. */
    public Session.Builder newSession() {
        return new Session.Builder(this);
    }
}
