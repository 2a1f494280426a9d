package dev.jemception.serve;

import dev.jemception.api.Jemception;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.serve.internal.ApiHandler;
import java.io.PrintStream;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * jemception as a service: the HTTP API and the playground page on Jetty's core server (no servlet
 * layer: the API is five routes), each request run in a {@link dev.jemception.runtime.Session} of
 * its own by the one {@link Jemception} of the server.
 */
public final class CompileServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private CompileServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts listening; requests run with {@code jemception}'s toolchain and {@code caches}. Each
     * request is logged to {@code log} in one line.
     */
    public static CompileServer start(ServeOptions options, Jemception jemception, Caches caches, PrintStream log) throws Exception {
        // Jetty's threads: one per running or waiting request (the work blocks), and some for I/O and refusals
        var threads = new QueuedThreadPool(options.maxConcurrent() + options.queue() + 24, 8);
        threads.setName("jemception-serve");
        var server = new Server(threads);
        var connector = new ServerConnector(server);
        connector.setHost(options.bind());
        connector.setPort(options.port());
        server.addConnector(connector);
        var gzip = new GzipHandler(new ApiHandler(jemception, caches, options, log));
        server.setHandler(gzip);
        server.setStopTimeout(5_000);
        server.start();
        return new CompileServer(server, connector);
    }

    /**
     * Starts listening as {@code jemception serve} does: the toolchain on the class path (its
     * programs' code loaded in the background meanwhile) and the user's caches
     * ({@code JEMCEPTION_CACHE}).
     */
    public static CompileServer start(ServeOptions options, PrintStream log) throws Exception {
        Toolchain.warmUpInBackground(WasmEngine.configured());
        Caches caches = Caches.in(Caches.directoryFor(System.getenv()));
        var jemception = Jemception.builder().caches(caches).build();
        return start(options, jemception, caches, log);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        String host = connector.getHost() == null || connector.getHost().contains(":") ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
