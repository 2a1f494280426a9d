package dev.jemception.runtime;

import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
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
    private final Map<String, ReadOnlyTree> mounts;
    private final Map<String, ReadOnlyTree> writableMounts;

    private Toolchain(ProgramRegistry registry, Map<String, ReadOnlyTree> mounts,
            Map<String, ReadOnlyTree> writableMounts) {
        this.registry = registry;
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
        for (ProgramProvider p : providers) {
            programs.putAll(p.programs());
            try {
                mounts.putAll(p.mounts());
                writableMounts.putAll(p.writableMounts());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return new Toolchain(new ProgramRegistry(programs), mounts, writableMounts);
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
