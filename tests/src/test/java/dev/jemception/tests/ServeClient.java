package dev.jemception.tests;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.jemception.api.Jemception;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.serve.CompileServer;
import dev.jemception.serve.ServeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** A real {@code jemception serve} server on a free loopback port, and a client of its HTTP API. */
final class ServeClient implements AutoCloseable {
    static final Jemception JEMCEPTION = Jemception.create();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final CompileServer server;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    record Reply(int status, Map<String, Object> json, HttpResponse<String> raw) {
        @SuppressWarnings("unchecked")
        <T> T get(String key) {
            return (T) json.get(key);
        }

        byte[] output(String name) {
            return Base64.getDecoder().decode((String) this.<Map<String, Object>>get("outputs").get(name));
        }
    }

    ServeClient(ServeOptions options) throws Exception {
        server = CompileServer.start(options.withPort(0), JEMCEPTION, Caches.in(Caches.directoryFor(System.getenv())),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    Reply post(String path, Object body) throws IOException, InterruptedException {
        return postRaw(path, JSON.std.asString(body));
    }

    /**
     * POSTs {@code body} as a careful client does: headers first, the body after the server's 100
     * Continue. The server refuses an oversized body from its Content-Length alone and closes the
     * connection; a client still sending it would meet a broken pipe instead of the 413.
     */
    Reply postRaw(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").expectContinue(true).build());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        return new Reply(r.statusCode(), json ? JSON.std.mapFrom(r.body()) : Map.of(), r);
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
