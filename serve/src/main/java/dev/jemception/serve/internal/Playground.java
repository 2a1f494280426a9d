package dev.jemception.serve.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The playground's files, from the jar: {@code /} is the page, with the import map of the
 * editor's ES modules (written by the build beside them, {@code web/vendor/importmap.json})
 * put in it; {@code /static/...} the page's scripts, style and the editor's modules.
 */
final class Playground {
    private static final String ROOT = "/dev/jemception/serve/web/";
    private static final Pattern STATIC = Pattern.compile("/static/([A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml");
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    ApiHandler.Reply get(String path) {
        if (path.equals("/") || path.equals("/index.html")) {
            return new ApiHandler.Reply(200, TYPES.get("html"), page());
        }
        if (!STATIC.matcher(path).matches() || path.contains("..")) {
            return new ApiHandler.Reply(404, Map.of("error", "no such page: " + path));
        }
        String name = path.substring("/static/".length());
        byte[] bytes = files.computeIfAbsent(name, Playground::read);
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (bytes.length == 0 || type == null) {
            return new ApiHandler.Reply(404, Map.of("error", "no such file: " + path));
        }
        // the editor's modules change only with the build; the page's own files may change with each
        return new ApiHandler.Reply(200, type, bytes,
                name.startsWith("vendor/") ? Map.of(HttpHeader.CACHE_CONTROL, "public, max-age=86400") : Map.of());
    }

    private byte[] page() {
        return files.computeIfAbsent("index.html", name -> {
            String html = new String(read(name), StandardCharsets.UTF_8);
            String importMap = new String(read("vendor/importmap.json"), StandardCharsets.UTF_8);
            return html.replace("<!-- importmap -->", "<script type=\"importmap\">" + importMap + "</script>")
                    .getBytes(StandardCharsets.UTF_8);
        });
    }

    /** A file of the page, or no bytes when there is none. */
    private static byte[] read(String name) {
        try (InputStream in = Playground.class.getResourceAsStream(ROOT + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
