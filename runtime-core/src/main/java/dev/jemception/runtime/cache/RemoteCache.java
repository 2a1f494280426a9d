package dev.jemception.runtime.cache;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a shared result cache lives: a server speaking the HTTP protocol of Bazel's remote cache
 * ({@code GET} and {@code PUT} on {@code BASE/ac/<sha256>} and {@code BASE/cas/<sha256>}),
 * as bazel-remote, nginx with WebDAV, BuildBuddy and ccache's http storage serve it. The base may
 * end with an instance name ({@code http://cache:8080/team-a}).
 *
 * @param base the server and optional prefix, without a trailing '/'
 * @param authorization the {@code Authorization} header's value, or null
 * @param readOnly download only, never upload (developers' machines)
 */
public record RemoteCache(URI base, String authorization, boolean readOnly) {
    /** The cache's URL: {@code http://host:port[/prefix]}. */
    public static final String URL_VARIABLE = "JEMCEPTION_REMOTE_CACHE";
    /** The {@code Authorization} header's value ({@code Bearer ...}, {@code Basic ...}). */
    public static final String AUTH_VARIABLE = "JEMCEPTION_REMOTE_CACHE_AUTH";
    /** A file holding the {@code Authorization} header's value (first line). */
    public static final String AUTH_FILE_VARIABLE = "JEMCEPTION_REMOTE_CACHE_AUTH_FILE";
    /** {@code 1} or {@code true}: download only. */
    public static final String READ_ONLY_VARIABLE = "JEMCEPTION_REMOTE_CACHE_READ_ONLY";

    public RemoteCache {
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
            throw new IllegalArgumentException("a remote cache is an http:// or https:// URL, not '" + base + "'");
        }
        String text = base.toString();
        if (text.endsWith("/")) {
            base = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** A cache at {@code url}, read and written, without authorization. */
    public static RemoteCache of(String url) {
        try {
            return new RemoteCache(new URI(url), null, false);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a remote cache is an http:// or https:// URL, not '" + url + "'");
        }
    }

    public RemoteCache withAuthorization(String headerValue) {
        return new RemoteCache(base, headerValue, readOnly);
    }

    public RemoteCache withReadOnly(boolean only) {
        return new RemoteCache(base, authorization, only);
    }

    /**
     * The remote cache {@code env} configures ({@value #URL_VARIABLE} and the others above), if any.
     * The header never comes from the command line, where other users could read it.
     *
     * @throws IllegalArgumentException a bad URL or an unreadable header file, said in one line
     */
    public static Optional<RemoteCache> fromEnvironment(Map<String, String> env) {
        String url = env.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        RemoteCache cache = of(url.strip());
        String auth = env.get(AUTH_VARIABLE);
        String file = env.get(AUTH_FILE_VARIABLE);
        if ((auth == null || auth.isBlank()) && file != null && !file.isBlank()) {
            try {
                auth = Files.readAllLines(Path.of(file)).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new IllegalArgumentException(AUTH_FILE_VARIABLE + ": cannot read " + file + " (" + e.getMessage() + ")");
            }
        }
        if (auth != null && !auth.isBlank()) {
            cache = cache.withAuthorization(auth.strip());
        }
        String ro = env.getOrDefault(READ_ONLY_VARIABLE, "");
        return Optional.of(cache.withReadOnly(ro.equals("1") || ro.equalsIgnoreCase("true")));
    }

    /** The URL without credentials, for messages. */
    @Override
    public String toString() {
        return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
                + (base.getRawPath() == null ? "" : base.getRawPath()) + (readOnly ? " (read-only)" : "");
    }
}
