package dev.jemception.daemon;

import dev.jemception.api.Commands;
import dev.jemception.engine.Engines;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.client.Protocol;
import dev.jemception.runtime.Cancellation;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jemception daemon: one per user and build, listening on a Unix domain socket in a directory
 * only the user can open. Each connection is one command, run exactly as {@code jemception
 * --no-daemon} runs it ({@link Commands}, a session of its own, the client's cwd and EMCC_* variables),
 * on its own thread; stdout and stderr go back as they are written. A client that cancels or goes
 * away cancels its command. Exits after {@code JEMCEPTION_DAEMON_IDLE} (default 3h) without work.
 */
public final class Daemon {
    private final Path socket;
    private final Duration idleLimit;
    private final Instant started = Instant.now();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean stopping;
    private ServerSocketChannel server;

    Daemon(Path socket, Duration idleLimit) {
        this.socket = socket;
        this.idleLimit = idleLimit;
    }

    /** {@code Daemon SOCKET_PATH}. */
    public static void main(String[] args) throws Exception {
        String idle = System.getenv().getOrDefault("JEMCEPTION_DAEMON_IDLE", "3h");
        new Daemon(Path.of(args[0]), Duration.parse("PT" + idle.toUpperCase())).serve();
    }

    void serve() throws IOException {
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("daemon.pid"), ProcessHandle.current().pid() + "\n");
        log("listening on " + socket + " (pid " + ProcessHandle.current().pid() + ", idle limit " + idleLimit + ")");
        Thread.ofPlatform().daemon().name("jemception idle watch").start(this::watchIdle);
        // the compiled LLVM loads beside the first command's own start-up (GraalPy), not after it
        Toolchain.warmUpInBackground(WasmEngine.configured());
        while (!stopping) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (stopping) {
                    break;
                }
                throw e;
            }
            Thread.ofPlatform().name("jemception client").start(() -> handle(client));
        }
        log("stopped");
        System.exit(0);
    }

    private void watchIdle() {
        while (!stopping) {
            try {
                Thread.sleep(Math.min(60_000, Math.max(1_000, idleLimit.toMillis() / 4)));
            } catch (InterruptedException e) {
                return;
            }
            if (running.get() == 0 && System.nanoTime() - lastActivity > idleLimit.toNanos()) {
                log("idle for " + idleLimit + ": exiting");
                stop();
            }
        }
    }

    private void stop() {
        stopping = true;
        try {
            Files.deleteIfExists(socket);
            server.close();
        } catch (IOException ignored) {
            // exiting anyway
        }
    }

    private void handle(SocketChannel channel) {
        running.incrementAndGet();
        lastActivity = System.nanoTime();
        long start = System.nanoTime();
        try (channel) {
            var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            var out = new DataOutputStream(Channels.newOutputStream(channel));
            Protocol.Request request = Protocol.readRequest(in);
            var cancellation = new Cancellation();
            var stdin = new ClientInput(out);
            Thread reader = Thread.ofPlatform().daemon().name("jemception client reader").start(() -> {
                try {
                    while (true) {
                        byte type = in.readByte();
                        if (type == Protocol.CANCEL) {
                            cancellation.cancel();
                        } else if (type == Protocol.STDIN) {
                            stdin.offer(Protocol.readData(in));
                        }
                    }
                } catch (IOException e) {
                    stdin.offer(new byte[0]);
                    cancellation.cancel(); // the client went away (killed, or exited): stop its command
                }
            });
            int code = run(request, stdin, new PrintStream(new Frames(out, Protocol.STDOUT), true, StandardCharsets.UTF_8),
                    new PrintStream(new Frames(out, Protocol.STDERR), true, StandardCharsets.UTF_8), cancellation);
            synchronized (out) {
                out.writeByte(Protocol.EXIT);
                out.writeInt(code);
                out.flush();
            }
            log(String.format("%s -> %d in %.1f s", String.join(" ", request.argv()), code, (System.nanoTime() - start) / 1e9));
            reader.interrupt();
        } catch (IOException e) {
            log("client connection failed: " + e.getMessage());
        } finally {
            served.incrementAndGet();
            lastActivity = System.nanoTime();
            running.decrementAndGet();
        }
    }

    private int run(Protocol.Request request, InputStream stdin, PrintStream out, PrintStream err, Cancellation cancellation) {
        List<String> argv = request.argv();
        if (argv.equals(List.of("--daemon-status"))) {
            out.printf("jemception daemon: pid %d, running since %s, %d commands served, %d running%n",
                    ProcessHandle.current().pid(), started, served.get(), running.get() - 1);
            out.printf("  socket %s, idle limit %s, heap %d MB used of %d MB%n", socket, idleLimit,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            out.printf("  runs %s%n", Daemon.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            out.printf("  wasm engine: %s%n", Engines.describe(WasmEngine.configured(request.env())));
            return 0;
        }
        if (argv.equals(List.of("--stop-daemon"))) {
            out.println("jemception: daemon " + ProcessHandle.current().pid() + " stopping");
            log("asked to stop");
            stop();
            return 0;
        }
        return Commands.run(argv, new Commands.Invocation(stdin, out, err, Path.of(request.cwd()), request.env(), cancellation));
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }

    /** An output stream whose every write becomes one frame to the client, at once. */
    private static final class Frames extends OutputStream {
        private final DataOutputStream out;
        private final byte type;

        Frames(DataOutputStream out, byte type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            synchronized (out) {
                Protocol.writeData(out, type, b, off, len);
            }
        }
    }
}
