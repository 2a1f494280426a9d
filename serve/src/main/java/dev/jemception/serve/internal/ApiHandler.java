package dev.jemception.serve.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.jemception.api.Jemception;
import dev.jemception.api.Versions;
import dev.jemception.runtime.cache.Caches;
import dev.jemception.serve.ServeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP API ({@code /api/compile}, {@code /api/run}, {@code /api/health}, {@code /api/version},
 * {@code /metrics}) and the playground's files; one log line per request.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Set<String> ROUTES = Set.of("/api/compile", "/api/run", "/api/health", "/api/version", "/metrics");

    private final ServeOptions options;
    private final Requests requests;
    private final Admission admission;
    private final ServeMetrics metrics;
    private final Playground playground = new Playground();
    private final PrintStream log;
    private final AtomicLong ids = new AtomicLong();

    public ApiHandler(Jemception jemception, Caches caches, ServeOptions options, PrintStream log) {
        this.options = options;
        this.requests = new Requests(jemception, caches, options);
        this.admission = new Admission(options.maxConcurrent(), options.queue(), options.timeLimit());
        this.metrics = new ServeMetrics(admission);
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long id = ids.incrementAndGet();
        long start = System.nanoTime();
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        // a metric's tag: the known routes by name, anything else in two bins (no tag per path a client makes up)
        String endpoint = ROUTES.contains(path) ? path : path.startsWith("/api/") ? "other" : "static";
        Reply reply;
        try {
            reply = switch (endpoint) {
                case "/api/compile" -> work(request, "POST", true);
                case "/api/run" -> work(request, "POST", false);
                case "/api/health" -> json(200, health(), method);
                case "/api/version" -> json(200, version(), method);
                case "/metrics" -> new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
                default -> endpoint.equals("static") ? playground.get(path) : error(404, "no such endpoint: " + path
                        + " (the API: POST /api/compile, POST /api/run, GET /api/health, GET /api/version, GET /metrics)");
            };
        } catch (IOException | RuntimeException e) {
            reply = error(500, "jemception serve: " + e);
        }
        metrics.request(endpoint, reply.status);
        // logged before the answer leaves: a client that got it finds its line
        Object cached = reply.body instanceof Map<?, ?> m ? m.get("cached") : null;
        log.printf("jemception serve: #%d %s %s %d %d ms%s%n", id, method, path, reply.status,
                (System.nanoTime() - start) / 1_000_000, cached == null ? "" : " cached=" + cached);
        response.setStatus(reply.status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.type);
        reply.headers.forEach(response.getHeaders()::put);
        try {
            response.write(true, ByteBuffer.wrap(reply.bytes()), callback);
        } catch (IOException e) {
            callback.failed(e);
        }
        return true;
    }

    /** A compile or a run: POST, a JSON object within the size limit, a slot, then the work. */
    private Reply work(Request request, String method, boolean compile) throws IOException {
        if (!request.getMethod().equals(method)) {
            return error(405, request.getHttpURI().getPath() + " takes " + method);
        }
        try {
            Map<String, Object> body = body(request);
            try (var slot = admission.enter()) {
                Map<String, Object> result = compile ? requests.compile(body, metrics) : requests.run(body, metrics);
                return new Reply(Boolean.TRUE.equals(result.get("timedOut")) ? 408 : 200, result);
            }
        } catch (BadRequest e) {
            // the same figure in the header as in the message
            return e.retryAfterSeconds > 0
                    ? new Reply(e.status, JSON_TYPE, Map.of("error", e.getMessage()), Map.of(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds)))
                    : error(e.status, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "the server is stopping");
        }
    }

    private Map<String, Object> body(Request request) throws BadRequest, IOException {
        long length = request.getLength();
        if (length > options.maxRequestBytes()) {
            throw new BadRequest(413, "the request body is " + length + " bytes; this server takes at most " + options.maxRequestBytes());
        }
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxRequestBytes() + 1));
        }
        if (bytes.length > options.maxRequestBytes()) {
            throw new BadRequest(413, "the request body is over " + options.maxRequestBytes() + " bytes, the most this server takes");
        }
        try {
            Object parsed = JSON.std.anyFrom(bytes);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                return object;
            }
            throw new BadRequest("the request body must be a JSON object");
        } catch (JsonProcessingException e) {
            throw new BadRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private Map<String, Object> health() {
        var json = new LinkedHashMap<String, Object>();
        json.put("status", "ok");
        json.put("running", admission.running());
        json.put("queued", admission.waiting());
        return json;
    }

    private static Map<String, Object> version() {
        var v = Versions.current();
        var json = new LinkedHashMap<String, Object>();
        json.put("jemception", v.jemception());
        json.put("emscripten", v.emscripten());
        json.put("llvm", v.llvm());
        json.put("binaryen", v.binaryen());
        json.put("engine", v.engine());
        return json;
    }

    private static Reply json(int status, Map<String, Object> body, String method) {
        return method.equals("GET") || method.equals("HEAD") ? new Reply(status, body) : error(405, "this endpoint takes GET");
    }

    private static Reply error(int status, String message) {
        return new Reply(status, Map.of("error", message));
    }

    /** A response: a status, a content type, a body (a JSON value or bytes) and headers of its own. */
    record Reply(int status, String type, Object body, Map<HttpHeader, String> headers) {
        Reply(int status, Object json) {
            this(status, JSON_TYPE, json, Map.of());
        }

        Reply(int status, String type, byte[] bytes) {
            this(status, type, bytes, Map.of());
        }

        byte[] bytes() throws IOException {
            return body instanceof byte[] b ? b : JSON.std.asBytes(body);
        }
    }
}
