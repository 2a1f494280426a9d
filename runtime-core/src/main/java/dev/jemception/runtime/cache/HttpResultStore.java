package dev.jemception.runtime.cache;

import dev.jemception.runtime.Hashing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ResultStore} on a Bazel HTTP remote cache ({@link RemoteCache}): action entries at
 * {@code /ac/<key>}, blobs at {@code /cas/<sha256>}. Downloads are checked against their digest (a
 * corrupt or truncated blob is a miss, and is uploaded again by the run that replaces it). Uploads
 * go to one background thread, blobs before the entry that names them, so nobody waits for them
 * and no entry is seen before its blobs. A server
 * that is slow, down or refusing (timeout, 5xx, 401/403) is left alone for a minute and said so
 * once ({@link #takeWarning}); the cache then works from its local store only. Thread-safe.
 */
final class HttpResultStore implements ResultStore {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final long BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int MAX_QUEUED_UPLOADS = 4096;

    private final RemoteCache remote;
    private final HttpClient http;
    private final ThreadPoolExecutor uploads;
    private volatile long unavailableUntil = System.nanoTime(); // until then, the server is left alone
    private final AtomicReference<String> warning = new AtomicReference<>();
    final AtomicLong hits = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong corrupt = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong uploaded = new AtomicLong();

    HttpResultStore(RemoteCache remote) {
        this.remote = remote;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.uploads = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_UPLOADS),
                r -> Thread.ofPlatform().daemon().name("jemception remote cache upload").unstarted(r),
                new ThreadPoolExecutor.DiscardPolicy()); // a full queue drops uploads: the cache may lose values
        uploads.allowCoreThreadTimeOut(true);
    }

    RemoteCache remote() {
        return remote;
    }

    @Override
    public Optional<byte[]> getAction(String key) {
        return get("ac/" + key).map(bytes -> {
            hits.incrementAndGet();
            return bytes;
        });
    }

    @Override
    public Optional<byte[]> getBlob(String sha256) {
        Optional<byte[]> blob = get("cas/" + sha256);
        if (blob.isPresent() && !Hashing.sha256Hex(blob.get()).equals(sha256)) {
            corrupt.incrementAndGet(); // damaged on the server or on the way: a miss, never a wrong file
            return Optional.empty();
        }
        return blob;
    }

    @Override
    public void putAction(String key, byte[] entry) {
        upload("ac/" + key, entry);
    }

    @Override
    public void putBlob(String sha256, byte[] content) {
        upload("cas/" + sha256, content);
    }

    /** Waits until the uploads queued so far are done (tests, and a one-shot JVM before it exits). */
    void awaitUploads(Duration limit) throws InterruptedException {
        var done = new java.util.concurrent.CountDownLatch(1);
        uploads.execute(done::countDown);
        done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The warning about the server not yet given to a user, taken (each problem is said once). */
    Optional<String> takeWarning() {
        return Optional.ofNullable(warning.getAndSet(null));
    }

    private Optional<byte[]> get(String path) {
        if (unavailable()) {
            return Optional.empty();
        }
        try {
            HttpResponse<byte[]> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status == 200) {
                bytesDown.addAndGet(response.body().length);
                return Optional.of(response.body());
            }
            if (status == 404) {
                misses.incrementAndGet();
                return Optional.empty();
            }
            fail("GET", path, status);
        } catch (IOException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /**
     * Uploads in the background. Blobs are sent even when the server has them (no HEAD first): a
     * blob found corrupt is thus replaced by the run that could not use it.
     */
    private void upload(String path, byte[] content) {
        if (remote.readOnly()) {
            return;
        }
        uploads.execute(() -> {
            if (unavailable()) {
                return;
            }
            try {
                var put = http.send(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                        HttpResponse.BodyHandlers.discarding());
                int status = put.statusCode();
                if (status / 100 == 2) {
                    bytesUp.addAndGet(content.length);
                    uploaded.incrementAndGet();
                } else {
                    fail("PUT", path, status);
                }
            } catch (IOException e) {
                fail(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(remote.base() + "/" + path)).timeout(REQUEST_TIMEOUT);
        if (remote.authorization() != null) {
            builder.header("Authorization", remote.authorization());
        }
        return builder;
    }

    private boolean unavailable() {
        return System.nanoTime() - unavailableUntil < 0;
    }

    private void fail(String method, String path, int status) {
        fail(method + " /" + path.substring(0, path.indexOf('/')) + "/... answered HTTP " + status);
    }

    private void fail(IOException e) {
        fail(e instanceof HttpTimeoutException ? "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** The server failed us: leave it alone for a while, and say so once. */
    private void fail(String why) {
        errors.incrementAndGet();
        boolean wasAvailable = !unavailable();
        unavailableUntil = System.nanoTime() + BACKOFF_NANOS;
        if (wasAvailable) {
            warning.set("jemception: warning: remote cache " + remote + " unavailable (" + why
                    + "); using the local cache only for a minute");
        }
    }
}
