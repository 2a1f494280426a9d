package dev.jemception.api.internal;

import dev.jemception.api.Commands;
import dev.jemception.api.Versions;
import dev.jemception.client.HostBuild;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.ProgramTimes;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.runtime.cache.RemoteCache;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.engine.Engines;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jemception [--verbose] <tool> [args...]}: runs a jemception program on the host's files
 * (see {@link Commands}). Everything after the tool name goes to the tool untouched; the tool's
 * exit code, stdout and stderr are jemception's. {@code bench}, {@code serve} and
 * {@code emcmake}/{@code emmake} are the command's own (demo-cli), listed here for its help.
 */
@Command(name = "jemception", mixinStandardHelpOptions = true, versionProvider = JemceptionCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {
            "Emscripten's toolchain (clang, wasm-ld, llvm-ar, ...) running inside the JVM.",
            "The current directory and the directories of the files named on the command line are visible"
                + " to the tool at their real paths; nothing else of the host is.",
            "",
            "Built-in: bench [clang|emxx|emxxO2|wasmOpt|emcc|node] [--runs N] [--source FILE]   time a workload in one JVM",
            "          bench serve [--clients N] [--requests N] [--url URL]   a load test of jemception serve",
            "          serve [--port N] [--bind ADDRESS] ...   a compile service and web playground (serve --help)",
            "          emcmake cmake [ARGS...]   configure a CMake project with jemception's toolchain file (the host's cmake)",
            "          emmake make [ARGS...], emconfigure ./configure [ARGS...]   run the host's make (ninja, cmake --build,"
                + " configure ...) with jemception's emcc, em++, emar as CC, CXX, AR"
        })
public final class JemceptionCommand implements Callable<Integer> {

    @Option(names = "--verbose", description = "Say what is mounted and show internal errors in full.")
    boolean verbose;

    @Option(names = "--no-daemon", description = "Run in this JVM instead of the jemception daemon (also JEMCEPTION_NO_DAEMON=1).")
    boolean noDaemon;

    @Option(names = "--daemon-status", description = "Say whether the daemon runs, since when, what it runs.")
    boolean daemonStatus;

    @Option(names = "--stop-daemon", description = "Stop the daemon (it also stops by itself after JEMCEPTION_DAEMON_IDLE, default 3h, idle).")
    boolean stopDaemon;

    @Option(names = "--cache-stats", description = "Show the result cache: where, how big, hits and misses.")
    boolean cacheStats;

    @Option(names = "--cache-clear", description = "Empty the result cache.")
    boolean cacheClear;

    @Option(names = "--remote-cache-read-only", description = "Take results from the remote cache"
            + " (JEMCEPTION_REMOTE_CACHE) but upload none (also JEMCEPTION_REMOTE_CACHE_READ_ONLY=1).")
    boolean remoteCacheReadOnly;

    @Parameters(paramLabel = "TOOL [ARGS...]", description = "The program to run and its arguments, e.g. clang -c a.c.")
    List<String> command = new ArrayList<>();

    private final Commands.Invocation call;

    public JemceptionCommand(Commands.Invocation call) {
        this.call = call;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = call.err();
        PrintStream out = call.out();
        Caches caches;
        try {
            caches = caches();
        } catch (IllegalArgumentException e) {
            err.println("jemception: " + e.getMessage());
            return 2;
        }
        if (cacheStats || cacheClear) {
            return CacheCommands.run(cacheClear, caches, out);
        }
        if (daemonStatus || stopDaemon) {
            err.println("jemception: " + (noDaemon ? "--no-daemon runs without the daemon" : "the daemon answers this itself"));
            return 2;
        }
        if (command.isEmpty()) {
            CommandLine.usage(this, err);
            return 2;
        }
        if (verbose) {
            System.setProperty("jemception.verbose", "true");
        }
        Toolchain toolchain = Toolchain.load();
        if (toolchain.programs().find(command.get(0)).isEmpty()) {
            err.println("jemception: unknown tool '" + command.get(0) + "'. Tools: "
                    + String.join(", ", toolchain.programs().names()));
            return Session.COMMAND_NOT_FOUND;
        }
        if (command.equals(List.of("em-config", "CACHE"))) {
            // The host directory behind Emscripten's cache: a host build installs into its sysroot
            // what later compiles see. CMake asks on every configure: answered without Python.
            Path layer = toolchain.persistentLayer(EmsdkLayout.CACHE, caches);
            if (layer != null) {
                Files.createDirectories(layer);
                out.println(layer);
                return 0;
            }
        }
        Path cwd = call.cwd();
        var session = toolchain.newSession();
        // emcc's own switches (EMCC_DEBUG, EMCC_CFLAGS, ...) reach it as under emsdk; the rest of the
        // host environment (PATH, HOME, EM_CONFIG ...) names host paths the tools cannot see.
        call.env().forEach((name, value) -> {
            if (name.startsWith("EMCC_")) {
                session.env(name, value);
            }
        });
        session.caches("off".equals(call.env().get("JEMCEPTION_RESULT_CACHE")) ? caches.withResultCache(null) : caches);
        WasmEngine engine;
        try {
            engine = WasmEngine.configured(call.env());
            Engines.resolve(engine);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("jemception: " + e.getMessage());
            return 2;
        }
        session.wasmEngine(engine);
        if (verbose) {
            err.println("jemception: wasm engine: " + Engines.describe(engine));
        }
        for (Path dir : HostMounts.forCommand(cwd, command.get(0), command.subList(1, command.size()),
                call.env().get(HostBuild.ROOTS_VARIABLE), toolchain)) {
            if (verbose) {
                err.println("jemception: mounting " + dir);
            }
            session.mountHost(dir);
        }
        // JEMCEPTION_TIMES=1: where the time went, by program (each without its children)
        var times = call.env().containsKey("JEMCEPTION_TIMES") ? new ProgramTimes(command.get(0)) : null;
        if (times != null) {
            session.listener(times);
        }
        try (Session s = session.cwd(cwd).build()) {
            int code = s.run(command, call.in(), out, err, call.cancellation());
            if (times != null) {
                err.println("jemception: times: " + times);
            }
            caches.resultCache().takeWarning().ifPresent(err::println);
            return code;
        }
    }

    /**
     * The caches of this command: in {@code JEMCEPTION_CACHE} (else ~/.cache/jemception), with the
     * remote result cache {@code JEMCEPTION_REMOTE_CACHE} names, if any.
     */
    private Caches caches() {
        Map<String, String> env = call.env();
        if (remoteCacheReadOnly) {
            env = new java.util.HashMap<>(env);
            env.put(RemoteCache.READ_ONLY_VARIABLE, "1");
        }
        Caches local = Caches.in(Caches.directoryFor(env));
        return RemoteCache.fromEnvironment(env).map(local::withRemote).orElse(local);
    }

    /** The version of jemception and of what it runs. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var v = Versions.current();
            return new String[] {"jemception " + v.jemception(), "Emscripten: " + v.emscripten(), "LLVM: " + v.llvm(),
                "binaryen: " + v.binaryen(), "wasm engine: " + v.engine()};
        }
    }
}
