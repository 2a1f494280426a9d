package dev.jemception.serve;

import java.time.Duration;

/**
 * How {@link CompileServer} listens and what it allows a request.
 *
 * @param bind the address to listen on (loopback unless chosen otherwise)
 * @param port the port, 0 for any free one
 * @param maxConcurrent requests run at once
 * @param queue requests waiting for a slot before more get 429
 * @param timeLimit how long a compile or a run may take, and a request may wait in the queue
 * @param maxRequestBytes the largest request body
 * @param maxOutputBytes the most stdout, and stderr, a response carries; the rest is cut and flagged
 * @param maxFiles the most files one compile request may carry
 * @param resultCache whether compiles replay recorded results for the same inputs
 */
public record ServeOptions(String bind, int port, int maxConcurrent, int queue, Duration timeLimit,
        long maxRequestBytes, int maxOutputBytes, int maxFiles, boolean resultCache) {

    public ServeOptions {
        if (maxConcurrent < 1 || queue < 0 || maxRequestBytes < 1 || maxOutputBytes < 1 || maxFiles < 1
                || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the limits must be positive (the queue may be 0)");
        }
    }

    /** The defaults of {@code jemception serve}, on {@code port}. */
    public static ServeOptions defaults(int port) {
        return new ServeOptions("127.0.0.1", port, Runtime.getRuntime().availableProcessors(), 16,
                Duration.ofSeconds(60), 4L << 20, 1 << 20, 64, true);
    }

    public ServeOptions withPort(int port) {
        return new ServeOptions(bind, port, maxConcurrent, queue, timeLimit, maxRequestBytes, maxOutputBytes, maxFiles, resultCache);
    }

    public ServeOptions withLimits(int maxConcurrent, int queue, Duration timeLimit) {
        return new ServeOptions(bind, port, maxConcurrent, queue, timeLimit, maxRequestBytes, maxOutputBytes, maxFiles, resultCache);
    }

    public ServeOptions withSizes(long maxRequestBytes, int maxOutputBytes, int maxFiles) {
        return new ServeOptions(bind, port, maxConcurrent, queue, timeLimit, maxRequestBytes, maxOutputBytes, maxFiles, resultCache);
    }

    public ServeOptions withResultCache(boolean on) {
        return new ServeOptions(bind, port, maxConcurrent, queue, timeLimit, maxRequestBytes, maxOutputBytes, maxFiles, on);
    }
}
