package dev.jemception.cli;

import dev.jemception.api.Commands;
import dev.jemception.bench.Bench;
import dev.jemception.client.HostBuild;
import dev.jemception.runtime.Cancellation;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.runtime.cache.ResultCache;
import dev.jemception.serve.ServeCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code jemception [--verbose] <tool> [args...]} in a JVM of its own (the launcher's
 * {@code --no-daemon}): the command line runs through {@link Commands}, as in the daemon; and the
 * command's own {@code bench} (a fresh JVM is what it measures), {@code serve} (a server of its
 * own) and {@code emcmake}/{@code emmake} (the host's build tools, on the terminal).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        List<String> argv = List.of(args);
        if (HostBuild.runsOnHost(argv, Path.of("").toAbsolutePath(), System.getenv())) { // the host's make, here on the terminal
            System.exit(HostBuild.run(argv, Path.of("").toAbsolutePath(), System.getenv(), System.err));
        }
        if (!argv.isEmpty() && argv.get(0).equals("bench")) {
            System.exit(Bench.run(argv.subList(1, argv.size()), System.out, System.err));
        }
        if (!argv.isEmpty() && argv.get(0).equals("serve")) { // a long-lived server: in a JVM of its own, never the daemon's
            System.exit(ServeCommand.run(argv.subList(1, argv.size()), System.out, System.err));
        }
        String tool = argv.stream().filter(arg -> !arg.startsWith("-")).findFirst().orElse("");
        if (tool.startsWith("em")) { // emcc, em++, emar ... run Python for seconds before their first clang: its code loads meanwhile
            Toolchain.warmUpInBackground(WasmEngine.configured());
        }
        var cancellation = new Cancellation();
        var finished = new CountDownLatch(1);
        // Ctrl-C: stop the command and let it roll back what it wrote, then exit (130).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cancellation.cancel();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }));
        int code = Commands.run(argv, Commands.Invocation.ofThisProcess(System.in, System.out, System.err, cancellation));
        ResultCache.awaitAllUploads(Duration.ofSeconds(30)); // a JVM of its own: its uploads would die with it
        finished.countDown();
        System.out.flush();
        System.exit(code);
    }
}
